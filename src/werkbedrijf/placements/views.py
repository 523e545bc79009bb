"""The placement pages: the region's list, registering one (from a proposal or for a candidate), a placement
with its aftercare, and the actions on it. Thin: rights come from permissions.py, reads from selectors.py,
every write from services.py, whose errors are put next to the fields with the input kept."""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.instruments.models import Grant
from werkbedrijf.instruments.selectors import employer_choices, employer_in_region
from werkbedrijf.proposals import selectors as proposal_selectors
from werkbedrijf.proposals.states import ProposalState
from werkbedrijf.vacancies.models import Vacancy

from . import rules, selectors, services
from .choices import ContractType
from .forms import (
    CheckpointForm,
    CoachingActivityForm,
    CoachingPlanForm,
    EndForm,
    HoursChangeForm,
    PlacementCreateForm,
    PlacementFilterForm,
)
from .models import Placement
from .permissions import PLACEMENT_RULES, may_read_placements, may_write, may_write_at_all, sees_in_full

LIST_CONTEXT = "Plaatsingen bekeken (interface)"
DETAIL_CONTEXT = "Plaatsing bekeken (interface)"
CREATE_CONTEXT = "Plaatsing registreren (interface)"
CHECKPOINT_CONTEXT = "Nazorgmoment vastleggen (interface)"
WRITE_ANY_ROLES = sorted(role for role, rule in PLACEMENT_RULES.items() if rule.write_any)
WRITE_OWN_ROLES = sorted(role for role, rule in PLACEMENT_RULES.items() if rule.write_own)


def _error_dict(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {None: error.messages}


def _require_read(request) -> None:
    if not may_read_placements(request.user, request.region):
        raise PermissionDenied


def _uuid(value) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except (TypeError, ValueError, AttributeError):
        return ""


@login_required
def placement_list_view(request):
    region = request.region
    _require_read(request)
    form = PlacementFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.PlacementFilters()
    result = selectors.placement_list(
        user=request.user,
        region=region,
        filters=filters,
        page_number=request.GET.get("pagina"),
        request=request,
        context=LIST_CONTEXT,
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "placements/placement_list.html",
        {
            "form": form,
            "page": result.page,
            "rows": result.rows,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("pagina", "status"))
            or filters.active_only,
            "filter_employer": (
                employer_in_region(region=region, employer_uuid=filters.employer_uuid)
                if filters.employer_uuid
                else None
            ),
            "filter_candidate": filters.candidate_uuid,
        },
    )


# --- registering -------------------------------------------------------------------------------------------


