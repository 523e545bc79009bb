"""Matching as pure functions: who may be proposed for a job, and how well they fit.

`hard_constraints` says who is excluded and why (one `Exclusion` per failed rule, a code plus its reason in
the active language); `score` adds up weighted factors and returns every point with its explanation
("zelfde beroepsgroep (ISCO 9112): +23", "reisafstand 12 km van max. 15: +3").

No ORM and no Django models: the caller builds `CandidateFacts` and `JobFacts` from the candidate and
vacancy models (a vacancy with N positions is one `JobFacts` with `positions=N`). Target groups, job kinds,
rubrics, statuses, transport and education levels are the models' choice values, kept as strings here.
Texts are lazy gettext messages with their figures (`Text`), rendered only when shown, so a round can
evaluate millions of pairs without rendering a word.

Conventions, where the models leave room:
- a rubric without a job demand accepts every level; a rubric without a recorded ability counts as level 1
  (no limitation is known);
- distances are whole kilometres between PC4 centroids (haversine); the centroids are good to about a
  kilometre, so no finer figure is shown or compared;
- an unknown location, education, hours or waiting time never excludes anyone; it scores 0 on its factor
  and says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Values as the models name them.
JOBS_AGREEMENT = "jobs_agreement"  # vacancies.VacancyKind
SHELTERED_WORK = "sheltered_work"  # vacancies.VacancyKind and candidates.TargetGroup (the indication)
AVAILABLE = "available"  # candidates.CandidateStatus
DEFAULT_FRESHNESS_DAYS = (
    90  # candidates.models.DEFAULT_FRESHNESS_DAYS; the region's PoolSettings overrides it
)

# Who holds an indication for sheltered work (Participatiewet art. 10b).
SHELTERED_WORK_INDICATION = frozenset({SHELTERED_WORK})

# The rubrics of candidates.AbilityRubric in the models' order, with the same messages.
RUBRICS: dict[str, Any] = {
    "personal_functioning": _("Personal functioning"),
    "social_functioning": _("Social functioning"),
    "physical_environment": _("Physical environment"),
    "dynamic_actions": _("Dynamic actions"),
    "static_postures": _("Static postures"),
    "working_hours": _("Working hours"),
}
STATUSES: dict[str, Any] = {
    "available": _("Available"),
    "in_process": _("In a process"),
    "placed": _("Placed"),
    "temporarily_unavailable": _("Temporarily unavailable"),
    "left": _("Left"),
}
TRANSPORT: dict[str, Any] = {
    "none": _("None (public transport or on foot)"),
    "bicycle": _("Bicycle"),
    "moped": _("Moped or scooter"),
    "car": _("Car"),
}
EDUCATION: dict[str, Any] = {
    "none_basic": _("None or primary education"),
    "vmbo_mbo1": _("VMBO or MBO 1 (entry level)"),
    "mbo_2_4": _("MBO 2 to 4"),
    "havo_vwo": _("HAVO or VWO"),
    "hbo_wo": _("HBO or university"),
}

# How far one can reasonably travel to work each day by one's own means. A regional policy default, not law;
# the candidate's own maximum applies as well, and a job that helps with transport lifts this limit.
TRANSPORT_MAX_KM: Mapping[str, int | None] = {"none": 25, "bicycle": 15, "moped": 30, "car": None, "": None}
# The distance at which the distance factor reaches 0 when neither the candidate nor the transport sets one.
UNBOUNDED_SCORING_KM = 30

# ISCO-08 skill levels (ILO, ISCO-08 vol. 1 §2): the education an occupation's major group asks, and the
# skill level an education reaches (ISCED 1 → 1, ISCED 2-4 → 2, ISCED 5 → 3, ISCED 6+ → 4).
ISCO_MAJOR_SKILL_LEVEL = {
    "1": 3,
    "2": 4,
    "3": 3,
    "4": 2,
    "5": 2,
    "6": 2,
    "7": 2,
    "8": 2,
    "9": 1,
    "0": 2,
}
EDUCATION_SKILL_LEVEL = {"none_basic": 1, "vmbo_mbo1": 2, "mbo_2_4": 2, "havo_vwo": 2, "hbo_wo": 4}

# Occupation fit: the share of the weight for each step of the classification both occupations share.
OCCUPATION_EXACT = 1.0
OCCUPATION_UNIT_GROUP = 0.75  # same ISCO unit group (4 digits)
OCCUPATION_MINOR_GROUP = 0.5  # same minor group (3 digits)
OCCUPATION_SUB_MAJOR_GROUP = 0.25  # same sub-major group (2 digits)

EARTH_RADIUS_KM = 6371.0088


# --- texts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A message with its figures, rendered in the active language by `str()`.

    `message` is a lazy gettext message (English msgid) with %(name)s placeholders; a value may itself be a
    lazy message (a rubric or status label). Dates, decimals and thousands are formatted for the language.
    """

    message: Any
    params: tuple[tuple[str, object], ...] = ()

    @property
    def values(self) -> dict[str, object]:
        return dict(self.params)

    def __str__(self) -> str:
        if not self.params:
            return str(self.message)
        return str(self.message % {name: _render(value) for name, value in self.params})


