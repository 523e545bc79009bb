from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import (
    CandidateSearchForm,
    EmployerSearchForm,
    EndForm,
    GroupSecondmentForm,
    MembershipForm,
    PoolFilterForm,
    PoolForm,
    SecondmentForm,
)
from .permissions import PoolScope, pool_rule

DETAIL_CONTEXT = "Werkpool met leden bekeken (interface)"
CANDIDATE_SEARCH_CONTEXT = "Kandidaat gezocht voor werkpool (interface)"


@login_required
def pool_list_view(request):
    region = request.region
    rule = pool_rule(request.user, region)
    if rule.scope == PoolScope.COUNTS:
        counts = selectors.pool_counts(user=request.user, region=region)
        return render(request, "labour_pools/pool_counts.html", {"counts": counts})
    if rule.scope < PoolScope.REGION:
        raise PermissionDenied
    form = PoolFilterForm(request.GET or None, region=region)
    filters = form.filters() if request.GET else selectors.PoolFilters()
    page = selectors.pool_list(
        user=request.user, region=region, filters=filters, page_number=request.GET.get("pagina")
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "labour_pools/pool_list.html",
        {
            "form": form,
            "page": page,
            "pools": page.object_list,
            "query": query.urlencode(),
            "filtered": any(
                v
                for k, v in request.GET.items()
                if k != "pagina" and not (k == "status" and v == selectors.STATUS_ACTIVE)
            ),
            "may_manage": rule.manage,
            **_filter_subjects(request, filters),
        },
    )


def _filter_subjects(request, filters: selectors.PoolFilters) -> dict:
    """The employer or the member the list is narrowed to, by name or pseudonym, for the line above it."""
    subjects = {}
    if filters.employer_uuid:
        employer = selectors.employer_in_region(region=request.region, employer_uuid=filters.employer_uuid)
        subjects["seconded_at"] = employer.name if employer else ""
    if filters.candidate_uuid:
        candidate = selectors.candidate_for_membership(
            user=request.user, region=request.region, candidate_uuid=filters.candidate_uuid
        )
        if candidate is not None:
            subjects["member_label"] = selectors.member_label(
                user=request.user, region=request.region, candidate=candidate
            )
    return subjects


def _pool_for_management(request, pool_uuid):
    pool = selectors.pool_get(user=request.user, region=request.region, pool_uuid=pool_uuid)
    if not pool_rule(request.user, request.region).manage:
        raise PermissionDenied
    return pool


