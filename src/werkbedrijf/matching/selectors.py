"""Ranked matches, always as a given user in a given region (rules in permissions.py).

`matches_for_vacancy` scores every candidate of the region (who has not left the pool) against one vacancy,
through the process's candidate index of the region (index.py: the same results as the engine pair by pair,
kept up to date from the database on every use);
`matches_for_candidate` scores every open vacancy of the region against one candidate. Both return the best
`limit` with their score explained per factor, and how many were excluded for each reason (a person excluded
for two reasons counts under both). Persons are presented through candidates.selectors, which pseudonymises
whom the user may not see in full and access-logs the full ones.

The employer's net cost of each pair is scored with a costs.CostCalculator made per request (it reads the
legal figures in force on the day matched); without those figures every pair's cost factor is "not
calculated", 0 points, and `cost_calculated` is false.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbedrijf.accounts.permissions import Visibility, candidate_visibility
from werkbedrijf.candidates.models import Candidate
from werkbedrijf.candidates.selectors import (
    CandidateProfile,
    candidate_profile,
    candidate_profiles,
    freshness_days,
    log_candidate_read,
)
from werkbedrijf.vacancies.models import Vacancy, VacancyStatus
from werkbedrijf.wage_value.presentation import unconfirmed_figures

from . import engine
from .costs import CostCalculator
from .facts import PoolMember, candidate_pool, job_facts
from .index import region_index
from .models import MatchWeights, PriorityRule
from .permissions import (
    CandidateMatchScope,
    candidate_match_scope,
    may_match_vacancies,
    may_read_configuration,
)

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
DEFAULT_WEIGHTS_VERSION = "default"

# What each exclusion code means, for counts (the engine's reasons carry one pair's figures).
EXCLUSION_SUMMARIES = {
    engine.NOT_IN_REGISTER: _("Jobs-agreement job: not in the target-group register"),
    engine.NO_SHELTERED_WORK_INDICATION: _("Sheltered work: no indication for sheltered work"),
    engine.NOT_AVAILABLE_STATUS: _("Status other than available"),
    engine.STALE_PROFILE: _("Profile not confirmed within the freshness period"),
    engine.NO_CONSENT: _("No consent to share the profile in the region"),
    engine.NOT_AVAILABLE_YET: _("Not available by the start date"),
    engine.HOURS_ABOVE_MAX: _("More hours than the candidate can work"),
    engine.HOURS_BELOW_MIN: _("Fewer hours than the candidate wants"),
    engine.TOO_FAR: _("Further than the candidate's maximum travel distance"),
    engine.TOO_FAR_FOR_TRANSPORT: _("Too far for the candidate's transport"),
    engine.ABILITY: _("Functional abilities beyond what the job accommodates"),
}
EXCLUSION_ORDER = list(EXCLUSION_SUMMARIES)


# --- configuration -----------------------------------------------------------------------------------------


def _consent_as_seen_by(user, region, member: PoolMember) -> PoolMember:
    """Region-wide consent is about sharing with the other partners: the candidate's own organisation, which
    sees the candidate in full, matches them without it."""
    if (
        member.responsible_organisation_id == user.organisation_id
        and not member.facts.shared_in_region
        and candidate_visibility(user, region, member.responsible_organisation_id) >= Visibility.FULL
    ):
        return dataclasses.replace(member, facts=dataclasses.replace(member.facts, shared_in_region=True))
    return member


def weights_in_force(*, region, on: date) -> engine.Weights:
    """The region's weights on `on`: the latest version from on or before that date, else the defaults."""
    version = (
        MatchWeights.objects.filter(region=region, valid_from__lte=on)
        .select_related("region")
        .order_by("-valid_from", "-number")
        .first()
    )
    return version.as_weights() if version else engine.Weights(DEFAULT_WEIGHTS_VERSION)


def current_priority_rules(*, region) -> list[PriorityRule]:
    """The latest version of each of the region's priority rules, retired ones included."""
    latest: dict[str, PriorityRule] = {}
    for rule in PriorityRule.objects.filter(region=region).order_by("code", "number"):
        latest[rule.code] = rule
    return list(latest.values())


