"""Reading labour pools, always as a given user in a given region (rules in labour_pools/permissions.py).

Members are candidates: each is shown in full only where the candidates' rules give the user FULL visibility,
otherwise with the candidates app's pseudonymised presentation. Every read of a pool's member list is
access-logged here, naming the members shown in full, like the candidate list's search entries.
"""

import contextlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from werkbedrijf.accounts.models import Organisation, Role, User
from werkbedrijf.accounts.permissions import Visibility, pseudonym
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates.models import Candidate, Consent, ConsentScope
from werkbedrijf.candidates.selectors import age_band, candidate_profiles, candidate_queryset
from werkbedrijf.employers.models import Employer, EmployerLocation

from .models import LabourPool, PoolKind, PoolMembership, Secondment
from .permissions import PoolScope, may_add_candidate, member_visibility, pool_rule

MEMBER_LIST_OBJECT_TYPE = "labour_pool_members"
OPERATOR_KINDS = ("werkbedrijf", "sheltered_work_company", "job_coach_provider", "municipality")
CANDIDATE_CHOICE_LIMIT = 50

STATUS_ACTIVE = "active"
STATUS_ENDED = "ended"


def hours_text(hours: Decimal) -> str:
    """24.0 → '24', 12.5 → '12,5' (Dutch decimal comma), for messages and labels."""
    text = f"{hours:.1f}"
    return text[:-2] if text.endswith(".0") else text.replace(".", ",")


def _zero():
    return Value(Decimal("0"), output_field=DecimalField(max_digits=6, decimal_places=1))


def _active_secondments_q(prefix: str, day: date) -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


def _current_members_q(prefix: str, day: date) -> Q:
    return Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})


def _require_region_scope(user, region) -> None:
    if pool_rule(user, region).scope < PoolScope.REGION:
        raise PermissionDenied


@dataclass(frozen=True)
class PoolFilters:
    search: str = ""
    kind: str = ""
    operator_uuid: str = ""
    status: str = STATUS_ACTIVE
    employer_uuid: str = ""  # pools with a member seconded to this employer today
    candidate_uuid: str = ""  # pools of which this candidate is a current member


def pool_queryset(*, user, region, today: date | None = None) -> QuerySet[LabourPool]:
    """The region's pools with current members, seconded hours a week and employers annotated (no N+1)."""
    _require_region_scope(user, region)
    today = today or timezone.localdate()
    seconded = Secondment.objects.filter(_active_secondments_q("", today), membership__pool=OuterRef("pk"))
    hours = (
        seconded.order_by()
        .values("membership__pool")
        .annotate(total=Sum("hours_per_week"))
        .values("total")[:1]
    )
    employers = (
        seconded.order_by()
        .values("membership__pool")
        .annotate(n=Count("employer", distinct=True))
        .values("n")[:1]
    )
    return (
        LabourPool.objects.filter(region=region)
        .select_related("operator", "job_coach")
        .annotate(
            member_count=Count(
                "memberships", filter=_current_members_q("memberships__", today), distinct=True
            ),
            seconded_hours=Coalesce(Subquery(hours), _zero()),
            employer_count=Coalesce(Subquery(employers), 0),
        )
    )


def pool_search(*, user, region, filters: PoolFilters, today: date | None = None) -> QuerySet[LabourPool]:
    today = today or timezone.localdate()
    qs = pool_queryset(user=user, region=region, today=today)
    term = filters.search.strip()
    if term:
        qs = qs.filter(Q(name__icontains=term) | Q(operator__name__icontains=term))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.operator_uuid:
        qs = qs.filter(operator__uuid=filters.operator_uuid)
    if filters.employer_uuid:
        qs = qs.filter(
            Exists(
                Secondment.objects.filter(
                    _active_secondments_q("", today),
                    membership__pool=OuterRef("pk"),
                    employer__uuid=filters.employer_uuid,
                )
            )
        )
    if filters.candidate_uuid:
        qs = qs.filter(
            Exists(
                PoolMembership.objects.filter(
                    _current_members_q("", today), pool=OuterRef("pk"), candidate__uuid=filters.candidate_uuid
                )
            )
        )
    if filters.status == STATUS_ACTIVE:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    elif filters.status == STATUS_ENDED:
        qs = qs.filter(ended_on__lt=today)
    return qs.order_by("name", "uuid")


