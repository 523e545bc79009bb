"""Region-wide proposal rounds: services and selectors (rules of who may do what in permissions.py).

A round takes every open position of the region (a vacancy with 3 positions, of which 1 already has an
active or successful proposal, has 2) and every candidate in the round's pool, and suggests the assignment
with the highest total score (assignment.solve: first-tier priority first, then points, then the number of
suggestions), each candidate at most once. Suggestions are for people: accepting one makes a proposal through
the proposals app (with its double-booking check), rejecting one records why. Nothing else changes.

The pool of a round (also the base of its fairness report): the region's candidates who are available on the
round's date with a profile confirmed within the region's freshness period and region-wide consent to share
it (the engine's candidate-side hard constraints), less those in an active process. A candidate with hours in
an active proposal process is left out of the round altogether rather than fitted into their remaining hours:
one process at a time keeps double booking out of a round, and a consultant can still propose them by hand.
Pairs declined before are not suggested again. Candidates of the own organisation without consent are not
in a round: a round is region-wide, so the region-wide consent applies.

Running: `round_start` stores a queued round and, once the transaction has committed, hands it to the Celery
task `run_match_round` (a worker when a broker is configured, in-process otherwise, as imports do), one task
per round, so the rounds of several regions run in parallel on the workers. At most one round per region is
queued or running (a partial unique index). `round_run` writes its stage and percentage to the round's row
as it goes (loading, scoring, solving, saving) so the page can poll it, and never raises: a failure marks
the round failed with a fixed message and logs the exception's type and stack (never its text, which could
hold personal data).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, pseudonym
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access, log_change
from werkbedrijf.candidates.models import Candidate, CandidateStatus, Gender, TargetGroup
from werkbedrijf.candidates.selectors import AGE_BANDS, CandidateProfile, age_band, candidate_profiles
from werkbedrijf.candidates.selectors import freshness_days as region_freshness_days
from werkbedrijf.regions.models import Municipality, Region
from werkbedrijf.vacancies.models import Vacancy, VacancyStatus

from . import engine
from .assignment import Assignment, Edge, solve
from .costs import CostCalculator
from .facts import PoolMember, candidate_pool, job_facts
from .index import round_edges
from .models import (
    ACTIVE_ROUND_STATUSES,
    MatchRound,
    MatchWeights,
    RoundError,
    RoundStage,
    RoundStatus,
    RoundSuggestion,
    SuggestionState,
)
from .permissions import (
    fairness_exact_counts,
    may_decide_suggestion,
    may_list_rounds,
    may_read_fairness,
    may_see_round_suggestions,
    may_start_round,
)
from .selectors import DEFAULT_WEIGHTS_VERSION, priority_rules_in_force, weights_in_force

logger = logging.getLogger(__name__)

MAX_TOP_K = 1000
MAX_DAYS_FROM_TODAY = 366
# A round still queued or running after this long lost its worker; the next start marks it failed.
STALE_ROUND_AGE = timedelta(hours=6)
# The scoring stage reports progress after each of this many slices of the vacancies.
SCORING_SLICES = 10
SUGGESTIONS_PER_PAGE = 50
SMALL_CELL = 5  # counts from 1 to SMALL_CELL - 1 are shown as "<5" to roles that see no persons

CONTEXT_SUGGESTIONS = "Suggesties van een matchronde bekeken (interface)"

Progress = Callable[[str, int], None]


# --- facts from the proposals app ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalFacts:
    declined: set[tuple[str, str]]  # (candidate uuid, vacancy uuid) declined before
    commitments: dict[str, Decimal]  # candidate uuid → hours in active processes
    taken: dict[str, int]  # vacancy uuid → active and successful proposals


def proposal_facts(*, region) -> ProposalFacts:
    from werkbedrijf.proposals.selectors import (  # noqa: PLC0415 (proposals is built beside matching)
        active_commitments,
        declined_pairs,
        positions_taken,
    )

    return ProposalFacts(
        declined=set(declined_pairs(region=region)),
        commitments=dict(active_commitments(region=region)),
        taken=dict(positions_taken(region=region)),
    )


# --- computing a round (no round row needed: the command's --dry-run uses this alone) -----------------------

FAIRNESS_DIMENSIONS = ("municipality", "target_group", "age_band", "gender")


@dataclass
class RoundResult:
    region: Region
    on: date
    top_k: int | None
    weights_version: str
    pool: list[PoolMember]  # the round's pool (see the module's docstring)
    jobs: list[engine.JobFacts]  # the vacancies with open positions; `positions` is the open number
    vacancy_pks: dict[str, int]
    edges: list[Edge]
    assignment: Assignment
    candidates_in_process: int
    declined_pairs_skipped: int
    candidate_groups: dict[str, tuple[str, str, str, str]]  # candidate uuid → its group per dimension
    seconds: float = 0.0

    @property
    def positions(self) -> int:
        return sum(job.positions for job in self.jobs)

    @property
    def candidates_eligible(self) -> int:
        return len({edge.candidate for edge in self.edges})

    def pool_groups(self) -> dict:
        """The pool's size per group of each fairness dimension (counts only)."""
        out: dict = {"total": len(self.pool)}
        for i, dimension in enumerate(FAIRNESS_DIMENSIONS):
            counter = Counter(groups[i] for groups in self.candidate_groups.values())
            out[dimension] = dict(sorted(counter.items()))
        return out


