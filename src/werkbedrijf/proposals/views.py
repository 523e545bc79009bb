from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import ProposalCreateForm, ProposalFilterForm, ReportPeriodForm, TransitionForm, step_label
from .permissions import (
    ProposalScope,
    allowed_steps,
    may_propose_at_all,
    may_read_report,
    may_take_side,
    proposal_rule,
)
from .states import ProposalState, Side

LIST_CONTEXT = "Voordrachten bekeken (interface)"
DETAIL_CONTEXT = "Voordracht bekeken (interface)"
CREATE_CONTEXT = "Kandidaat voordragen voor een vacature (interface)"


def _error_dict(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {None: error.messages}


@login_required
def proposal_list_view(request):
    region = request.region
    rule = proposal_rule(request.user, region)
    if rule.scope == ProposalScope.REPORT:
        return redirect("proposals:report")
    if rule.scope < ProposalScope.REGION:
        raise PermissionDenied
    form = ProposalFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.ProposalFilters()
    result = selectors.proposal_list(
        user=request.user,
        region=region,
        filters=filters,
        page_number=request.GET.get("pagina"),
        request=request,
        context=LIST_CONTEXT,
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    vacancy = (
        selectors.vacancy_for_proposal(region=region, vacancy_uuid=filters.vacancy_uuid)
        if filters.vacancy_uuid
        else None
    )
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "form": form,
            "page": result.page,
            "rows": result.rows,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "pagina"),
            "filter_vacancy": vacancy,
            "filter_candidate": filters.candidate_uuid,
            "may_read_report": may_read_report(request.user, region),
        },
    )


def _detail(request, proposal, *, bound: TransitionForm | None = None, status: int = 200):
    detail = selectors.proposal_detail(
        user=request.user, region=request.region, proposal=proposal, request=request, context=DETAIL_CONTEXT
    )
    step_forms = [
        (step_label(step), bound if bound is not None and bound.step == step else TransitionForm(step=step))
        for step in detail.steps
    ]
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "detail": detail,
            "proposal": detail.proposal,
            "step_forms": step_forms,
            "has_errors": bound is not None and bool(bound.errors),
        },
        status=status,
    )


@login_required
def proposal_detail_view(request, proposal_uuid):
    proposal = selectors.proposal_get(user=request.user, region=request.region, proposal_uuid=proposal_uuid)
    return _detail(request, proposal)


@login_required
@require_POST
def proposal_transition_view(request, proposal_uuid):
    region = request.region
    proposal = selectors.proposal_get(user=request.user, region=region, proposal_uuid=proposal_uuid)
    if not any(may_take_side(request.user, region, side, proposal.candidate) for side in Side.values):
        raise PermissionDenied
    key = request.POST.get("step", "")
    step = next((s for s in allowed_steps(request.user, region, proposal) if s.key == key), None)
    if step is None:
        messages.error(
            request,
            _(
                "This step is not possible for the proposal as it is now “%(state)s”; it may have been "
                "changed in the meantime."
            )
            % {"state": proposal.get_state_display()},
        )
        return redirect("proposals:detail", proposal_uuid=proposal.uuid)
    form = TransitionForm(request.POST, step=step)
    if form.is_valid():
        try:
            proposal = services.proposal_transition(
                user=request.user,
                region=region,
                proposal=proposal,
                request=request,
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_service_errors(_error_dict(error))
        else:
            messages.success(
                request,
                _("The proposal is now “%(state)s”.") % {"state": ProposalState(proposal.state).label},
            )
            return redirect("proposals:detail", proposal_uuid=proposal.uuid)
    return _detail(request, proposal, bound=form, status=400)


@login_required
@require_POST
def proposal_create_view(request):
    """The "Propose" button of a match list. A double booking brings back a confirmation page that lists the
    candidate's processes in the way and asks why to propose anyway; anything wrong keeps the input."""
    region = request.region
    if not may_propose_at_all(request.user, region):
        raise PermissionDenied
    asked = request.POST.get("confirm") == "1"
    form = ProposalCreateForm(request.POST, ask_override=asked)
    candidate = vacancy = None
    double_booking = None
    if form.is_valid():
        data = form.cleaned_data
        candidate = selectors.candidate_for_proposal(region=region, candidate_uuid=data["candidate"])
        vacancy = selectors.vacancy_for_proposal(region=region, vacancy_uuid=data["vacancy"])
        try:
            proposal = services.proposal_create(
                user=request.user,
                region=region,
                candidate=candidate,
                vacancy=vacancy,
                note=data["note"],
                override_reason=data["override_reason"] if asked else "",
                points=data["points"],
                tier=data["tier"],
                weights_version=data["weights_version"],
                request=request,
            )
        except services.DoubleBooking as error:
            double_booking = error
            if asked:  # the confirmation page came back without a reason
                form.add_error("override_reason", _("Give the reason to propose anyway."))
            else:
                form = ProposalCreateForm(initial=data, ask_override=True)
        except ValidationError as error:
            form.add_service_errors(_error_dict(error))
        else:
            messages.success(request, _("The candidate has been proposed."))
            return redirect("proposals:detail", proposal_uuid=proposal.uuid)
    else:
        data = form.cleaned_data
        if data.get("candidate"):
            candidate = selectors.candidate_for_proposal(region=region, candidate_uuid=data["candidate"])
        if data.get("vacancy"):
            vacancy = selectors.vacancy_for_proposal(region=region, vacancy_uuid=data["vacancy"])
    person = (
        selectors.present_candidate(
            user=request.user, region=region, candidate=candidate, request=request, context=CREATE_CONTEXT
        )
        if candidate is not None
        else None
    )
    confirming = double_booking is not None and not form.errors
    return render(
        request,
        "proposals/proposal_create.html",
        {
            "form": form,
            "person": person,
            "vacancy": vacancy,
            "double_booking": double_booking,
            "confirming": confirming,
        },
        status=200 if confirming else 400,
    )


@login_required
def decline_report_view(request):
    region = request.region
    if not may_read_report(request.user, region):
        raise PermissionDenied
    form = ReportPeriodForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    report = selectors.decline_report(
        user=request.user, region=region, date_from=data.get("van"), date_to=data.get("tot")
    )
    return render(
        request,
        "proposals/decline_report.html",
        {
            "form": form,
            "report": report,
            "may_list": proposal_rule(request.user, region).scope >= ProposalScope.REGION,
        },
        status=200 if valid else 400,
    )
