from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from werkbedrijf.accounts.permissions import Visibility, candidate_visibility

from . import selectors, services
from .forms import CandidateFilterForm, CandidateForm, ConsentForm, PoolSettingsForm, StatusChangeForm
from .models import ConsentScope


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages_ in error.message_dict.items():
        target = name if name in form.fields else None
        for message in messages_:
            form.add_error(target, message)


@login_required
def candidate_list_view(request):
    form = CandidateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    result = selectors.candidate_list(
        user=request.user,
        region=request.region,
        own_only=bool(filters.get("eigen")),
        status=filters.get("status", ""),
        target_group=filters.get("doelgroep", ""),
        freshness=filters.get("actualiteit", ""),
        search=filters.get("q", ""),
        page_number=request.GET.get("pagina"),
        request=request,
        context="Kandidatenlijst (interface)",
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "candidates/candidate_list.html",
        {
            "page": result.page,
            "profiles": result.profiles,
            "form": form,
            "query": query.urlencode(),
            "may_create": candidate_visibility(request.user, request.region, request.user.organisation_id)
            == Visibility.FULL,
        },
    )


def _detail_context(request, detail, *, status_form=None):
    if not isinstance(detail, selectors.CandidateDetail):
        return {"profile": detail}
    allowed = services.allowed_transitions(detail.candidate.status)
    return {
        "profile": detail.profile,
        "detail": detail,
        "may_write": services.may_write(request.user, request.region, detail.candidate),
        "status_form": status_form or StatusChangeForm(allowed=allowed),
        "consent_scopes": [
            {"value": value, "label": label, "active": value in detail.active_consent_scopes}
            for value, label in ConsentScope.choices
        ],
    }


@login_required
def candidate_detail_view(request, candidate_uuid):
    detail = selectors.candidate_detail(
        user=request.user,
        region=request.region,
        candidate_uuid=candidate_uuid,
        request=request,
        context="Kandidaatdossier bekeken (interface)",
    )
    return render(request, "candidates/candidate_detail.html", _detail_context(request, detail))


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create_view(request):
    user, region = request.user, request.region
    if candidate_visibility(user, region, user.organisation_id) < Visibility.FULL:
        raise PermissionDenied
    form = CandidateForm(request.POST or None, region=region, organisation_id=user.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(
                user=user, region=region, request=request, **form.profile_changes()
            )
            services.functional_abilities_set(
                user=user, region=region, candidate=candidate, abilities=form.abilities(), request=request
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The candidate has been added."))
            return redirect("candidates:detail", candidate.uuid)
    return render(request, "candidates/candidate_form.html", {"form": form, "candidate": None})


@login_required
@require_http_methods(["GET", "POST"])
def candidate_edit_view(request, candidate_uuid):
    user, region = request.user, request.region
    candidate = selectors.candidate_for_write(user=user, region=region, candidate_uuid=candidate_uuid)
    if not services.may_write(user, region, candidate):
        raise PermissionDenied
    label = candidate.full_name
    form = CandidateForm(
        request.POST or None,
        instance=candidate,
        region=region,
        organisation_id=candidate.responsible_organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        fresh = selectors.candidate_for_write(user=user, region=region, candidate_uuid=candidate_uuid)
        try:
            services.candidate_update(
                user=user, region=region, candidate=fresh, changes=form.profile_changes(), request=request
            )
            services.functional_abilities_set(
                user=user, region=region, candidate=fresh, abilities=form.abilities(), request=request
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("candidates:detail", candidate_uuid)
    return render(
        request, "candidates/candidate_form.html", {"form": form, "candidate": candidate, "label": label}
    )


@login_required
@require_POST
def candidate_confirm_view(request, candidate_uuid):
    candidate = selectors.candidate_for_write(
        user=request.user, region=request.region, candidate_uuid=candidate_uuid
    )
    services.candidate_confirm(user=request.user, region=request.region, candidate=candidate, request=request)
    messages.success(request, _("The profile has been confirmed."))
    return redirect("candidates:detail", candidate_uuid)


@login_required
@require_POST
def candidate_status_view(request, candidate_uuid):
    user, region = request.user, request.region
    candidate = selectors.candidate_for_write(user=user, region=region, candidate_uuid=candidate_uuid)
    if not services.may_write(user, region, candidate):
        raise PermissionDenied
    form = StatusChangeForm(request.POST, allowed=services.allowed_transitions(candidate.status))
    if form.is_valid():
        try:
            services.candidate_status_change(
                user=user,
                region=region,
                candidate=candidate,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect("candidates:detail", candidate_uuid)
    detail = selectors.candidate_detail(
        user=user,
        region=region,
        candidate_uuid=candidate_uuid,
        request=request,
        context="Kandidaatdossier bekeken (interface)",
    )
    return render(
        request,
        "candidates/candidate_detail.html",
        _detail_context(request, detail, status_form=form),
        status=400,
    )


@login_required
@require_POST
def candidate_consent_view(request, candidate_uuid):
    user, region = request.user, request.region
    candidate = selectors.candidate_for_write(user=user, region=region, candidate_uuid=candidate_uuid)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a consent and what to do with it."))
        return redirect("candidates:detail", candidate_uuid)
    scope, action = form.cleaned_data["scope"], form.cleaned_data["action"]
    service = services.consent_give if action == "give" else services.consent_withdraw
    service(user=user, region=region, candidate=candidate, scope=scope, request=request)
    messages.success(
        request,
        _("The consent has been recorded.") if action == "give" else _("The consent has been withdrawn."),
    )
    return redirect("candidates:detail", candidate_uuid)


@login_required
def candidate_todo_view(request):
    mine_only = request.GET.get("mijn") == "1"
    page = selectors.candidate_todo_list(
        user=request.user,
        region=request.region,
        mine_only=mine_only,
        page_number=request.GET.get("pagina"),
        request=request,
        context="Te-doenlijst kandidaten (interface)",
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "candidates/candidate_todo.html",
        {
            "page": page,
            "items": page.object_list,
            "mine_only": mine_only,
            "query": query.urlencode(),
            "freshness_days": selectors.freshness_days(request.region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pool_settings_view(request):
    """The region's pool settings; functional administrators change them, with a reason that is logged."""
    region = request.region
    if not services.may_change_pool_settings(request.user, region):
        raise PermissionDenied
    overview = selectors.pool_settings_overview(region=region)
    form = PoolSettingsForm(request.POST or None, initial={"freshness_days": overview.freshness_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_settings_update(
                user=request.user,
                region=region,
                freshness_days=form.cleaned_data["freshness_days"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The freshness period is now %(days)s days.")
                % {"days": form.cleaned_data["freshness_days"]},
            )
            return redirect("candidates:settings")
    status = 400 if form.errors else 200
    return render(
        request, "candidates/pool_settings.html", {"form": form, "overview": overview}, status=status
    )