def _responsible_choices(region, candidate):
    """Who may do this candidate's aftercare: the account managers of the region and the staff of the
    candidate's own organisation with a role that writes placements."""
    return (
        get_user_model()
        .objects.filter(
            Q(is_active=True, role_assignments__region=region)
            & (
                Q(role_assignments__role__in=WRITE_ANY_ROLES)
                | Q(
                    role_assignments__role__in=WRITE_OWN_ROLES,
                    organisation_id=candidate.responsible_organisation_id,
                )
            )
        )
        .select_related("organisation")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def trial_help(candidate) -> str:
    """The legal maximum of a trial placement for this candidate's target group, for the form."""
    limit = rules.trial_limit(candidate.target_group)
    group = (
        TargetGroup(candidate.target_group).label
        if candidate.target_group in TargetGroup.values
        else candidate.target_group
    )
    values = {"group": group, "months": limit.initial_months, "max": limit.max_months, "basis": limit.basis}
    if limit.max_months > limit.initial_months:
        return (
            _(
                "Only for a trial placement. For this candidate (%(group)s) a trial placement lasts at most "
                "%(months)s months; with a reason it can be extended to at most %(max)s months in all "
                "(%(basis)s)."
            )
            % values
        )
    return (
        _(
            "Only for a trial placement. For this candidate (%(group)s) a trial placement lasts at most "
            "%(max)s months in all (%(basis)s); it cannot be extended beyond that."
        )
        % values
    )


def _create_form(request, *, candidate, action: str, data=None, initial=None) -> PlacementCreateForm:
    region = request.region
    chosen = (data or {}).get("employer") if data is not None else (initial or {}).get("employer")
    employer_uuid = _uuid(getattr(chosen, "uuid", chosen))
    vacancies = Vacancy.objects.none()
    grants = Grant.objects.none()
    if employer_uuid:
        vacancies = Vacancy.objects.filter(region=region, employer__uuid=employer_uuid).order_by(
            "title", "id"
        )
        grants = (
            Grant.objects.filter(region=region, candidate=candidate, employer__uuid=employer_uuid)
            .select_related("instrument_version")
            .order_by("-period_start", "-id")
        )
    form = PlacementCreateForm(
        data,
        initial=initial,
        employers=employer_choices(region=region, selected_uuid=employer_uuid or None),
        vacancies=vacancies,
        # Grants follow the candidate: only who sees the candidate in full sees them.
        grants=grants if sees_in_full(request.user, region, candidate) else None,
        responsibles=_responsible_choices(region, candidate),
        trial_help=trial_help(candidate),
    )
    # With JavaScript, choosing another employer reloads its vacancies and grants in place.
    form.fields["employer"].widget.attrs.update(
        {
            "hx-post": action,
            "hx-trigger": "change",
            "hx-vals": '{"verversen": "1"}',
            "hx-select": "#employer-choices",
            "hx-target": "#employer-choices",
            "hx-swap": "outerHTML",
        }
    )
    return form


def _refresh_initial(form: PlacementCreateForm, data) -> dict:
    """The posted values as the initial values of an unbound form (choices refreshed, no errors yet)."""
    return {
        name: data.getlist(name) if name == "grants" else data.get(name)
        for name in form.fields
        if name in data
    }


@login_required
@require_http_methods(["GET", "POST"])
def placement_create_view(request):
    """?voordracht=<uuid>: from a hired proposal (or one in a trial placement); ?kandidaat=<uuid>: direct."""
    region = request.region
    if not may_write_at_all(request.user, region):
        raise PermissionDenied
    proposal = None
    if request.GET.get("voordracht"):
        proposal = proposal_selectors.proposal_get(
            user=request.user, region=region, proposal_uuid=request.GET["voordracht"]
        )
        candidate = proposal.candidate
    elif request.GET.get("kandidaat"):
        candidate = proposal_selectors.candidate_for_proposal(
            region=region, candidate_uuid=request.GET["kandidaat"]
        )
        if candidate is None:
            raise Http404
    else:
        raise Http404
    if not may_write(request.user, region, candidate):
        raise PermissionDenied
    if proposal is not None:
        existing = services.proposal_placement(proposal)
        if existing is not None:
            messages.info(request, _("This proposal already has a placement."))
            return redirect("placements:detail", placement_uuid=existing.uuid)
        if proposal.state not in services.PLACEABLE_PROPOSALS:
            messages.error(
                request, _("Only a proposal that ended in a hire or a trial placement becomes a placement.")
            )
            return redirect("proposals:detail", proposal_uuid=proposal.uuid)

    query = f"voordracht={proposal.uuid}" if proposal is not None else f"kandidaat={candidate.uuid}"
    action = f"{reverse('placements:create')}?{query}"
    status = 200
    if request.method == "POST":
        form = _create_form(request, candidate=candidate, action=action, data=request.POST)
        if "verversen" in request.POST:
            form = _create_form(
                request, candidate=candidate, action=action, initial=_refresh_initial(form, request.POST)
            )
        elif form.is_valid():
            try:
                placement = services.placement_create(
                    user=request.user,
                    region=region,
                    candidate=candidate,
                    proposal=proposal,
                    request=request,
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_service_errors(_error_dict(error))
            else:
                messages.success(request, _("The placement has been registered, with its checkpoints."))
                return redirect("placements:detail", placement_uuid=placement.uuid)
            status = 400
        else:
            status = 400
    else:
        initial = {"responsible": request.user, "contract_type": ContractType.REGULAR}
        if proposal is not None:
            initial.update(
                employer=proposal.vacancy.employer,
                vacancy=proposal.vacancy,
                job_title=proposal.vacancy.title,
                hours_per_week=proposal.hours_per_week,
            )
            if proposal.state == ProposalState.TRIAL_PLACEMENT:
                initial["contract_type"] = ContractType.TRIAL
        form = _create_form(request, candidate=candidate, action=action, initial=initial)

    person = proposal_selectors.present_candidate(
        user=request.user, region=region, candidate=candidate, request=request, context=CREATE_CONTEXT
    )
    return render(
        request,
        "placements/placement_create.html",
        {
            "form": form,
            "person": person,
            "proposal": proposal,
            "action": action,
            "grants_hidden": "grants" not in form.fields,
        },
        status=status,
    )


# --- one placement -----------------------------------------------------------------------------------------


def _detail(request, placement, *, status: int = 200, **bound):
    region = request.region
    detail = selectors.placement_detail(
        user=request.user, region=region, placement=placement, request=request, context=DETAIL_CONTEXT
    )
    forms = {}
    if detail.may_write:
        if placement.is_active:
            forms["hours_form"] = HoursChangeForm()
            forms["end_form"] = EndForm()
        latest = detail.plans[0] if detail.plans else None
        if placement.is_active:
            forms["plan_form"] = CoachingPlanForm(
                initial={
                    "provider": getattr(latest, "provider", ""),
                    "coach_name": getattr(latest, "coach_name", ""),
                    "hours": getattr(latest, "hours", None),
                    "period": getattr(latest, "period", None),
                    "goals": getattr(latest, "goals", ""),
                    "valid_from": timezone.localdate() if latest else placement.start_date,
                }
            )
        if detail.plans:
            forms["activity_form"] = CoachingActivityForm()
        forms.update(bound)
    limit = (
        rules.trial_limit(placement.target_group) if placement.contract_type == ContractType.TRIAL else None
    )
    return render(
        request,
        "placements/placement_detail.html",
        {
            "detail": detail,
            "placement": placement,
            "trial_limit": limit,
            "reminders": list(
                selectors.open_reminders(user=request.user, region=region).filter(
                    checkpoint__placement=placement
                )
            ),
            "has_errors": any(form.errors for form in bound.values()),
            **forms,
        },
        status=status,
    )


def _placement(request, placement_uuid) -> Placement:
    _require_read(request)
    return selectors.placement_get(user=request.user, region=request.region, placement_uuid=placement_uuid)


@login_required
def placement_detail_view(request, placement_uuid):
    return _detail(request, _placement(request, placement_uuid))


def _writable(request, placement_uuid) -> Placement:
    placement = _placement(request, placement_uuid)
    if not may_write(request.user, request.region, placement.candidate):
        raise PermissionDenied
    return placement


def _act(request, placement_uuid, *, form_class, form_name: str, service, success: str, anchor: str):
    """A POSTed action on a placement: done and back to the page, or the page again with the errors."""
    placement = _writable(request, placement_uuid)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(placement, form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(_error_dict(error))
        else:
            messages.success(request, success)
            return redirect(reverse("placements:detail", args=[placement.uuid]) + anchor)
    return _detail(request, placement, status=400, **{form_name: form})


@login_required
@require_POST
def hours_change_view(request, placement_uuid):
    def change(placement, data):
        services.placement_change_hours(
            user=request.user,
            region=request.region,
            placement=placement,
            valid_from=data["valid_from"],
            hours_per_week=data["hours_per_week"],
            note=data.get("note") or "",
            request=request,
        )

    return _act(
        request,
        placement_uuid,
        form_class=HoursChangeForm,
        form_name="hours_form",
        service=change,
        success=_("The new hours have been recorded."),
        anchor="#uren",
    )


@login_required
@require_POST
def placement_end_view(request, placement_uuid):
    def end(placement, data):
        services.placement_end(
            user=request.user,
            region=request.region,
            placement=placement,
            ended_on=data["ended_on"],
            reason=data["end_reason"],
            note=data.get("note") or "",
            request=request,
        )

    return _act(
        request,
        placement_uuid,
        form_class=EndForm,
        form_name="end_form",
        service=end,
        success=_("The placement has ended. Checkpoints after the last working day have been cancelled."),
        anchor="",
    )


@login_required
@require_POST
def coaching_plan_view(request, placement_uuid):
    def set_plan(placement, data):
        services.coaching_plan_set(
            user=request.user,
            region=request.region,
            placement=placement,
            provider=data["provider"],
            coach_name=data.get("coach_name") or "",
            hours=data["hours"],
            period=data["period"],
            goals=data["goals"],
            valid_from=data["valid_from"],
            valid_until=data.get("valid_until"),
            request=request,
        )

    return _act(
        request,
        placement_uuid,
        form_class=CoachingPlanForm,
        form_name="plan_form",
        service=set_plan,
        success=_("The job-coach plan has been recorded."),
        anchor="#jobcoaching",
    )


@login_required
@require_POST
def coaching_activity_view(request, placement_uuid):
    def add(placement, data):
        services.coaching_activity_add(
            user=request.user,
            region=request.region,
            placement=placement,
            on=data["on"],
            kind=data["kind"],
            hours=data["hours"],
            note=data.get("note") or "",
            request=request,
        )

    return _act(
        request,
        placement_uuid,
        form_class=CoachingActivityForm,
        form_name="activity_form",
        service=add,
        success=_("The coaching activity has been recorded."),
        anchor="#jobcoaching",
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkpoint_record_view(request, placement_uuid, checkpoint_uuid):
    region = request.region
    placement = _writable(request, placement_uuid)
    checkpoint = placement.checkpoints.filter(uuid=checkpoint_uuid).select_related("recorded_by").first()
    if checkpoint is None:
        raise Http404
    detail_url = reverse("placements:detail", args=[placement.uuid])
    if not checkpoint.is_open or not placement.is_active:
        messages.info(request, _("This checkpoint needs no outcome any more."))
        return redirect(detail_url + "#nazorg")
    today = timezone.localdate()
    opens_on = checkpoint.due_on - timedelta(days=services.RECORD_FROM_DAYS)
    form = CheckpointForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.checkpoint_record(
                    user=request.user,
                    region=region,
                    checkpoint=checkpoint,
                    request=request,
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_service_errors(_error_dict(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "The checkpoint after %(months)s month has been recorded.",
                        "The checkpoint after %(months)s months has been recorded.",
                        checkpoint.months,
                    )
                    % {"months": checkpoint.months},
                )
                return redirect(detail_url + "#nazorg")
    person = proposal_selectors.present_candidate(
        user=request.user,
        region=region,
        candidate=placement.candidate,
        request=request,
        context=CHECKPOINT_CONTEXT,
    )
    return render(
        request,
        "placements/checkpoint_record.html",
        {
            "form": form,
            "placement": placement,
            "checkpoint": checkpoint,
            "person": person,
            "too_early": today < opens_on,
            "opens_on": opens_on,
            "overdue": checkpoint.due_on < today,
        },
        status=status,
    )


@login_required
@require_POST
def reminder_dismiss_view(request, reminder_uuid):
    """Hide one of the user's own reminders (the checkpoint stays on their list of checkpoints due)."""
    services.reminder_dismiss(user=request.user, region=request.region, reminder_uuid=reminder_uuid)
    messages.success(request, _("The reminder has been dismissed."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = reverse("home:home")
    return redirect(target)