def pool_list(*, user, region, filters: PoolFilters, page_number=None, per_page: int = 25) -> Page:
    """One page of pools. It names no person, so it is not access-logged."""
    return Paginator(pool_search(user=user, region=region, filters=filters), per_page).get_page(page_number)


def pool_get(*, user, region, pool_uuid) -> LabourPool:
    """One pool of the region the user may read; anything else (another region, no right) is 404."""
    try:
        return pool_queryset(user=user, region=region).get(uuid=pool_uuid)
    except (LabourPool.DoesNotExist, ValueError, ValidationError, PermissionDenied) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class MemberPresentation:
    """What the user may see of one member: a name in full, else the pseudonymised profile's fields."""

    candidate_uuid: object
    visibility: Visibility
    label: str
    age_band: str = ""
    pc4: str = ""
    municipality: str = ""

    @property
    def is_full(self) -> bool:
        return self.visibility == Visibility.FULL

    @property
    def details_withheld(self) -> bool:
        return self.visibility < Visibility.PSEUDONYMISED


def _has_region_consent(candidate: Candidate) -> bool:
    annotated = getattr(candidate, "has_region_consent", None)
    if annotated is not None:
        return bool(annotated)
    return Consent.objects.filter(
        candidate=candidate, scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True
    ).exists()


def present_member(*, user, region, candidate: Candidate, today: date | None = None) -> MemberPresentation:
    visibility = member_visibility(user, region, candidate, has_region_consent=_has_region_consent(candidate))
    if visibility == Visibility.FULL:
        return MemberPresentation(candidate.uuid, visibility, candidate.full_name)
    label = pseudonym("kandidaat", candidate.uuid)
    if visibility < Visibility.PSEUDONYMISED:
        return MemberPresentation(candidate.uuid, visibility, label)
    return MemberPresentation(
        candidate.uuid,
        visibility,
        label,
        age_band=age_band(candidate.date_of_birth, today or timezone.localdate()),
        pc4=candidate.postcode[:4],
        municipality=candidate.municipality.name,
    )


def member_label(*, user, region, candidate: Candidate) -> str:
    """The name or pseudonym by which the user knows a member (for messages)."""
    return present_member(user=user, region=region, candidate=candidate).label


@dataclass
class MemberRow:
    membership: PoolMembership
    member: MemberPresentation
    secondments: list[Secondment] = field(default_factory=list)  # active today or planned


@dataclass(frozen=True)
class EmployerTotal:
    employer: Employer
    members: int
    hours_per_week: Decimal


@dataclass(frozen=True)
class EndedSecondment:
    secondment: Secondment
    member: MemberPresentation


@dataclass(frozen=True)
class PoolDetail:
    pool: LabourPool
    members: list[MemberRow]
    ended_members: list[MemberRow]
    ended_secondments: list[EndedSecondment]
    employer_totals: list[EmployerTotal]
    total_hours: Decimal
    member_hours: Decimal


def _memberships(pool: LabourPool):
    return (
        PoolMembership.objects.filter(pool=pool)
        .select_related("candidate__municipality")
        .annotate(
            candidate_consent=Exists(
                Consent.objects.filter(
                    candidate=OuterRef("candidate"), scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True
                )
            )
        )
        .order_by("started_on", "id")
    )