def _pool(region, on: date, days: int, commitments: dict[str, Decimal]):
    candidates = Candidate.objects.filter(region=region, status=CandidateStatus.AVAILABLE)
    available = [
        m
        for m in candidate_pool(candidates)
        if m.facts.shared_in_region
        and engine.is_fresh(m.facts, on, days)
        and m.facts.status == engine.AVAILABLE
    ]
    pool = [m for m in available if not commitments.get(m.facts.key)]
    wanted = {m.pk for m in pool}
    groups = {}
    for pk, uuid, municipality, born, gender, target_group in candidates.values_list(
        "pk", "uuid", "municipality__code", "date_of_birth", "gender", "target_group"
    ):
        if pk in wanted:
            groups[str(uuid)] = (municipality, target_group, age_band(born, on), gender)
    pool.sort(key=lambda m: m.facts.key)
    return pool, len(available) - len(pool), groups


def _jobs(region, taken: dict[str, int]) -> tuple[list[engine.JobFacts], dict[str, int]]:
    jobs, pks = [], {}
    for vacancy, facts in job_facts(Vacancy.objects.filter(region=region, status=VacancyStatus.OPEN)):
        open_positions = max(0, vacancy.number_of_positions - taken.get(facts.key, 0))
        if open_positions:
            jobs.append(dataclasses.replace(facts, positions=open_positions))
            pks[facts.key] = vacancy.pk
    jobs.sort(key=lambda job: job.key)
    return jobs, pks


def compute_round(
    *, region, on: date, top_k: int | None = None, progress: Progress | None = None
) -> RoundResult:
    """The round's pool, open positions, eligible pairs and optimal assignment; stores nothing."""
    started = time.perf_counter()
    report = progress or (lambda stage, percent: None)
    report(RoundStage.LOADING, 5)
    facts = proposal_facts(region=region)
    days = region_freshness_days(region)
    weights = weights_in_force(region=region, on=on)
    rules = priority_rules_in_force(region=region, on=on)
    pool, in_process, groups = _pool(region, on, days, facts.commitments)
    jobs, vacancy_pks = _jobs(region, facts.taken)
    in_pool = {m.facts.key for m in pool}
    skip = {(c, v) for c, v in facts.declined if c in in_pool and v in vacancy_pks}

    report(RoundStage.SCORING, 15)
    costs = CostCalculator(on)
    people = [m.facts for m in pool]
    edges: list[Edge] = []
    size = max(1, math.ceil(len(jobs) / SCORING_SLICES))
    for start in range(0, len(jobs), size):
        edges.extend(
            round_edges(
                people,
                jobs[start : start + size],
                on,
                weights=weights,
                rules=rules,
                freshness_days=days,
                skip_pairs=skip,
                top_k=top_k,
                costs=costs,
            )
        )
        report(RoundStage.SCORING, 15 + round(60 * min(len(jobs), start + size) / len(jobs)))

    report(RoundStage.SOLVING, 75)
    assignment = solve(edges, {job.key: job.positions for job in jobs})
    return RoundResult(
        region=region,
        on=on,
        top_k=top_k,
        weights_version=weights.version,
        pool=pool,
        jobs=jobs,
        vacancy_pks=vacancy_pks,
        edges=edges,
        assignment=assignment,
        candidates_in_process=in_process,
        declined_pairs_skipped=len(skip),
        candidate_groups=groups,
        seconds=time.perf_counter() - started,
    )