def priority_rules_in_force(*, region, on: date) -> list[engine.PriorityRule]:
    """The region's priority rules whose period includes `on` (none when the region has none).

    A rule counts in its latest version. A retired rule (latest version not active) still counts in its
    latest active version for dates before the day it was retired, so that retiring it does not rewrite what
    applied in the past (a match of 2016 is explained with the rules of 2016).
    """
    versions: dict[str, list[PriorityRule]] = {}
    for rule in PriorityRule.objects.filter(region=region).order_by("code", "number"):
        versions.setdefault(rule.code, []).append(rule)
    found = []
    for history in versions.values():
        latest = history[-1]
        if latest.active:
            found.append(latest.as_rule())
            continue
        retired_on = timezone.localdate(latest.created_at)
        active = next((v for v in reversed(history) if v.active), None)
        if active is None or on >= retired_on:
            continue
        rule = active.as_rule()
        last_day = retired_on - timedelta(days=1)
        if rule.valid_until is None or rule.valid_until > last_day:
            if last_day < rule.valid_from:
                continue
            rule = dataclasses.replace(rule, valid_until=last_day)
        found.append(rule)
    return [rule for rule in found if rule.in_force(on)]


@dataclass(frozen=True)
class MatchingConfiguration:
    on: date
    weights: engine.Weights
    rules: list[engine.PriorityRule]
    weight_history: list[MatchWeights]
    rule_history: list[PriorityRule]


def matching_configuration(*, user, region, on: date | None = None) -> MatchingConfiguration:
    """What is in force on `on`, with the history of versions; no personal data in it."""
    if not may_read_configuration(user, region):
        raise PermissionDenied
    on = on or timezone.localdate()
    return MatchingConfiguration(
        on=on,
        weights=weights_in_force(region=region, on=on),
        rules=priority_rules_in_force(region=region, on=on),
        weight_history=list(MatchWeights.objects.filter(region=region).order_by("-number")),
        rule_history=list(PriorityRule.objects.filter(region=region).order_by("code", "-number")),
    )


# --- results -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchFilters:
    target_group: str = ""
    municipality_code: str = ""
    own_only: bool = False  # only the user's own organisation's candidates


@dataclass(frozen=True)
class ExcludedCount:
    code: str
    reason: object  # a lazy message
    count: int


@dataclass(frozen=True)
class CandidateMatch:
    rank: int
    profile: CandidateProfile
    score: engine.Score


@dataclass(frozen=True)
class VacancyMatch:
    rank: int
    vacancy: Vacancy
    score: engine.Score


@dataclass(frozen=True)
class VacancyMatches:
    """Candidates for a vacancy. With `counts_only` (policy advisers) `matches` is empty."""

    vacancy: Vacancy
    on: date
    weights_version: str
    counts_only: bool
    considered: int  # candidates scored (in the pool, after the filters)
    eligible: int  # passed every hard constraint
    matches: list[CandidateMatch] = field(default_factory=list)
    excluded: list[ExcludedCount] = field(default_factory=list)
    cost_calculated: bool = False
    cost_unconfirmed: list[str] = field(default_factory=list)  # labels of unconfirmed legal figures used


@dataclass(frozen=True)
class CandidateMatches:
    """Open vacancies for a candidate seen in full."""

    profile: CandidateProfile
    on: date
    weights_version: str
    considered: int  # open vacancies of the region
    eligible: int
    matches: list[VacancyMatch] = field(default_factory=list)
    excluded: list[ExcludedCount] = field(default_factory=list)
    cost_calculated: bool = False
    cost_unconfirmed: list[str] = field(default_factory=list)  # labels of unconfirmed legal figures used


def _excluded(counter: Counter) -> list[ExcludedCount]:
    order = {code: i for i, code in enumerate(EXCLUSION_ORDER)}
    return [
        ExcludedCount(code=code, reason=EXCLUSION_SUMMARIES.get(code, code), count=count)
        for code, count in sorted(counter.items(), key=lambda item: (-item[1], order.get(item[0], 99)))
    ]


def _limit(limit: int) -> int:
    return max(1, min(MAX_LIMIT, int(limit)))