def _render(value: object) -> object:
    from django.utils.formats import date_format, number_format  # noqa: PLC0415 (needs settings)

    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value  # kept a number: ngettext_lazy chooses the plural on it
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return number_format(int(value), force_grouping=True)
        normal = value.normalize()
        return number_format(normal, decimal_pos=-int(normal.as_tuple().exponent), force_grouping=True)
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _text(message: Any, **params: object) -> Text:
    return Text(message, tuple(params.items()))


# --- facts ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A PC4 centroid (regions.PostcodeArea.lat/lon)."""

    lat: float
    lon: float


@dataclass(frozen=True)
class OccupationRef:
    """An ESCO occupation (`key`, e.g. its uuid) with the code of its ISCO-08 group (1 to 4 digits)."""

    key: str
    isco: str


@dataclass(frozen=True)
class CandidateFacts:
    key: str
    target_group: str
    status: str = AVAILABLE
    in_register: bool = False
    registered_until: date | None = None
    # Region-wide consent to share the profile (Candidate.shared_in_region).
    shared_in_region: bool = False
    last_confirmed_on: date | None = None
    abilities: Mapping[str, int] = field(default_factory=dict)  # rubric → AbilityLevel (1 … 4)
    hours_min: int | None = None
    hours_max: int | None = None
    location: Point | None = None
    max_travel_km: int | None = None
    own_transport: str = ""
    available_from: date | None = None
    education_level: str = ""
    desired_occupations: tuple[OccupationRef, ...] = ()
    skills: frozenset[str] = frozenset()  # normalised with skill_terms
    sectors: frozenset[str] = frozenset()  # preferred SBI 2008 sections
    waiting_since: date | None = None  # e.g. the date of entering the pool or the register
    # For the employer's cost only (matching/costs.py): the minimum wage for the age, and the latest
    # finalised wage value (percent).
    date_of_birth: date | None = None
    wage_value: int | None = None


@dataclass(frozen=True)
class JobFacts:
    """A vacancy: `positions` people can be proposed for it in one round."""

    key: str
    kind: str
    occupation: OccupationRef
    hours: Decimal
    positions: int = 1
    demands: Mapping[str, int] = field(default_factory=dict)  # rubric → DemandLevel (1 … 4)
    location: Point | None = None
    start_date: date | None = None
    transport_support: bool = False  # Vacancy.support_transport
    skills: frozenset[str] = frozenset()
    sector: str = ""  # the employer's SBI 2008 section
    sector_name: str = ""


@dataclass(frozen=True)
class EmployerCost:
    """The employer's monthly cost of this candidate in this job (wage_value.calculation.employer_net_cost):
    `net` is NetCostResult.monthly_net_cost, after the instruments that apply; `gross` is gross_monthly_cost.
    """

    net: Decimal
    gross: Decimal