# --- services -----------------------------------------------------------------------------------------------


def _check_round_input(on: date, top_k: int | None) -> None:
    errors = {}
    today = timezone.localdate()
    if abs((on - today).days) > MAX_DAYS_FROM_TODAY:
        errors["on"] = [_("Choose a date within a year from today.")]
    if top_k is not None and (
        isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K
    ):
        errors["top_k"] = [
            _("Give a whole number from 1 to %(max)s, or leave it empty.") % {"max": MAX_TOP_K}
        ]
    if errors:
        raise ValidationError(errors)


def fail_stale_rounds(*, region, now=None) -> int:
    """Mark the region's rounds queued or running for too long as failed (their worker is gone)."""
    now = now or timezone.now()
    return MatchRound.objects.filter(
        region=region, status__in=ACTIVE_ROUND_STATUSES, created_at__lt=now - STALE_ROUND_AGE
    ).update(status=RoundStatus.FAILED, stage=RoundStage.FAILED, error=RoundError.STALE, finished_at=now)


def _already_running() -> ValidationError:
    return ValidationError(
        _("A round for this region is already queued or running. Wait until it has finished."),
        code="round_active",
    )


def round_start(
    *, user, region, on: date | None = None, top_k: int | None = None, request=None, enqueue: bool = True
) -> MatchRound:
    """Store a queued round and hand it to a worker once the transaction commits.

    `user` None is a system run (only the command line does that; every page passes its user, whose
    permission is checked). With `enqueue` False the caller runs the round itself (`round_run`).
    Raises ValidationError (code "round_active") while another round of the region is queued or running.
    """
    from .tasks import run_match_round  # noqa: PLC0415 (tasks imports this module)

    if user is not None and not may_start_round(user, region):
        raise PermissionDenied
    on = on or timezone.localdate()
    _check_round_input(on, top_k)
    fail_stale_rounds(region=region)
    with transaction.atomic():
        Region.objects.select_for_update().get(pk=region.pk)
        if MatchRound.objects.filter(region=region, status__in=ACTIVE_ROUND_STATUSES).exists():
            raise _already_running()
        try:
            with transaction.atomic():
                match_round = MatchRound.objects.create(
                    region=region,
                    on=on,
                    top_k=top_k,
                    weights_version=weights_in_force(region=region, on=on).version,
                    started_by=user,
                )
        except IntegrityError as exc:  # a start in another transaction got there first
            raise _already_running() from exc
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type="match_round",
            object_uuid=match_round.uuid,
            object_label=f"{region.code} {on:%d-%m-%Y}",
            context=f"Matchronde gestart voor regio {region.code} op {on:%d-%m-%Y}"
            + ("" if user is not None else " (systeem, commandoregel)"),
            changed_fields=["on", "top_k"] if top_k else ["on"],
            region_code=region.code,
            request=request,
        )
        if enqueue:
            round_uuid = str(match_round.uuid)
            transaction.on_commit(lambda: run_match_round.delay(round_uuid))
    return match_round


def _set_progress(round_pk: int, stage: str, percent: int, progress: Progress | None) -> None:
    MatchRound.objects.filter(pk=round_pk, status=RoundStatus.RUNNING).update(
        stage=stage, progress=max(0, min(100, percent))
    )
    if progress is not None:
        progress(stage, percent)


