"""Proposal rounds: the list with a start form, and one round with its progress, suggestions and fairness."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import rounds
from .permissions import may_read_fairness, may_see_round_suggestions, may_start_round
from .round_forms import RoundStartForm, SuggestionDecisionForm, SuggestionFilterForm

ROUNDS_PER_PAGE = 25
DOUBLE_BOOKING = "double_booking"
_START_FIELDS = {"on": "datum", "top_k": "top_k"}
_DECISION_FIELDS = {"reason": "reden", "note": "toelichting", "override_reason": "reden_dubbel"}


def _add_errors(form, error: ValidationError, names: dict[str, str]) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(names.get(name) if names.get(name) in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _codes(error: ValidationError) -> set:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@login_required
@require_http_methods(["GET", "POST"])
def round_list_view(request):
    user, region = request.user, request.region
    found = rounds.round_list(user=user, region=region)
    may_start = may_start_round(user, region)
    form, status = None, 200
    if request.method == "POST":
        if not may_start:
            raise PermissionDenied
        form = RoundStartForm(request.POST)
        if form.is_valid():
            try:
                match_round = rounds.round_start(
                    user=user,
                    region=region,
                    on=form.cleaned_data["datum"],
                    top_k=form.cleaned_data["top_k"],
                    request=request,
                )
            except ValidationError as error:
                _add_errors(form, error, _START_FIELDS)
            else:
                return redirect("matching:round", round_uuid=match_round.uuid)
        status = 400
    elif may_start:
        form = RoundStartForm()
    page = Paginator(found, ROUNDS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "matching/round_list.html",
        {"page": page, "rounds": page.object_list, "form": form, "may_start": may_start},
        status=status,
    )


def _detail(request, match_round, *, decision=None, status=200):
    user, region = request.user, request.region
    context = {"round": match_round, "decision": decision}
    if match_round.status == "done":
        if may_see_round_suggestions(user, region):
            filters = SuggestionFilterForm(request.GET or None)
            state, own_only = filters.values()
            context["filters"] = filters
            context["suggestions"] = rounds.round_suggestions(
                user=user,
                region=region,
                match_round=match_round,
                page_number=request.GET.get("pagina"),
                state=state,
                own_only=own_only,
                request=request,
            )
            query = {k: v for k, v in request.GET.items() if k in ("status", "eigen") and v}
            context["query"] = urlencode(query)
            context["return_query"] = request.GET.urlencode()
        if may_read_fairness(user, region):
            context["fairness"] = rounds.fairness_report(user=user, region=region, match_round=match_round)
    return render(request, "matching/round_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def round_detail_view(request, round_uuid):
    """GET ?deel=status gives the status block alone (polled by htmx while the round is queued or running);
    POST accepts or rejects one suggestion."""
    user, region = request.user, request.region
    match_round = rounds.round_get(user=user, region=region, round_uuid=round_uuid)
    if request.method == "GET" and request.GET.get("deel") == "status":
        response = render(request, "matching/round_status.html", {"round": match_round})
        if request.htmx and not match_round.is_active:
            response["HX-Refresh"] = "true"  # the results are on the full page
        return response
    if request.method == "GET":
        return _detail(request, match_round)

    form = SuggestionDecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, match_round, decision=form, status=400)
    suggestion = rounds.suggestion_get(
        user=user, region=region, match_round=match_round, suggestion_uuid=form.cleaned_data["suggestie"]
    )
    data = form.cleaned_data
    try:
        if data["actie"] == SuggestionDecisionForm.ACCEPT:
            rounds.suggestion_accept(
                user=user,
                region=region,
                suggestion=suggestion,
                note=data["toelichting"],
                override_reason=data["reden_dubbel"],
                request=request,
            )
            messages.success(request, _("The candidate has been proposed for the vacancy."))
        else:
            rounds.suggestion_reject(
                user=user, region=region, suggestion=suggestion, reason=data["reden"], request=request
            )
            messages.success(request, _("The suggestion has been rejected."))
    except ValidationError as error:
        codes = _codes(error)
        form.needs_override = DOUBLE_BOOKING in codes
        _add_errors(form, error, _DECISION_FIELDS)
        return _detail(request, match_round, decision=form, status=400)
    back = reverse("matching:round", args=[match_round.uuid])
    query = request.GET.urlencode()
    return redirect(f"{back}?{query}#suggestions" if query else f"{back}#suggestions")