def skill_terms(text: str) -> frozenset[str]:
    """Skills written as a list ("kassa, heftruck; klantcontact") as a set of lower-case terms."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return frozenset(" ".join(p.split()).lower() for p in parts if p.strip())


def distance_km(a: Point, b: Point) -> int:
    """Great-circle distance in whole kilometres (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return math.floor(2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h))) + 0.5)


# --- hard constraints -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exclusion:
    code: str
    reason: Text

    def __str__(self) -> str:
        return str(self.reason)


# Exclusion codes.
NOT_IN_REGISTER = "not_in_register"
NO_SHELTERED_WORK_INDICATION = "no_sheltered_work_indication"
NOT_AVAILABLE_STATUS = "status"
STALE_PROFILE = "stale_profile"
NO_CONSENT = "no_consent"
NOT_AVAILABLE_YET = "not_available_yet"
HOURS_ABOVE_MAX = "hours_above_max"
HOURS_BELOW_MIN = "hours_below_min"
TOO_FAR = "too_far"
TOO_FAR_FOR_TRANSPORT = "too_far_for_transport"
ABILITY = "ability"


def travel_limits(
    candidate: CandidateFacts, job: JobFacts, transport_max_km: Mapping[str, int | None] = TRANSPORT_MAX_KM
) -> tuple[int | None, int | None]:
    """The candidate's own maximum and the limit of their transport (None where there is none)."""
    transport = None if job.transport_support else transport_max_km.get(candidate.own_transport)
    return candidate.max_travel_km, transport


def registered_on(candidate: CandidateFacts, on: date) -> bool:
    """In the target-group register on `on`."""
    return candidate.in_register and (candidate.registered_until is None or candidate.registered_until >= on)


def is_fresh(candidate: CandidateFacts, on: date, freshness_days: int = DEFAULT_FRESHNESS_DAYS) -> bool:
    """Confirmed within the freshness period before `on` (a profile never confirmed is stale)."""
    confirmed = candidate.last_confirmed_on
    return confirmed is not None and confirmed >= on - timedelta(days=freshness_days)


def hard_constraints(
    candidate: CandidateFacts,
    job: JobFacts,
    on: date,
    *,
    freshness_days: int = DEFAULT_FRESHNESS_DAYS,
    transport_max_km: Mapping[str, int | None] = TRANSPORT_MAX_KM,
) -> list[Exclusion]:
    """Every reason why `candidate` cannot be proposed for `job` on `on`; empty when they can."""
    out: list[Exclusion] = []

    if job.kind == JOBS_AGREEMENT:
        if not registered_on(candidate, on):
            message = _("A jobs-agreement job needs registration in the target-group register on %(date)s.")
            out.append(Exclusion(NOT_IN_REGISTER, _text(message, date=on)))
    elif job.kind == SHELTERED_WORK and candidate.target_group not in SHELTERED_WORK_INDICATION:
        message = _("Sheltered work needs an indication for sheltered work.")
        out.append(Exclusion(NO_SHELTERED_WORK_INDICATION, _text(message)))

    if candidate.status != AVAILABLE:
        label = STATUSES.get(candidate.status, candidate.status)
        message = _("The candidate's status is “%(status)s”; only available candidates are proposed.")
        out.append(Exclusion(NOT_AVAILABLE_STATUS, _text(message, status=label)))

    if candidate.last_confirmed_on is None:
        out.append(Exclusion(STALE_PROFILE, _text(_("The profile has never been confirmed."))))
    elif not is_fresh(candidate, on, freshness_days):
        message = _("The profile was last confirmed on %(date)s, more than %(days)s days ago.")
        out.append(
            Exclusion(STALE_PROFILE, _text(message, date=candidate.last_confirmed_on, days=freshness_days))
        )

    if not candidate.shared_in_region:
        message = _("The candidate has not consented to sharing the profile in the region.")
        out.append(Exclusion(NO_CONSENT, _text(message)))

    start = max(on, job.start_date) if job.start_date else on
    if candidate.available_from is not None and candidate.available_from > start:
        message = _("The candidate is available from %(available)s, after the start on %(start)s.")
        out.append(
            Exclusion(NOT_AVAILABLE_YET, _text(message, available=candidate.available_from, start=start))
        )

    if candidate.hours_max is not None and job.hours > candidate.hours_max:
        message = _("The job is %(hours)s hours a week; the candidate can work at most %(max)s.")
        out.append(Exclusion(HOURS_ABOVE_MAX, _text(message, hours=job.hours, max=candidate.hours_max)))
    if candidate.hours_min is not None and job.hours < candidate.hours_min:
        message = _("The job is %(hours)s hours a week; the candidate wants at least %(min)s.")
        out.append(Exclusion(HOURS_BELOW_MIN, _text(message, hours=job.hours, min=candidate.hours_min)))

    if candidate.location is not None and job.location is not None:
        km = distance_km(candidate.location, job.location)
        own_max, transport_max = travel_limits(candidate, job, transport_max_km)
        if own_max is not None and km > own_max:
            message = _(
                "The travel distance of %(km)s km is more than the candidate's maximum of %(max)s km."
            )
            out.append(Exclusion(TOO_FAR, _text(message, km=km, max=own_max)))
        if transport_max is not None and km > transport_max:
            message = _(
                "The travel distance of %(km)s km is more than %(max)s km, the most for the candidate's "
                "transport (%(transport)s)."
            )
            transport = TRANSPORT.get(candidate.own_transport, candidate.own_transport)
            out.append(
                Exclusion(
                    TOO_FAR_FOR_TRANSPORT, _text(message, km=km, max=transport_max, transport=transport)
                )
            )

    for rubric, label in RUBRICS.items():
        demand = job.demands.get(rubric)
        level = candidate.abilities.get(rubric, 1)
        if demand is not None and level > demand:
            message = _(
                "%(rubric)s: the candidate's level %(level)s is more than the job accommodates (%(demand)s)."
            )
            out.append(Exclusion(ABILITY, _text(message, rubric=label, level=level, demand=demand)))
    return out