def round_run(round_uuid, progress: Progress | None = None) -> RoundResult | None:
    """Run one queued round to its end; never raises. Returns the computed round (None when it did not run
    or failed). `progress(stage, percent)` is told each stage as well as the round's row."""
    claimed = MatchRound.objects.filter(uuid=round_uuid, status=RoundStatus.QUEUED).update(
        status=RoundStatus.RUNNING, stage=RoundStage.LOADING, progress=0, started_at=timezone.now()
    )
    if not claimed:
        return None
    match_round = MatchRound.objects.select_related("region").get(uuid=round_uuid)
    try:
        result = compute_round(
            region=match_round.region,
            on=match_round.on,
            top_k=match_round.top_k,
            progress=lambda stage, percent: _set_progress(match_round.pk, stage, percent, progress),
        )
        _set_progress(match_round.pk, RoundStage.SAVING, 90, progress)
        saved = _save(match_round, result)
    except Exception as error:  # noqa: BLE001 - a round must end; its row says it failed
        logger.error(
            "Matching round %s failed with %s\n%s",
            match_round.uuid,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        MatchRound.objects.filter(pk=match_round.pk, status=RoundStatus.RUNNING).update(
            status=RoundStatus.FAILED,
            stage=RoundStage.FAILED,
            error=RoundError.UNEXPECTED,
            finished_at=timezone.now(),
        )
        if progress is not None:
            progress(RoundStage.FAILED, 100)
        return None
    if saved and progress is not None:
        progress(RoundStage.DONE, 100)
    return result if saved else None


def _save(match_round: MatchRound, result: RoundResult) -> bool:
    """Store the suggestions and the counts, unless the round was stopped meanwhile (stale)."""
    candidate_pks = {m.facts.key: m.pk for m in result.pool}
    with transaction.atomic():
        locked = MatchRound.objects.select_for_update().get(pk=match_round.pk)
        if locked.status != RoundStatus.RUNNING:
            return False
        suggestions = []
        for proposal in result.assignment.proposals:
            municipality, target_group, band, gender = result.candidate_groups[proposal.candidate]
            suggestions.append(
                RoundSuggestion(
                    round_id=locked.pk,
                    candidate_id=candidate_pks[proposal.candidate],
                    vacancy_id=result.vacancy_pks[proposal.job],
                    points=proposal.points,
                    tier=proposal.tier,
                    group_municipality=municipality,
                    group_target_group=target_group,
                    group_age_band=band,
                    group_gender=gender,
                )
            )
        RoundSuggestion.objects.bulk_create(suggestions, batch_size=2000)
        MatchRound.objects.filter(pk=locked.pk).update(
            status=RoundStatus.DONE,
            stage=RoundStage.DONE,
            progress=100,
            finished_at=timezone.now(),
            weights_version=result.weights_version,
            positions=result.positions,
            vacancies=len(result.jobs),
            candidates_considered=len(result.pool),
            candidates_eligible=result.candidates_eligible,
            candidates_in_process=result.candidates_in_process,
            declined_pairs_skipped=result.declined_pairs_skipped,
            eligible_edges=len(result.edges),
            suggestions_count=len(suggestions),
            objective=result.assignment.objective,
            first_tier=result.assignment.first_tier,
            seconds=round(result.seconds, 3),
            pool_groups=result.pool_groups(),
        )
        log_change(
            actor=None,
            action=AccessAction.UPDATE,
            object_type="match_round",
            object_uuid=locked.uuid,
            object_label=f"{locked.region.code} {locked.on:%d-%m-%Y}",
            context=(
                f"Matchronde uitgevoerd: {len(suggestions)} suggesties voor {result.positions} open plaatsen "
                f"uit {len(result.pool)} kandidaten"
            ),
            changed_fields=["status", "suggestions"],
            region_code=locked.region.code,
        )
    return True


def _suggestion_for_decision(*, user, region, suggestion: RoundSuggestion) -> RoundSuggestion:
    locked = (
        RoundSuggestion.objects.select_for_update()
        .select_related("round__region", "candidate", "vacancy")
        .get(pk=suggestion.pk)
    )
    if locked.round.region_id != region.pk:
        raise Http404
    if not may_decide_suggestion(user, region, locked.candidate.responsible_organisation_id):
        raise PermissionDenied
    if locked.state != SuggestionState.OPEN:
        raise ValidationError(_("This suggestion has already been decided."), code="decided")
    return locked


def _record_decision(*, user, region, locked: RoundSuggestion, state: str, context: str, request, **fields):
    """Store the decision on the locked suggestion (state, who, when and `fields`) and log it."""
    locked.state = state
    locked.decided_by = user
    locked.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["state", "decided_by", "decided_at", *fields])
    log_change(
        actor=user,
        action=AccessAction.UPDATE,
        object_type="round_suggestion",
        object_uuid=locked.uuid,
        object_label=pseudonym("kandidaat", locked.candidate.uuid),
        context=context,
        changed_fields=["state", *("proposal" if name == "proposal_uuid" else name for name in fields)],
        region_code=region.code,
        request=request,
    )