def pool_detail(*, user, region, pool: LabourPool, request=None, context: str) -> PoolDetail:
    """The pool with its members as the user may see them, their secondments and totals; access-logged."""
    _require_region_scope(user, region)
    if pool.region_id != region.pk:
        raise Http404
    today = timezone.localdate()
    memberships = list(_memberships(pool))
    secondments_by_membership: dict[int, list[Secondment]] = defaultdict(list)
    for secondment in Secondment.objects.filter(membership__pool=pool).select_related(
        "employer__organisation", "location"
    ):
        secondments_by_membership[secondment.membership_id].append(secondment)

    current, ended, ended_secondments = [], [], []
    per_employer: dict[int, list[Secondment]] = defaultdict(list)
    for membership in memberships:
        membership.candidate.has_region_consent = membership.candidate_consent
        member = present_member(user=user, region=region, candidate=membership.candidate, today=today)
        own = secondments_by_membership[membership.pk]
        running = [s for s in own if s.ended_on is None or s.ended_on >= today]
        ended_secondments += [EndedSecondment(s, member) for s in own if s not in running]
        row = MemberRow(membership=membership, member=member, secondments=running)
        if membership.is_current_on(today):
            current.append(row)
            for s in running:
                if s.is_active_on(today):
                    per_employer[s.employer_id].append(s)
        else:
            ended.append(row)

    employer_totals = sorted(
        (
            EmployerTotal(
                employer=items[0].employer,
                members=len({s.membership_id for s in items}),
                hours_per_week=sum((s.hours_per_week for s in items), Decimal("0")),
            )
            for items in per_employer.values()
        ),
        key=lambda t: t.employer.organisation.name,
    )
    log_access(
        actor=user,
        action=AccessAction.READ,
        object_type=MEMBER_LIST_OBJECT_TYPE,
        object_uuid=pool.uuid,
        object_label=pool.name,
        context=context,
        subject_uuids=sorted(
            {str(row.member.candidate_uuid) for row in current + ended if row.member.is_full}
        ),
        region_code=region.code,
        request=request,
    )
    ended_secondments.sort(key=lambda e: e.secondment.ended_on, reverse=True)
    return PoolDetail(
        pool=pool,
        members=current,
        ended_members=sorted(ended, key=lambda r: r.membership.ended_on, reverse=True),
        ended_secondments=ended_secondments,
        employer_totals=employer_totals,
        total_hours=sum((t.hours_per_week for t in employer_totals), Decimal("0")),
        member_hours=sum((r.membership.hours_per_week for r in current), Decimal("0")),
    )