# --- configuration: weights and priority rules -----------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """A region's weights, one version of them: the points each factor gives at a perfect fit."""

    version: str
    occupation: int = 30
    skills: int = 15
    distance: int = 15
    hours: int = 10
    education: int = 5
    preferences: int = 5
    waiting: int = 10
    cost: int = 10
    waiting_cap_months: int = 24  # waiting this long or longer gives the full weight

    def __post_init__(self) -> None:
        for name in (
            "occupation",
            "skills",
            "distance",
            "hours",
            "education",
            "preferences",
            "waiting",
            "cost",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name}: a weight is a whole number of points, 0 or more")
        if self.waiting_cap_months < 1:
            raise ValueError("waiting_cap_months: at least 1")


class Effect(StrEnum):
    BONUS = "bonus"  # adds `bonus` points
    FIRST_TIER = "first_tier"  # ranks before everyone without it, whatever the points


@dataclass(frozen=True)
class PriorityRule:
    """A dated priority rule, e.g. "Wajong and Wsw first for jobs-agreement jobs until 2017".

    In force from `valid_from` up to and including `valid_until` (open-ended when None), for jobs of
    `job_kinds` (every kind when empty), for candidates of `target_groups` (everyone when empty).
    `name` is shown as entered.
    """

    code: str
    name: str
    valid_from: date
    effect: Effect
    valid_until: date | None = None
    job_kinds: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    bonus: int = 0

    def __post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until: before valid_from")
        if self.effect is Effect.BONUS and self.bonus <= 0:
            raise ValueError("bonus: a bonus rule gives more than 0 points")
        if self.effect is Effect.FIRST_TIER and self.bonus:
            raise ValueError("bonus: a first-tier rule gives no points")

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def applies(self, candidate: CandidateFacts, job: JobFacts, on: date) -> bool:
        return (
            self.in_force(on)
            and (not self.job_kinds or job.kind in self.job_kinds)
            and (not self.target_groups or candidate.target_group in self.target_groups)
        )