def suggestion_accept(
    *, user, region, suggestion: RoundSuggestion, note: str = "", override_reason: str = "", request=None
) -> RoundSuggestion:
    """Propose the candidate for the vacancy (proposals.services.proposal_create, source "round") and mark the
    suggestion accepted. A ValidationError of the proposal (e.g. code "double_booking" without an override
    reason) propagates and nothing changes."""
    from werkbedrijf.proposals.services import proposal_create  # noqa: PLC0415 (proposals is built beside matching)

    with transaction.atomic():
        locked = _suggestion_for_decision(user=user, region=region, suggestion=suggestion)
        proposal = proposal_create(
            user=user,
            region=region,
            candidate=locked.candidate,
            vacancy=locked.vacancy,
            note=note,
            override_reason=override_reason,
            source="round",
            points=locked.points,
            tier=locked.tier,
            weights_version=locked.round.weights_version,
            request=request,
        )
        _record_decision(
            user=user,
            region=region,
            locked=locked,
            state=SuggestionState.ACCEPTED,
            context="Suggestie uit een matchronde geaccepteerd: kandidaat voorgedragen",
            request=request,
            proposal_uuid=proposal.uuid,
        )
    return locked


def suggestion_reject(
    *, user, region, suggestion: RoundSuggestion, reason: str, request=None
) -> RoundSuggestion:
    """Record that the suggestion is not followed, and why (no proposal is made)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": [_("Say briefly why this suggestion is not followed.")]})
    if len(reason) > 300:
        raise ValidationError({"reason": [_("Keep the reason to at most 300 characters.")]})
    with transaction.atomic():
        locked = _suggestion_for_decision(user=user, region=region, suggestion=suggestion)
        _record_decision(
            user=user,
            region=region,
            locked=locked,
            state=SuggestionState.REJECTED,
            context="Suggestie uit een matchronde afgewezen",
            request=request,
            reject_reason=reason,
        )
    return locked


# --- selectors ----------------------------------------------------------------------------------------------


def round_list(*, user, region):
    """The region's rounds, newest first (no personal data in them)."""
    if region is None or not may_list_rounds(user, region):
        raise PermissionDenied
    return (
        MatchRound.objects.filter(region=region).select_related("started_by").order_by("-created_at", "-id")
    )