def membership_get(*, user, region, pool: LabourPool, membership_uuid) -> PoolMembership:
    _require_region_scope(user, region)
    try:
        return (
            PoolMembership.objects.select_related("candidate", "pool")
            .filter(pool=pool, pool__region=region)
            .get(uuid=membership_uuid)
        )
    except (PoolMembership.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def secondment_get(*, user, region, pool: LabourPool, secondment_uuid) -> Secondment:
    _require_region_scope(user, region)
    try:
        return (
            Secondment.objects.select_related("membership__candidate", "membership__pool", "employer")
            .filter(membership__pool=pool, membership__pool__region=region)
            .get(uuid=secondment_uuid)
        )
    except (Secondment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class PoolCounts:
    pools: int
    group_secondment_pools: int
    members: int
    seconded_members: int
    seconded_hours: Decimal


def pool_counts(*, user, region) -> PoolCounts:
    """The region's totals for everyone from COUNTS upwards (board members); never a person or a pool name."""
    if pool_rule(user, region).scope < PoolScope.COUNTS:
        raise PermissionDenied
    today = timezone.localdate()
    pools = LabourPool.objects.filter(region=region).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    pool_totals = pools.aggregate(
        pools=Count("id"), groups=Count("id", filter=Q(kind=PoolKind.GROUP_SECONDMENT))
    )
    members = PoolMembership.objects.filter(_current_members_q("", today), pool__in=pools).aggregate(
        n=Count("candidate", distinct=True)
    )
    seconded = Secondment.objects.filter(
        _active_secondments_q("", today), membership__pool__in=pools
    ).aggregate(n=Count("membership__candidate", distinct=True), hours=Sum("hours_per_week"))
    return PoolCounts(
        pools=pool_totals["pools"],
        group_secondment_pools=pool_totals["groups"],
        members=members["n"],
        seconded_members=seconded["n"],
        seconded_hours=seconded["hours"] or Decimal("0"),
    )


def operator_choices(*, region) -> QuerySet[Organisation]:
    """Organisations of the region that may run a pool."""
    return Organisation.objects.filter(region=region, kind__in=OPERATOR_KINDS, is_active=True).order_by(
        "name"
    )


def job_coach_choices(*, region) -> QuerySet[User]:
    """Active staff holding the consultant / job-coach role in the region."""
    return (
        User.objects.filter(
            role_assignments__role=Role.CONSULTANT,
            role_assignments__region=region,
            is_active=True,
            is_system_account=False,
        )
        .exclude(organisation__kind="employer")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


EMPLOYER_CHOICE_LIMIT = 300


def employer_choices(*, region, search: str = "", selected_uuid=None) -> tuple[QuerySet[Employer], bool]:
    """The region's employers to offer in a select: all of them, or those whose name matches `search`, at
    most 300 (with the one already chosen); True as second value when more matched than are offered."""
    qs = Employer.objects.filter(organisation__region=region)
    if search.strip():
        qs = qs.filter(organisation__name__icontains=search.strip())
    keys = list(qs.order_by("organisation__name").values_list("pk", flat=True)[: EMPLOYER_CHOICE_LIMIT + 1])
    truncated = len(keys) > EMPLOYER_CHOICE_LIMIT
    condition = Q(pk__in=keys[:EMPLOYER_CHOICE_LIMIT])
    if selected_uuid:
        with contextlib.suppress(ValueError):
            condition |= Q(uuid=uuid.UUID(str(selected_uuid)))
    offered = (
        Employer.objects.filter(organisation__region=region)
        .filter(condition)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return offered, truncated


def employer_in_region(*, region, employer_uuid) -> Employer | None:
    try:
        return (
            Employer.objects.select_related("organisation")
            .filter(organisation__region=region, uuid=employer_uuid)
            .first()
        )
    except (ValueError, ValidationError):
        return None


def location_choices(*, employers: QuerySet[Employer]) -> QuerySet[EmployerLocation]:
    return (
        EmployerLocation.objects.filter(employer__in=employers)
        .select_related("employer__organisation")
        .order_by("employer__organisation__name", "-is_main", "name")
    )


@dataclass(frozen=True)
class CandidateChoice:
    uuid: object
    label: str


def addable_candidates(
    *, user, region, search: str = "", pc4: str = "", request=None, context: str
) -> list[CandidateChoice]:
    """At most 50 candidates the user may add to a pool: own organisation's by name or BSN (`search`), or
    candidates with region-wide consent living in a PC4 area (`pc4`). The list shown is access-logged as a
    candidate search (by candidates.selectors.candidate_profiles)."""
    search, pc4 = search.strip(), pc4.strip()
    if not search and not (len(pc4) == 4 and pc4.isdigit()):
        return []
    qs = candidate_queryset(user=user, region=region, search=search)
    if pc4 and not search:
        qs = qs.filter(postcode__startswith=pc4)
    candidates = [
        c
        for c in qs[:CANDIDATE_CHOICE_LIMIT]
        if may_add_candidate(user, region, c, has_region_consent=bool(c.has_region_consent))
    ]
    return _choices(user=user, region=region, candidates=candidates, request=request, context=context)


def _choices(*, user, region, candidates, request, context: str) -> list[CandidateChoice]:
    profiles = candidate_profiles(
        user=user, region=region, candidates=candidates, request=request, context=context
    )
    return [
        CandidateChoice(
            p.uuid, p.label if p.is_full else f"{p.label} ({p.age_band}, {p.pc4} {p.municipality})"
        )
        for p in profiles
    ]


def candidate_choice(*, user, region, candidate_uuid, request=None, context: str) -> CandidateChoice | None:
    """One candidate the user may add, as an option of the member form (e.g. chosen on the candidate page)."""
    candidate = candidate_for_membership(user=user, region=region, candidate_uuid=candidate_uuid)
    if candidate is None or not may_add_candidate(
        user, region, candidate, has_region_consent=candidate.has_region_consent
    ):
        return None
    return _choices(user=user, region=region, candidates=[candidate], request=request, context=context)[0]


def candidate_for_membership(*, user, region, candidate_uuid) -> Candidate | None:
    """The candidate with this uuid in the region, with its consent annotated; None when unknown there."""
    try:
        return (
            Candidate.objects.select_related("municipality", "responsible_organisation")
            .prefetch_related("abilities", "desired_occupations")
            .annotate(
                has_region_consent=Exists(
                    Consent.objects.filter(
                        candidate=OuterRef("pk"), scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True
                    )
                )
            )
            .get(uuid=candidate_uuid, region=region)
        )
    except (Candidate.DoesNotExist, ValueError, ValidationError):
        return None