# --- the score --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    code: str
    points: int
    label: Text

    def as_tuple(self) -> tuple[str, str, int]:
        return (self.code, str(self.label), self.points)

    def __str__(self) -> str:
        return f"{self.label}: +{self.points}"


@dataclass(frozen=True)
class Score:
    points: int
    tier: int  # 1 when a first-tier priority rule applies; ranks before every score of tier 0
    factors: tuple[Factor, ...]
    weights_version: str

    @property
    def breakdown(self) -> list[tuple[str, str, int]]:
        return [factor.as_tuple() for factor in self.factors]

    @property
    def sort_key(self) -> tuple[int, int]:
        """Ascending order of this key is best first."""
        return (-self.tier, -self.points)


def _points(weight: int, fraction: float) -> int:
    return math.floor(weight * max(0.0, min(1.0, fraction)) + 0.5)


def _occupation(candidate: CandidateFacts, job: JobFacts, weight: int) -> Factor:
    if not candidate.desired_occupations:
        return Factor("occupation", 0, _text(_("no desired occupation given")))
    best, best_text = 0.0, _text(_("none of the desired occupations is related to this one"))
    target = job.occupation
    for wanted in candidate.desired_occupations:
        if wanted.key == target.key:
            return Factor("occupation", _points(weight, OCCUPATION_EXACT), _text(_("desired occupation")))
        for digits, fraction, message in (
            (4, OCCUPATION_UNIT_GROUP, _("same occupational group (ISCO %(code)s)")),
            (3, OCCUPATION_MINOR_GROUP, _("related occupation: same minor group (ISCO %(code)s)")),
            (2, OCCUPATION_SUB_MAJOR_GROUP, _("related occupation: same sub-major group (ISCO %(code)s)")),
        ):
            if len(wanted.isco) >= digits and wanted.isco[:digits] == target.isco[:digits]:
                if fraction > best:
                    best, best_text = fraction, _text(message, code=target.isco[:digits])
                break
    return Factor("occupation", _points(weight, best), best_text)


def _skills(candidate: CandidateFacts, job: JobFacts, weight: int) -> Factor:
    if not job.skills:
        return Factor("skills", 0, _text(_("the job asks for no particular skills")))
    matched = len(job.skills & candidate.skills)
    message = _("%(matched)s of %(asked)s skills asked for")
    return Factor(
        "skills",
        _points(weight, matched / len(job.skills)),
        _text(message, matched=matched, asked=len(job.skills)),
    )


def _distance(
    candidate: CandidateFacts, job: JobFacts, weight: int, transport_max_km: Mapping[str, int | None]
) -> Factor:
    if candidate.location is None or job.location is None:
        return Factor("distance", 0, _text(_("travel distance unknown")))
    km = distance_km(candidate.location, job.location)
    limits = [limit for limit in travel_limits(candidate, job, transport_max_km) if limit is not None]
    return distance_factor(km, limits, weight)


def distance_factor(km: int, limits: Sequence[int], weight: int) -> Factor:
    """The distance factor at `km` whole kilometres, given the travel limits that are set (none: it reaches
    0 at UNBOUNDED_SCORING_KM). index.py evaluates it once per distinct (km, limits) of a pool."""
    if not limits:
        message = _("travel distance %(km)s km, no maximum given")
        return Factor("distance", _points(weight, 1 - km / UNBOUNDED_SCORING_KM), _text(message, km=km))
    limit = min(limits)
    fraction = 1.0 if limit == 0 else 1 - km / limit
    return Factor(
        "distance",
        _points(weight, fraction),
        _text(_("travel distance %(km)s km of max. %(max)s"), km=km, max=limit),
    )


def _hours(candidate: CandidateFacts, job: JobFacts, weight: int) -> Factor:
    if not candidate.hours_max:
        return Factor(
            "hours", 0, _text(_("%(hours)s hours a week; the candidate's hours are unknown"), hours=job.hours)
        )
    message = _("%(hours)s hours a week of the candidate's %(max)s")
    fraction = float(job.hours) / candidate.hours_max
    return Factor(
        "hours", _points(weight, fraction), _text(message, hours=job.hours, max=candidate.hours_max)
    )


