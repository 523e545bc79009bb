"""Reading proposals, always as a given user in a given region (rules in permissions.py), and the few
internal reads the matching rounds need (no user; uuids and figures only, never a person).

Persons are presented with candidates.selectors.candidate_profile: in full for the candidate's own
organisation, pseudonymised for the rest of the region. A candidate of another partner whose region-wide
consent has ended has no profile for that partner any more; their proposal stays visible (the process runs
on) under the pseudonym alone. Every list names the persons shown in full in one access-log search entry, as
candidates.selectors.candidate_profiles does; opening one proposal of a person shown in full is a read of
that person's record.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.http import Http404

from werkbedrijf.accounts.permissions import Visibility, pseudonym
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates.models import Candidate
from werkbedrijf.candidates.selectors import (
    CandidateProfile,
    candidate_profile,
    log_candidate_read,
    stale_before,
)
from werkbedrijf.vacancies.models import Vacancy, VacancyKind

from .models import Proposal, ProposalEvent
from .permissions import (
    SMALL_COUNT,
    allowed_steps,
    may_read_process_details,
    may_read_proposals,
    may_read_report,
    report_is_suppressed,
)
from .states import ACTIVE_STATES, DeclinedBy, DeclineReason, ProposalState, Step

SECTION_LIMIT = 20


# --- presenting persons ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedPerson:
    """The candidate of a proposal as this user may see them.

    visibility FULL or PSEUDONYMISED: `profile` is the candidates app's profile; AGGREGATE: the pseudonym
    only (another partner's candidate without an active region-wide consent).
    """

    uuid: object
    label: str
    visibility: Visibility
    profile: CandidateProfile | None = None

    @property
    def is_full(self) -> bool:
        return self.visibility == Visibility.FULL

    @property
    def withheld(self) -> bool:
        return self.profile is None


def present_person(user, region, candidate: Candidate, cutoff: datetime) -> ProposedPerson:
    """The candidate as this user may see them (also for the placements of a candidate)."""
    if getattr(candidate, "has_region_consent", None) is None:
        candidate.has_region_consent = candidate.shared_in_region
    try:
        profile = candidate_profile(user=user, region=region, candidate=candidate, cutoff=cutoff)
    except Http404:
        return ProposedPerson(candidate.uuid, pseudonym("kandidaat", candidate.uuid), Visibility.AGGREGATE)
    return ProposedPerson(profile.uuid, profile.label, profile.visibility, profile)


def log_person_search(*, user, region, persons, request, context: str) -> None:
    log_access(
        actor=user,
        action=AccessAction.SEARCH,
        object_type="candidate",
        context=context,
        subject_uuids=sorted({str(p.uuid) for p in persons if p.is_full}),
        region_code=region.code,
        request=request,
    )


# --- the region's proposals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalFilters:
    state: str = ""
    vacancy_uuid: str = ""
    candidate_uuid: str = ""
    active_only: bool = False


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    person: ProposedPerson
    details_visible: bool  # the decline reason and notes (permissions.may_read_process_details)


def _require_read(user, region) -> None:
    if not may_read_proposals(user, region):
        raise PermissionDenied


def proposal_queryset(*, user, region) -> QuerySet[Proposal]:
    """The region's proposals with what presenting them needs (raises for users who may not read them)."""
    _require_read(user, region)
    return (
        Proposal.objects.filter(region=region)
        .select_related(
            "candidate__municipality",
            "candidate__responsible_organisation",
            "vacancy__employer__organisation",
            "created_by",
        )
        .prefetch_related("candidate__abilities", "candidate__desired_occupations")
    )


def proposal_search(*, user, region, filters: ProposalFilters) -> QuerySet[Proposal]:
    qs = proposal_queryset(user=user, region=region)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.active_only:
        qs = qs.filter(state__in=ACTIVE_STATES)
    if filters.vacancy_uuid:
        qs = qs.filter(vacancy__uuid=filters.vacancy_uuid)
    if filters.candidate_uuid:
        qs = qs.filter(candidate__uuid=filters.candidate_uuid)
    return qs.order_by("-created_at", "-id")


def present_proposals(*, user, region, proposals, request=None, context: str) -> list[ProposalRow]:
    """Rows for proposals of proposal_queryset; one access-log search entry names those shown in full."""
    cutoff = stale_before(region)
    people: dict[int, ProposedPerson] = {}
    rows = []
    for proposal in proposals:
        person = people.get(proposal.candidate_id)
        if person is None:
            person = people[proposal.candidate_id] = present_person(user, region, proposal.candidate, cutoff)
        rows.append(
            ProposalRow(
                proposal=proposal,
                person=person,
                details_visible=may_read_process_details(user, region, proposal.candidate),
            )
        )
    log_person_search(user=user, region=region, persons=people.values(), request=request, context=context)
    return rows


@dataclass(frozen=True)
class ProposalPage:
    page: Page
    rows: list[ProposalRow]


def proposal_list(
    *,
    user,
    region,
    filters: ProposalFilters,
    page_number=None,
    per_page: int = 25,
    request=None,
    context: str,
) -> ProposalPage:
    page = Paginator(proposal_search(user=user, region=region, filters=filters), per_page).get_page(
        page_number
    )
    rows = present_proposals(
        user=user, region=region, proposals=page.object_list, request=request, context=context
    )
    return ProposalPage(page=page, rows=rows)


def proposal_get(*, user, region, proposal_uuid) -> Proposal:
    """One proposal of the region the user may read; anything else (another region, no right) is 404."""
    try:
        return proposal_queryset(user=user, region=region).get(uuid=proposal_uuid)
    except (Proposal.DoesNotExist, ValueError, ValidationError, PermissionDenied) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class EventRow:
    event: ProposalEvent
    note: str | None  # None: withheld from this user
    override_reason: str | None


@dataclass(frozen=True)
class ProposalDetail:
    proposal: Proposal
    person: ProposedPerson
    details_visible: bool
    events: list[EventRow]
    steps: list[Step] = field(default_factory=list)


def proposal_detail(*, user, region, proposal: Proposal, request=None, context: str) -> ProposalDetail:
    """The proposal with its history and the steps this user may take; a person shown in full is a read of
    their record in the access log."""
    _require_read(user, region)
    if proposal.region_id != region.pk:
        raise Http404
    person = present_person(user, region, proposal.candidate, stale_before(region))
    details = may_read_process_details(user, region, proposal.candidate)
    events = [
        EventRow(
            event=event,
            note=event.note if details else None,
            override_reason=event.override_reason if details else None,
        )
        for event in ProposalEvent.objects.filter(proposal=proposal)
        .select_related("actor")
        .order_by("at", "id")
    ]
    if person.is_full:
        log_candidate_read(
            user=user, region=region, candidate=proposal.candidate, request=request, context=context
        )
    return ProposalDetail(
        proposal=proposal,
        person=person,
        details_visible=details,
        events=events,
        steps=allowed_steps(user, region, proposal),
    )


def proposals_section(
    *, user, region, vacancy: Vacancy | None = None, candidate_uuid=None, request=None, context: str
) -> tuple[list[ProposalRow], int]:
    """The proposals of one vacancy or one candidate for their pages: active ones first, then the latest, at
    most SECTION_LIMIT, and how many there are in all."""
    filters = ProposalFilters(
        vacancy_uuid=str(vacancy.uuid) if vacancy is not None else "",
        candidate_uuid=str(candidate_uuid) if candidate_uuid else "",
    )
    qs = proposal_search(user=user, region=region, filters=filters)
    total = qs.count()
    if not total:
        return [], 0
    ordered = qs.annotate(
        active_first=Case(When(state__in=sorted(ACTIVE_STATES), then=Value(0)), default=Value(1))
    ).order_by("active_first", "-created_at", "-id")
    rows = present_proposals(
        user=user, region=region, proposals=ordered[:SECTION_LIMIT], request=request, context=context
    )
    return rows, total


def candidate_for_proposal(*, region, candidate_uuid) -> Candidate | None:
    """The region's candidate with this uuid, for a service call (which checks who may propose them)."""
    try:
        return Candidate.objects.select_related("responsible_organisation").get(
            region=region, uuid=candidate_uuid
        )
    except (Candidate.DoesNotExist, ValueError, ValidationError):
        return None


def vacancy_for_proposal(*, region, vacancy_uuid) -> Vacancy | None:
    try:
        return Vacancy.objects.select_related("employer__organisation").get(region=region, uuid=vacancy_uuid)
    except (Vacancy.DoesNotExist, ValueError, ValidationError):
        return None


def active_pairs_by_uuid(*, region, vacancy_uuid=None, candidate_uuid=None) -> dict[tuple[str, str], object]:
    """(candidate uuid, vacancy uuid) → proposal uuid of the active proposals of one vacancy or one
    candidate: for the match lists, which show "proposed" instead of the button. Uuids only."""
    qs = Proposal.objects.filter(region=region, state__in=ACTIVE_STATES)
    if vacancy_uuid is not None:
        qs = qs.filter(vacancy__uuid=vacancy_uuid)
    if candidate_uuid is not None:
        qs = qs.filter(candidate__uuid=candidate_uuid)
    return {(str(c), str(v)): p for p, c, v in qs.values_list("uuid", "candidate__uuid", "vacancy__uuid")}


# --- for the matching rounds (internal: no user, uuids and figures only) ----------------------------------


def declined_pairs(*, region) -> set[tuple[str, str]]:
    """(candidate uuid, vacancy uuid) of every declined proposal in the region: a round does not propose
    the same pair again."""
    return {
        (str(c), str(v))
        for c, v in Proposal.objects.filter(region=region, state=ProposalState.DECLINED).values_list(
            "candidate__uuid", "vacancy__uuid"
        )
    }


def active_pairs(*, region) -> set[tuple[str, str]]:
    """(candidate uuid, vacancy uuid) of every active proposal: proposal_create refuses them again."""
    return {
        (str(c), str(v))
        for c, v in Proposal.objects.filter(region=region, state__in=ACTIVE_STATES).values_list(
            "candidate__uuid", "vacancy__uuid"
        )
    }


def active_commitments(*, region) -> dict[str, Decimal]:
    """Candidate uuid → the hours a week of their active proposals together."""
    rows = (
        Proposal.objects.filter(region=region, state__in=ACTIVE_STATES)
        .values("candidate__uuid")
        .annotate(total=Sum("hours_per_week"))
        .values_list("candidate__uuid", "total")
    )
    return {str(c): Decimal(total) for c, total in rows}


def positions_taken(*, region) -> dict[str, int]:
    """Vacancy uuid → how many of its positions are in an active process or filled by a hire."""
    rows = (
        Proposal.objects.filter(region=region, state__in=[*ACTIVE_STATES, ProposalState.HIRED])
        .values("vacancy__uuid")
        .annotate(n=Count("id"))
        .values_list("vacancy__uuid", "n")
    )
    return {str(v): n for v, n in rows}


# --- why matches fail ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    key: str
    label: str
    employer: int | None  # None: suppressed (1 to 4)
    candidate: int | None
    total: int | None


@dataclass(frozen=True)
class DeclineReport:
    date_from: date | None
    date_to: date | None
    suppressed: bool  # small counts hidden for this user
    declined: int | None
    by_reason: list[ReportRow]
    by_kind: list[ReportRow]
    proposed: int | None  # proposals made in the period
    hired: int | None
    withdrawn: int | None


def _cell(value: int, suppress: bool) -> int | None:
    """The count as this user may see it: for aggregate-only roles 1 to 4 become None ("fewer than 5") and
    the rest is rounded to the nearest 5, so that subtracting one shown count from another (a total from its
    parts) cannot give back a suppressed one."""
    if not suppress or value == 0:
        return value
    if value < SMALL_COUNT:
        return None
    return SMALL_COUNT * round(value / SMALL_COUNT)


def _rows(counts: Counter, choices, suppress: bool) -> list[ReportRow]:
    rows = []
    for key, label in choices:
        employer, candidate = counts[(key, DeclinedBy.EMPLOYER)], counts[(key, DeclinedBy.CANDIDATE)]
        rows.append(
            ReportRow(
                key=key,
                label=str(label),
                employer=_cell(employer, suppress),
                candidate=_cell(candidate, suppress),
                total=_cell(employer + candidate, suppress),
            )
        )
    return rows


def decline_report(
    *, user, region, date_from: date | None = None, date_to: date | None = None
) -> DeclineReport:
    """Why matches fail: the declines of the region (dated by the decline) per reason and per kind of
    vacancy, each split by who declined; beside them how many proposals were made, hired and withdrawn in
    the same period. Counts only, never a person or a vacancy; for policy advisers and board members counts
    from 1 to 4 are suppressed and the others rounded to the nearest 5 (_cell)."""
    if not may_read_report(user, region):
        raise PermissionDenied
    suppress = report_is_suppressed(user, region)
    events = ProposalEvent.objects.filter(proposal__region=region)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    declines = events.filter(to_state=ProposalState.DECLINED)
    by_reason: Counter = Counter()
    by_kind: Counter = Counter()
    for reason, declined_by, kind, n in (
        declines.values("reason", "declined_by", "proposal__vacancy__kind")
        .annotate(n=Count("id"))
        .values_list("reason", "declined_by", "proposal__vacancy__kind", "n")
    ):
        by_reason[(reason, declined_by)] += n
        by_kind[(kind, declined_by)] += n
    outcomes = events.aggregate(
        proposed=Count("id", filter=Q(from_state="")),
        hired=Count("id", filter=Q(to_state=ProposalState.HIRED)),
        withdrawn=Count("id", filter=Q(to_state=ProposalState.WITHDRAWN)),
    )
    reason_rows = _rows(by_reason, DeclineReason.choices, suppress)
    kind_rows = [row for row in _rows(by_kind, VacancyKind.choices, suppress) if row.total != 0]
    return DeclineReport(
        date_from=date_from,
        date_to=date_to,
        suppressed=suppress,
        declined=_cell(sum(by_reason.values()), suppress),
        by_reason=reason_rows,
        by_kind=kind_rows,
        proposed=_cell(outcomes["proposed"], suppress),
        hired=_cell(outcomes["hired"], suppress),
        withdrawn=_cell(outcomes["withdrawn"], suppress),
    )


def present_candidate(*, user, region, candidate: Candidate, request=None, context: str) -> ProposedPerson:
    """One candidate as the user may see them (for the proposing pages); a person shown in full is logged."""
    person = present_person(user, region, candidate, stale_before(region))
    if person.is_full:
        log_person_search(user=user, region=region, persons=[person], request=request, context=context)
    return person