def vacancy_in_region(*, region, vacancy_uuid) -> Vacancy:
    """The vacancy of the region (404 when elsewhere or unknown); permissions are the caller's."""
    try:
        return Vacancy.objects.select_related("employer__organisation", "occupation").get(
            region=region, uuid=vacancy_uuid
        )
    except (Vacancy.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def candidate_in_region(*, region, candidate_uuid) -> Candidate:
    """The candidate of the region with what presenting them needs (404 when elsewhere or unknown)."""
    try:
        return (
            Candidate.objects.select_related("municipality", "responsible_organisation")
            .prefetch_related("abilities", "desired_occupations")
            .annotate(has_region_consent=F("shared_in_region"))
            .get(region=region, uuid=candidate_uuid)
        )
    except (Candidate.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def matches_for_vacancy(
    *,
    user,
    region,
    vacancy: Vacancy,
    on: date | None = None,
    filters: MatchFilters | None = None,
    limit: int = DEFAULT_LIMIT,
    request=None,
    context: str = "Kandidaten gezocht voor een vacature (matching)",
) -> VacancyMatches:
    """The best candidates of the region for `vacancy` on `on` (today by default), best first.

    Raises PermissionDenied for users who may not see candidates for vacancies, Http404 for another region's
    vacancy. The persons shown in full are access-logged as one search.
    """
    scope = candidate_match_scope(user, region)
    if scope == CandidateMatchScope.NONE:
        raise PermissionDenied
    if vacancy.region_id != region.pk:
        raise Http404
    on = on or timezone.localdate()
    filters = filters or MatchFilters()
    weights = weights_in_force(region=region, on=on)
    rules = priority_rules_in_force(region=region, on=on)
    days = freshness_days(region)
    [(_vacancy, job)] = job_facts(Vacancy.objects.filter(pk=vacancy.pk))
    costs = CostCalculator(on)

    ranked = _ranked_with_index(
        user=user,
        region=region,
        job=job,
        on=on,
        weights=weights,
        rules=rules,
        days=days,
        filters=filters,
        limit=_limit(limit) if scope == CandidateMatchScope.PERSONS else 0,
        costs=costs,
    )

    matches: list[CandidateMatch] = []
    if scope == CandidateMatchScope.PERSONS and ranked.top:
        found = {
            c.pk: c
            for c in Candidate.objects.filter(pk__in=[pk for _score, pk in ranked.top])
            .select_related("municipality", "responsible_organisation")
            .prefetch_related("abilities", "desired_occupations")
            .annotate(has_region_consent=F("shared_in_region"))
        }
        shown = [(result, found[pk]) for result, pk in ranked.top if pk in found]  # deleted since: left out
        profiles = candidate_profiles(
            user=user,
            region=region,
            candidates=[candidate for _score, candidate in shown],
            request=request,
            context=context,
        )
        matches = [
            CandidateMatch(rank=i, profile=profile, score=result)
            for i, ((result, _candidate), profile) in enumerate(zip(shown, profiles, strict=True), start=1)
        ]
    return VacancyMatches(
        vacancy=vacancy,
        on=on,
        weights_version=weights.version,
        counts_only=scope == CandidateMatchScope.COUNTS,
        considered=ranked.considered,
        eligible=ranked.eligible,
        matches=matches,
        excluded=_excluded(ranked.reasons),
        cost_calculated=costs.available,
        cost_unconfirmed=unconfirmed_figures(costs.unconfirmed),
    )


@dataclass(frozen=True)
class _Ranked:
    considered: int  # candidates in the pool after the filters
    eligible: int
    reasons: Counter  # exclusion code → candidates excluded for it
    top: list[tuple[engine.Score, int]]  # the best `limit` with their database ids, best first


def _ranked_with_index(*, user, region, job, on, weights, rules, days, filters, limit, costs) -> _Ranked:
    """The region's candidates for `job` from the process's candidate index (matching/index.py), which gives
    what `_ranked_with_engine` gives; the shown candidates' scores are the engine's, from the facts the index
    holds. Should the two ever disagree, the engine's ranking is used and the difference logged."""
    ranking = region_index(region).rank(
        job,
        on,
        weights=weights,
        rules=rules,
        freshness_days=days,
        limit=limit,
        target_group=filters.target_group,
        municipality_code=filters.municipality_code,
        # Nobody's responsible organisation is empty: a user without an organisation has no own candidates.
        organisation_id=(user.organisation_id or -1) if filters.own_only else None,
        own_organisation=user.organisation_id,
        sees_own_in_full=lambda: candidate_visibility(user, region, user.organisation_id) >= Visibility.FULL,
        costs=costs,
    )
    top = []
    for ranked in ranking.best:
        result = engine.score(ranked.facts, job, weights, rules, on, cost=costs.pair(ranked.facts, job))
        exclusions = engine.hard_constraints(ranked.facts, job, on, freshness_days=days)
        if exclusions or (result.points, result.tier) != (ranked.points, ranked.tier):
            logger.error("The candidate index disagrees with the engine on vacancy %s", job.key)
            return _ranked_with_engine(
                user=user,
                region=region,
                job=job,
                on=on,
                weights=weights,
                rules=rules,
                days=days,
                filters=filters,
                limit=limit,
                costs=costs,
            )
        top.append((result, ranked.pk))
    return _Ranked(
        considered=ranking.considered,
        eligible=ranking.eligible,
        reasons=Counter(ranking.excluded),
        top=top,
    )


def _ranked_with_engine(*, user, region, job, on, weights, rules, days, filters, limit, costs) -> _Ranked:
    """The straightforward ranking: the filters in SQL, every candidate's facts, the engine pair by pair."""
    candidates = Candidate.objects.filter(region=region)
    if filters.target_group:
        candidates = candidates.filter(target_group=filters.target_group)
    if filters.municipality_code:
        candidates = candidates.filter(municipality__code=filters.municipality_code)
    if filters.own_only:
        candidates = candidates.filter(responsible_organisation_id=user.organisation_id)
    pool = [_consent_as_seen_by(user, region, member) for member in candidate_pool(candidates)]

    reasons: Counter = Counter()
    ranked = []
    for member in pool:
        exclusions = engine.hard_constraints(member.facts, job, on, freshness_days=days)
        if exclusions:
            reasons.update({e.code for e in exclusions})
            continue
        cost = costs.pair(member.facts, job)
        ranked.append((engine.score(member.facts, job, weights, rules, on, cost=cost), member))
    ranked.sort(key=lambda item: (item[0].sort_key, item[1].facts.key))
    return _Ranked(
        considered=len(pool),
        eligible=len(ranked),
        reasons=reasons,
        top=[(result, member.pk) for result, member in ranked[:limit]],
    )


def matches_for_candidate(
    *,
    user,
    region,
    candidate: Candidate,
    on: date | None = None,
    limit: int = DEFAULT_LIMIT,
    request=None,
    context: str = "Passende vacatures gezocht voor een kandidaat (matching)",
) -> CandidateMatches:
    """The best open vacancies of the region for `candidate`, for a user who sees the candidate in full.

    PermissionDenied for everyone else who may see the candidate (and for roles without full visibility),
    Http404 for a candidate the user cannot see at all or of another region. The read is access-logged.
    """
    if not may_match_vacancies(user, region):
        raise PermissionDenied
    if candidate.region_id != region.pk:
        raise Http404
    profile = candidate_profile(user=user, region=region, candidate=candidate)
    if not profile.is_full:
        raise PermissionDenied
    log_candidate_read(user=user, region=region, candidate=candidate, request=request, context=context)
    on = on or timezone.localdate()
    weights = weights_in_force(region=region, on=on)
    rules = priority_rules_in_force(region=region, on=on)
    days = freshness_days(region)
    [member] = candidate_pool(Candidate.objects.filter(pk=candidate.pk), include_left=True)
    member = _consent_as_seen_by(user, region, member)
    jobs = job_facts(Vacancy.objects.filter(region=region, status=VacancyStatus.OPEN))
    costs = CostCalculator(on)

    reasons: Counter = Counter()
    ranked = []
    for vacancy, job in jobs:
        exclusions = engine.hard_constraints(member.facts, job, on, freshness_days=days)
        if exclusions:
            reasons.update({e.code for e in exclusions})
            continue
        cost = costs.pair(member.facts, job)
        ranked.append((engine.score(member.facts, job, weights, rules, on, cost=cost), vacancy))
    ranked.sort(key=lambda item: (item[0].sort_key, str(item[1].uuid)))
    return CandidateMatches(
        profile=profile,
        on=on,
        weights_version=weights.version,
        considered=len(jobs),
        eligible=len(ranked),
        matches=[
            VacancyMatch(rank=i, vacancy=vacancy, score=result)
            for i, (result, vacancy) in enumerate(ranked[: _limit(limit)], start=1)
        ],
        excluded=_excluded(reasons),
        cost_calculated=costs.available,
        cost_unconfirmed=unconfirmed_figures(costs.unconfirmed),
    )