def _education(candidate: CandidateFacts, job: JobFacts, weight: int) -> Factor:
    has = EDUCATION_SKILL_LEVEL.get(candidate.education_level)
    needs = ISCO_MAJOR_SKILL_LEVEL.get(job.occupation.isco[:1])
    if has is None:
        return Factor("education", 0, _text(_("education unknown")))
    if needs is None:
        return Factor("education", 0, _text(_("skill level of the occupation unknown")))
    message = _("education %(education)s for an occupation at ISCO skill level %(needs)s")
    label = EDUCATION[candidate.education_level]
    return Factor("education", _points(weight, has / needs), _text(message, education=label, needs=needs))


def _preferences(candidate: CandidateFacts, job: JobFacts, weight: int) -> Factor:
    if not candidate.sectors:
        return Factor("preferences", 0, _text(_("no preferred sectors given")))
    if not job.sector:
        return Factor("preferences", 0, _text(_("the employer's sector is unknown")))
    name = job.sector_name or job.sector
    if job.sector in candidate.sectors:
        return Factor("preferences", weight, _text(_("sector %(sector)s is a preferred sector"), sector=name))
    return Factor("preferences", 0, _text(_("sector %(sector)s is not a preferred sector"), sector=name))


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 when `end` is not later)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(0, months)


# Made once: ngettext_lazy builds a new lazy class on every call, which costs more than the whole score.
_WAITING_MONTHS = ngettext_lazy("waiting for %(months)s month", "waiting for %(months)s months", "months")


def _waiting(candidate: CandidateFacts, weights: Weights, on: date) -> Factor:
    if candidate.waiting_since is None:
        return Factor("waiting", 0, _text(_("waiting time unknown")))
    months = months_between(candidate.waiting_since, on)
    return Factor(
        "waiting",
        _points(weights.waiting, months / weights.waiting_cap_months),
        _text(_WAITING_MONTHS, months=months),
    )


def _cost(cost: EmployerCost | None, weight: int) -> Factor:
    if cost is None or cost.gross <= 0:
        return Factor("cost", 0, _text(_("employer's net cost not calculated")))
    fraction = float(1 - cost.net / cost.gross)
    message = _("employer's net cost € %(net)s of € %(gross)s a month")
    net, gross = cost.net.quantize(Decimal(1)), cost.gross.quantize(Decimal(1))
    return Factor("cost", _points(weight, fraction), _text(message, net=net, gross=gross))


def score(
    candidate: CandidateFacts,
    job: JobFacts,
    weights: Weights,
    rules: Iterable[PriorityRule],
    on: date,
    *,
    cost: EmployerCost | None = None,
    transport_max_km: Mapping[str, int | None] = TRANSPORT_MAX_KM,
) -> Score:
    """How well `candidate` fits `job`, factor by factor. Call it only for a pair without exclusions.

    The employer's net cost scores the share of the gross wage cost that the instruments cover (so a lower
    net cost for the same job scores higher, and a short job is not favoured for being cheap).
    """
    factors = [
        _occupation(candidate, job, weights.occupation),
        _skills(candidate, job, weights.skills),
        _distance(candidate, job, weights.distance, transport_max_km),
        _hours(candidate, job, weights.hours),
        _education(candidate, job, weights.education),
        _preferences(candidate, job, weights.preferences),
        _waiting(candidate, weights, on),
        _cost(cost, weights.cost),
    ]
    tier = 0
    for rule in sorted(rules, key=lambda r: r.code):
        if not rule.applies(candidate, job, on):
            continue
        if rule.effect is Effect.FIRST_TIER:
            tier = 1
            factors.append(
                Factor("priority", 0, _text(_("priority rule “%(name)s”: ranks first"), name=rule.name))
            )
        else:
            factors.append(
                Factor("priority", rule.bonus, _text(_("priority rule “%(name)s”"), name=rule.name))
            )
    return Score(
        points=sum(f.points for f in factors),
        tier=tier,
        factors=tuple(factors),
        weights_version=weights.version,
    )