def round_get(*, user, region, round_uuid) -> MatchRound:
    if region is None or not may_list_rounds(user, region):
        raise PermissionDenied
    try:
        return MatchRound.objects.select_related("region", "started_by").get(region=region, uuid=round_uuid)
    except (MatchRound.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def suggestion_get(*, user, region, match_round: MatchRound, suggestion_uuid) -> RoundSuggestion:
    """A suggestion of this round that the user sees (404 otherwise)."""
    try:
        return _visible_suggestions(user, region, match_round).get(uuid=suggestion_uuid)
    except (RoundSuggestion.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def _visible_suggestions(user, region, match_round: MatchRound):
    """The suggestions whose candidate the user may see: the own organisation's, and other partners' with
    region-wide consent where the user sees other partners' candidates (as candidate_profile decides)."""
    if not may_see_round_suggestions(user, region):
        return RoundSuggestion.objects.none()
    visible = Q(pk__in=[])
    if (
        user.organisation_id
        and candidate_visibility(user, region, user.organisation_id) >= Visibility.PSEUDONYMISED
    ):
        visible |= Q(candidate__responsible_organisation_id=user.organisation_id)
    if candidate_visibility(user, region) >= Visibility.PSEUDONYMISED:
        visible |= Q(candidate__shared_in_region=True)
    return RoundSuggestion.objects.filter(visible, round=match_round, candidate__region=region)


@dataclass(frozen=True)
class SuggestionRow:
    suggestion: RoundSuggestion
    profile: CandidateProfile
    may_decide: bool
    score_now: engine.Score | None  # the factors as they are now (None: the pair no longer qualifies)
    exclusions_now: tuple[engine.Exclusion, ...] = ()

    @property
    def changed(self) -> bool:
        return self.score_now is not None and self.score_now.points != self.suggestion.points


@dataclass(frozen=True)
class VacancyGroup:
    vacancy: Vacancy
    rows: list[SuggestionRow]


@dataclass(frozen=True)
class SuggestionPage:
    page: Page
    groups: list[VacancyGroup]
    total: int  # suggestions the user sees (all states)
    explained_with: str  # weights version of the "why"


def round_weights(match_round: MatchRound) -> engine.Weights:
    """The weights version the round used (the one in force on its date if that version is unknown)."""
    prefix = f"{match_round.region.code}-"
    label = match_round.weights_version
    if label == DEFAULT_WEIGHTS_VERSION:
        return engine.Weights(DEFAULT_WEIGHTS_VERSION)
    if label.startswith(prefix) and label[len(prefix) :].isdigit():
        version = (
            MatchWeights.objects.filter(region=match_round.region, number=int(label[len(prefix) :]))
            .select_related("region")
            .first()
        )
        if version is not None:
            return version.as_weights()
    return weights_in_force(region=match_round.region, on=match_round.on)


def round_suggestions(
    *,
    user,
    region,
    match_round: MatchRound,
    page_number=None,
    state: str = "",
    own_only: bool = False,
    request=None,
    context: str = CONTEXT_SUGGESTIONS,
    per_page: int = SUGGESTIONS_PER_PAGE,
) -> SuggestionPage:
    """One page of the round's suggestions the user may see, grouped by vacancy, each with its score
    explained as the pair stands now (recomputed for the page: the round stores points, not explanations).

    Persons are shown through candidates.selectors (pseudonymised unless the user sees them in full; the full
    ones are access-logged as one search).
    """
    if not may_see_round_suggestions(user, region):
        raise PermissionDenied
    if match_round.region_id != region.pk:
        raise Http404
    visible = _visible_suggestions(user, region, match_round)
    total = visible.count()
    if state in SuggestionState.values:
        visible = visible.filter(state=state)
    if own_only and user.organisation_id:
        visible = visible.filter(candidate__responsible_organisation_id=user.organisation_id)
    ordered = visible.select_related("vacancy__employer__organisation", "vacancy__occupation").order_by(
        "vacancy__title", "vacancy_id", "-tier", "-points", "id"
    )
    page = Paginator(ordered, per_page).get_page(page_number)
    suggestions = list(page.object_list)
    weights = round_weights(match_round)
    if not suggestions:
        return SuggestionPage(page=page, groups=[], total=total, explained_with=weights.version)

    candidate_pks = [s.candidate_id for s in suggestions]
    found = {
        c.pk: c
        for c in Candidate.objects.filter(pk__in=candidate_pks)
        .select_related("municipality", "responsible_organisation")
        .prefetch_related("abilities", "desired_occupations")
        .annotate(has_region_consent=F("shared_in_region"))
    }
    profiles = candidate_profiles(
        user=user,
        region=region,
        candidates=[found[s.candidate_id] for s in suggestions],
        request=request,
        context=context,
    )
    people = {
        m.pk: m.facts
        for m in candidate_pool(Candidate.objects.filter(pk__in=candidate_pks), include_left=True)
    }
    jobs = {v.pk: f for v, f in job_facts(Vacancy.objects.filter(pk__in={s.vacancy_id for s in suggestions}))}
    rules = priority_rules_in_force(region=region, on=match_round.on)
    days = region_freshness_days(region)
    costs = CostCalculator(match_round.on)

    owner = {pk: c.responsible_organisation_id for pk, c in found.items()}
    groups: dict[int, VacancyGroup] = {}
    for suggestion, profile in zip(suggestions, profiles, strict=True):
        person, job = people.get(suggestion.candidate_id), jobs[suggestion.vacancy_id]
        score_now, exclusions = None, ()
        if person is not None:
            exclusions = tuple(engine.hard_constraints(person, job, match_round.on, freshness_days=days))
            if not exclusions:
                cost = costs.pair(person, job)
                score_now = engine.score(person, job, weights, rules, match_round.on, cost=cost)
        row = SuggestionRow(
            suggestion=suggestion,
            profile=profile,
            may_decide=suggestion.state == SuggestionState.OPEN
            and may_decide_suggestion(user, region, owner[suggestion.candidate_id]),
            score_now=score_now,
            exclusions_now=exclusions,
        )
        group = groups.get(suggestion.vacancy_id)
        if group is None:
            group = groups[suggestion.vacancy_id] = VacancyGroup(vacancy=suggestion.vacancy, rows=[])
        group.rows.append(row)
    return SuggestionPage(
        page=page, groups=list(groups.values()), total=total, explained_with=weights.version
    )


# --- the fairness report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A count or a figure computed from counts; `hidden` when it is, or rests on, a small cell."""

    value: float | int | None
    hidden: bool = False

    @property
    def shown(self) -> bool:
        return not self.hidden and self.value is not None


@dataclass(frozen=True)
class FairnessRow:
    code: str
    label: str
    pool: Figure
    pool_share: Figure  # % of the pool
    suggested: Figure
    suggested_share: Figure  # % of the suggestions
    per_100: Figure  # suggestions per 100 of the group in the pool
    ratio: Figure  # share of the suggestions / share of the pool (1.00: in proportion)
    accepted: Figure
    decided: Figure
    acceptance: Figure  # % accepted of those decided


@dataclass(frozen=True)
class FairnessTable:
    dimension: str
    title: object
    rows: list[FairnessRow]


@dataclass(frozen=True)
class FairnessReport:
    pool_total: Figure
    suggested_total: Figure
    accepted_total: Figure
    decided_total: Figure
    per_100: Figure
    suppressed: bool  # small cells hidden and counts rounded to 5 for this user
    tables: list[FairnessTable] = field(default_factory=list)


DIMENSION_TITLES = {
    "municipality": gettext_lazy("Municipality of residence"),
    "target_group": gettext_lazy("Target group"),
    "age_band": gettext_lazy("Age band (on the round's date)"),
    "gender": gettext_lazy("Gender"),
}
_SUGGESTION_GROUP_FIELD = {
    "municipality": "group_municipality",
    "target_group": "group_target_group",
    "age_band": "group_age_band",
    "gender": "group_gender",
}
AGE_BAND_ORDER = ["<18", *(f"{low}–{high}" for low, high in AGE_BANDS), "65+"]


def _labels(dimension: str, codes) -> dict[str, str]:
    if dimension == "municipality":
        names = dict(
            Municipality.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name")
        )
        return {code: names.get(code, code) or _("Unknown") for code in codes}
    if dimension == "target_group":
        return {code: str(TargetGroup(code).label) if code in TargetGroup.values else code for code in codes}
    if dimension == "gender":
        return {code: str(Gender(code).label) if code in Gender.values else code for code in codes}
    return {code: code for code in codes}


def _order(dimension: str, codes, labels: dict[str, str]) -> list[str]:
    if dimension == "age_band":
        position = {band: i for i, band in enumerate(AGE_BAND_ORDER)}
        return sorted(codes, key=lambda c: (position.get(c, len(position)), c))
    if dimension in ("target_group", "gender"):
        choices = list((TargetGroup if dimension == "target_group" else Gender).values)
        return sorted(codes, key=lambda c: (choices.index(c) if c in choices else len(choices), c))
    return sorted(codes, key=lambda c: labels[c])


def rounded(n: int) -> int:
    """To the nearest multiple of 5 (halves up), as the proposals' decline report rounds."""
    return SMALL_CELL * ((n + SMALL_CELL // 2) // SMALL_CELL)


def fairness_report(*, user, region, match_round: MatchRound) -> FairnessReport:
    """Suggestions and acceptance per group of the pool, against the group's share of the pool.

    The pool is the round's (see the module's docstring), as counted when the round ran; suggestions and their
    decisions are counted now. No persons: counts per group only. For roles that see no persons a count from
    1 to 4 is hidden ("<5") and every other count, totals included, is rounded to the nearest 5, with shares
    and rates computed from the rounded counts; so a hidden count cannot be got back by subtracting the
    others from a total (as the proposals' decline report does).
    """
    if not may_read_fairness(user, region):
        raise PermissionDenied
    if match_round.region_id != region.pk:
        raise Http404
    suppress = not fairness_exact_counts(user, region)
    pool_groups = match_round.pool_groups or {}
    pool_total = int(pool_groups.get("total", 0))
    suggestions = RoundSuggestion.objects.filter(round=match_round)
    totals = dict(suggestions.values_list("state").annotate(n=Count("id")).order_by())
    suggested_total = sum(totals.values())
    accepted_total = totals.get(SuggestionState.ACCEPTED, 0)
    decided_total = accepted_total + totals.get(SuggestionState.REJECTED, 0)

    def count(n: int) -> Figure:
        if not suppress:
            return Figure(n)
        if 0 < n < SMALL_CELL:
            return Figure(None, hidden=True)
        return Figure(rounded(n))

    def ratio(numerator: Figure, denominator: Figure, scale: float = 1.0) -> Figure:
        if numerator.hidden or denominator.hidden:
            return Figure(None, hidden=True)
        if not denominator.value:
            return Figure(None)
        return Figure(scale * numerator.value / denominator.value)

    pool_all, suggested_all = count(pool_total), count(suggested_total)

    tables = []
    for dimension in FAIRNESS_DIMENSIONS:
        in_pool: dict[str, int] = {str(k): int(v) for k, v in (pool_groups.get(dimension) or {}).items()}
        per_state: dict[str, Counter] = defaultdict(Counter)
        for code, state, n in (
            suggestions.values_list(_SUGGESTION_GROUP_FIELD[dimension], "state")
            .annotate(n=Count("id"))
            .order_by()
        ):
            per_state[code][state] += n
        codes = set(in_pool) | set(per_state)
        labels = _labels(dimension, codes)
        rows = []
        for code in _order(dimension, codes, labels):
            states = per_state.get(code, Counter())
            pool_n = count(in_pool.get(code, 0))
            suggested = count(sum(states.values()))
            accepted = count(states[SuggestionState.ACCEPTED])
            decided = count(states[SuggestionState.ACCEPTED] + states[SuggestionState.REJECTED])
            pool_share = ratio(pool_n, pool_all, 100)
            suggested_share = ratio(suggested, suggested_all, 100)
            rows.append(
                FairnessRow(
                    code=code,
                    label=labels[code],
                    pool=pool_n,
                    pool_share=pool_share,
                    suggested=suggested,
                    suggested_share=suggested_share,
                    per_100=ratio(suggested, pool_n, 100),
                    ratio=ratio(suggested_share, pool_share),
                    accepted=accepted,
                    decided=decided,
                    acceptance=ratio(accepted, decided, 100),
                )
            )
        tables.append(FairnessTable(dimension=dimension, title=DIMENSION_TITLES[dimension], rows=rows))
    return FairnessReport(
        pool_total=pool_all,
        suggested_total=suggested_all,
        accepted_total=count(accepted_total),
        decided_total=count(decided_total),
        per_100=ratio(suggested_all, pool_all, 100),
        suppressed=suppress,
        tables=tables,
    )


# --- the command's export -----------------------------------------------------------------------------------

EXPORT_HEADER = ("candidate_uuid", "vacancy_uuid", "points", "tier", "chosen")


def export_rows(result: RoundResult):
    """One row per scored (eligible) pair, with 1 in `chosen` for the pairs of the assignment."""
    chosen = {(p.candidate, p.job) for p in result.assignment.proposals}
    for edge in sorted(result.edges, key=lambda e: (e.job, e.candidate)):
        yield (
            edge.candidate,
            edge.job,
            edge.points,
            edge.tier,
            1 if (edge.candidate, edge.job) in chosen else 0,
        )


def log_export(*, user, region, match_round: MatchRound | None, on: date, rows: int, path: str) -> None:
    kind = "proefrun" if match_round is None else "opgeslagen ronde"
    log_access(
        actor=user,
        action=AccessAction.EXPORT,
        object_type="match_round",
        object_uuid=match_round.uuid if match_round is not None else None,
        object_label=f"{region.code} {on:%d-%m-%Y}",
        context=(
            f"Gescoorde paren en toewijzing van een matchronde ({kind}, {rows} paren) geëxporteerd naar "
            f"{path} (commandoregel)"
        ),
        region_code=region.code,
    )