@login_required
def pool_detail_view(request, pool_uuid):
    region = request.region
    pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
    detail = selectors.pool_detail(
        user=request.user, region=region, pool=pool, request=request, context=DETAIL_CONTEXT
    )
    return render(
        request,
        "labour_pools/pool_detail.html",
        {
            "pool": pool,
            "detail": detail,
            "may_manage": pool_rule(request.user, region).manage,
            "pool_active": pool.ended_on is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pool_create_view(request):
    region = request.region
    if not pool_rule(request.user, region).manage:
        raise PermissionDenied
    form = PoolForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.pool_create(
                user=request.user, region=region, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The pool %(name)s has been created.") % {"name": pool.name})
            return redirect("labour_pools:detail", pool_uuid=pool.uuid)
    return render(request, "labour_pools/pool_form.html", {"form": form, "pool": None})


@login_required
@require_http_methods(["GET", "POST"])
def pool_edit_view(request, pool_uuid):
    region = request.region
    pool = _pool_for_management(request, pool_uuid)
    initial = {
        "name": pool.name,
        "kind": pool.kind,
        "operator": pool.operator,
        "job_coach": pool.job_coach,
        "description": pool.description,
    }
    form = PoolForm(
        request.POST or None,
        initial=initial,
        region=region,
        current_operator=pool.operator,
        current_job_coach=pool.job_coach,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_update(
                user=request.user, region=region, pool=pool, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("labour_pools:detail", pool_uuid=pool.uuid)
    return render(request, "labour_pools/pool_form.html", {"form": form, "pool": pool})


def _end_flow(request, pool, *, title: str, subject: str, service, success: str, warning: str = ""):
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                user=request.user,
                region=request.region,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, success)
            return redirect("labour_pools:detail", pool_uuid=pool.uuid)
    return render(
        request,
        "labour_pools/end_form.html",
        {"form": form, "pool": pool, "title": title, "subject": subject, "warning": warning},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pool_end_view(request, pool_uuid):
    pool = _pool_for_management(request, pool_uuid)
    return _end_flow(
        request,
        pool,
        title=_("End the pool"),
        subject=pool.name,
        service=lambda **kw: services.pool_end(pool=pool, **kw),
        success=_("The pool has been ended."),
        warning=_(
            "All current memberships and their secondments end on the same date, with the same reason."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add_view(request, pool_uuid):
    region = request.region
    pool = _pool_for_management(request, pool_uuid)
    search_form = CandidateSearchForm(request.GET or None)
    choices = []
    searched = False
    if search_form.is_valid() and (search_form.cleaned_data["zoek"] or search_form.cleaned_data["pc4"]):
        searched = True
        choices = selectors.addable_candidates(
            user=request.user,
            region=region,
            search=search_form.cleaned_data["zoek"],
            pc4=search_form.cleaned_data["pc4"],
            request=request,
            context=CANDIDATE_SEARCH_CONTEXT,
        )
    chosen_uuid = request.POST.get("candidate") or request.GET.get("kandidaat")
    if chosen_uuid and not any(str(c.uuid) == chosen_uuid for c in choices):
        chosen = selectors.candidate_choice(
            user=request.user,
            region=region,
            candidate_uuid=chosen_uuid,
            request=request,
            context=CANDIDATE_SEARCH_CONTEXT,
        )
        if chosen is not None:
            choices.insert(0, chosen)
    if not chosen_uuid and len(choices) == 1:
        chosen_uuid = str(choices[0].uuid)
    initial = {"started_on": timezone.localdate(), "candidate": chosen_uuid}
    form = MembershipForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = selectors.candidate_for_membership(
            user=request.user, region=region, candidate_uuid=data["candidate"]
        )
        try:
            services.membership_add(
                user=request.user,
                region=region,
                pool=pool,
                candidate=candidate,
                started_on=data["started_on"],
                hours_per_week=data["hours_per_week"],
                note=data["note"],
                request=request,
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("labour_pools:detail", pool_uuid=pool.uuid)
    return render(
        request,
        "labour_pools/member_form.html",
        {
            "pool": pool,
            "form": form,
            "search_form": search_form,
            "searched": searched,
            "found": len(choices),
            "limit": selectors.CANDIDATE_CHOICE_LIMIT,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end_view(request, pool_uuid, membership_uuid):
    region = request.region
    pool = _pool_for_management(request, pool_uuid)
    membership = selectors.membership_get(
        user=request.user, region=region, pool=pool, membership_uuid=membership_uuid
    )
    return _end_flow(
        request,
        pool,
        title=_("End the membership"),
        subject=selectors.member_label(user=request.user, region=region, candidate=membership.candidate),
        service=lambda **kw: services.membership_end(membership=membership, **kw),
        success=_("The membership has been ended."),
        warning=_("The member's secondments end on the same date, with the same reason."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def secondment_end_view(request, pool_uuid, secondment_uuid):
    region = request.region
    pool = _pool_for_management(request, pool_uuid)
    secondment = selectors.secondment_get(
        user=request.user, region=region, pool=pool, secondment_uuid=secondment_uuid
    )
    member = selectors.member_label(
        user=request.user, region=region, candidate=secondment.membership.candidate
    )
    return _end_flow(
        request,
        pool,
        title=_("End the secondment"),
        subject=_("%(member)s at %(employer)s") % {"member": member, "employer": secondment.employer.name},
        service=lambda **kw: services.secondment_end(secondment=secondment, **kw),
        success=_("The secondment has been ended."),
    )


def _employer_options(request):
    search_form = EmployerSearchForm(request.GET or None)
    term = search_form.cleaned_data["werkgever"] if search_form.is_valid() else ""
    employers, truncated = selectors.employer_choices(
        region=request.region, search=term, selected_uuid=request.POST.get("employer")
    )
    return search_form, employers, truncated


@login_required
@require_http_methods(["GET", "POST"])
def secondment_add_view(request, pool_uuid, membership_uuid):
    region = request.region
    pool = _pool_for_management(request, pool_uuid)
    membership = selectors.membership_get(
        user=request.user, region=region, pool=pool, membership_uuid=membership_uuid
    )
    search_form, employers, truncated = _employer_options(request)
    form = SecondmentForm(
        request.POST or None, employers=employers, locations=selectors.location_choices(employers=employers)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.secondment_add(
                user=request.user, region=region, membership=membership, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The secondment has been recorded."))
            return redirect("labour_pools:detail", pool_uuid=pool.uuid)
    member = selectors.present_member(user=request.user, region=region, candidate=membership.candidate)
    return render(
        request,
        "labour_pools/secondment_form.html",
        {
            "pool": pool,
            "form": form,
            "search_form": search_form,
            "truncated": truncated,
            "membership": membership,
            "member": member,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_secondment_view(request, pool_uuid):
    region = request.region
    pool = _pool_for_management(request, pool_uuid)
    detail = selectors.pool_detail(
        user=request.user, region=region, pool=pool, request=request, context=DETAIL_CONTEXT
    )
    members = [row for row in detail.members if row.membership.ended_on is None]
    search_form, employers, truncated = _employer_options(request)
    form = GroupSecondmentForm(
        request.POST or None,
        members=members,
        employers=employers,
        locations=selectors.location_choices(employers=employers),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = set(data.pop("memberships"))
        memberships = [row.membership for row in members if str(row.membership.uuid) in chosen]
        try:
            secondments = services.group_secondment_add(
                user=request.user, region=region, pool=pool, memberships=memberships, request=request, **data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            count = len(secondments)
            messages.success(
                request,
                ngettext(
                    "%(count)s member has been seconded.", "%(count)s members have been seconded.", count
                )
                % {"count": count},
            )
            return redirect("labour_pools:detail", pool_uuid=pool.uuid)
    return render(
        request,
        "labour_pools/group_secondment_form.html",
        {"pool": pool, "form": form, "search_form": search_form, "truncated": truncated, "members": members},
        status=400 if form.errors else 200,
    )
