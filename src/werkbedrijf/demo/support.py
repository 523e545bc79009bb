"""Support for demo candidates in work, as plain values: budgets per municipality, wage-value assessments
with their main tasks and scores, and the grants that follow from them.

Every assessment plays one scenario (finalised and granted, due for re-assessment, awaiting a decision …),
so the demo shows each list the instrument officer and the wage-value expert work from. Dates count back
from `today`; the plan_* functions draw from a random.Random seeded by the caller. No ORM here. Texts are
Dutch data, not interface text.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

WAGE_COST_SUBSIDY = "loonkostensubsidie"
JOB_COACHING = "jobcoaching-gemeente"
WORKPLACE_PROVISION = "werkvoorziening-gemeente"

# What the largest municipality allocates per year; the others in proportion to their number of postcode
# areas, rounded to € 5,000, with a floor.
LARGEST_BUDGETS = {
    WAGE_COST_SUBSIDY: Decimal(2_400_000),
    JOB_COACHING: Decimal(450_000),
    WORKPLACE_PROVISION: Decimal(180_000),
}
BUDGET_FLOOR = Decimal(15_000)
BUDGET_STEP = Decimal(5_000)

# Scenarios
GRANTED = "granted"  # finalised; wage-cost subsidy granted, past months paid
GRANTED_WITH_COACHING = "granted_with_coaching"  # also job coaching granted
DUE_SOON = "due_soon"  # finalised almost a year ago: re-assessment due within 30 days; subsidy granted
COACHING_REFUSED = "coaching_refused"  # subsidy granted, job coaching refused
DEADLINE_CLOSE = "deadline_close"  # subsidy applied for, decision due within days
AWAITING = "awaiting"  # subsidy applied for, decision due in some weeks
FINALISED = "finalised"  # finalised, no application yet
DRAFT = "draft"  # observed, tasks partly entered, not finalised

# In the order of the candidates chosen (the longest at work first), from the oldest observation to the
# newest: the largest municipality's …
LARGEST_SCENARIOS = (
    DUE_SOON,
    GRANTED,
    GRANTED_WITH_COACHING,
    COACHING_REFUSED,
    DEADLINE_CLOSE,
    AWAITING,
    DRAFT,
)
# … and the second municipality's, whose instrument officer does not work in the demo.
SECOND_SCENARIOS = (FINALISED, DRAFT)

# Days before today that the scenario's observation took place (a few days either way at random).
_OBSERVED_DAYS_AGO = {
    GRANTED: 230,
    GRANTED_WITH_COACHING: 190,
    DUE_SOON: 347,
    COACHING_REFUSED: 150,
    FINALISED: 100,
    DRAFT: 6,
}
APPLIED_AFTER_DAYS = 7  # the application comes a week after the observation
DECIDED_AFTER_DAYS = 21
DEADLINE_CLOSE_DAYS_LEFT = 4
AWAITING_APPLIED_DAYS_AGO = 12
DUE_SOON_IN_DAYS = 18
REASSESS_AFTER_DAYS = 365
WORKDAY_MINUTES = 480
RESULT_RANGE = (35, 85)

SHARES = {
    1: ((100,),),
    2: ((60, 40), (70, 30), (55, 45)),
    3: ((50, 30, 20), (40, 35, 25), (45, 40, 15), (60, 25, 15)),
}
HOURLY_WAGES = (Decimal("14.71"), Decimal("14.95"), Decimal("15.32"), Decimal("15.86"))
EMPLOYER_VIEWS = (
    "De leidinggevende herkent het beeld: het werk gaat goed, het tempo ligt lager dan bij collega's.",
    "De werkgever is het eens met de meting en ziet groei in het zelfstandig werken.",
    "De werkgever herkent de taken en scores; graag over een jaar opnieuw meten.",
)
GIVEN_BY = ("M. Jansen, teamleider", "S. de Wit, leidinggevende", "R. Bakker, bedrijfsleider")
CANDIDATE_VIEWS = (
    "Ik ben het eens met de meting.",
    "Ik herken het beeld. Ik wil graag sneller worden in mijn werk.",
    "Ik ben het ermee eens; de begeleiding op het werk helpt mij.",
)
CONCLUSIONS = (
    "Werkt zorgvuldig en betrouwbaar; het werktempo ligt onder dat van een volledig productieve collega.",
    "Voert de hoofdtaken zelfstandig uit met vaste structuur; bij drukte zakt het tempo.",
    "Goede kwaliteit van werken; heeft meer tijd nodig voor nieuwe of wisselende taken.",
)
DEVIATION_REASON = (
    "In de observatieweek was het rooster afwijkend; volgens werkgever en werkrapportages ligt het tempo "
    "structureel iets hoger dan gemeten."
)
COACHING_AMOUNTS = (Decimal("2880.00"), Decimal("3600.00"), Decimal("4320.00"))
COACHING_REFUSAL = (
    "Afgewezen: de werkgever heeft een eigen werkbegeleider die de begeleiding al biedt (interne "
    "werkbegeleiding); externe jobcoaching is daarom niet nodig."
)
SUBSIDY_NOTE = "Aanvraag werkgever, met rapport loonwaardemeting."
COACHING_NOTE = "Begeleidingsplan van de jobcoach bijgevoegd; 12 maanden begeleiding."


@dataclass(frozen=True)
class TaskScore:
    name: str
    share_pct: Decimal
    minutes_per_day: Decimal
    tempo_pct: Decimal
    quality_pct: Decimal
    third_factor_pct: Decimal

    @property
    def performance(self) -> Decimal:
        return self.share_pct * self.tempo_pct * self.quality_pct * self.third_factor_pct / Decimal(100) ** 3


@dataclass(frozen=True)
class AssessmentPlan:
    scenario: str
    observed_on: date
    tasks: tuple[TaskScore, ...]
    reference_hourly_wage: Decimal
    finalise: bool
    computed_wage_value: int
    reported_wage_value: int
    deviation_reason: str
    next_assessment_on: date | None
    employer_view: str
    employer_view_by: str
    candidate_view: str
    conclusion: str


@dataclass(frozen=True)
class GrantPlan:
    instrument_code: str
    applied_on: date
    period_start: date
    period_end: date | None
    decided_on: date | None  # None: awaiting the decision
    granted: bool
    requested_amount: Decimal | None
    note: str
    decision_note: str


def budget_amounts(share: float) -> dict[str, Decimal]:
    """The budgets of a municipality that is `share` (0-1] the size of the largest one."""
    amounts = {}
    for code, largest in LARGEST_BUDGETS.items():
        steps = (largest * Decimal(str(share)) / BUDGET_STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        amounts[code] = max(BUDGET_FLOOR, steps * BUDGET_STEP)
    return amounts


def next_month_start(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def observed_on(rng: random.Random, scenario: str, today: date, decision_weeks: int) -> date:
    """The observation date of the scenario: always in the past, and for the scenarios with an application
    pending exactly so far back that the decision (due `decision_weeks` after the application) falls due
    when the scenario says."""
    if scenario == DEADLINE_CLOSE:
        applied = today - timedelta(weeks=decision_weeks, days=-DEADLINE_CLOSE_DAYS_LEFT)
        return applied - timedelta(days=APPLIED_AFTER_DAYS)
    if scenario == AWAITING:
        return today - timedelta(days=AWAITING_APPLIED_DAYS_AGO + APPLIED_AFTER_DAYS)
    if scenario == DUE_SOON:
        return today - timedelta(days=_OBSERVED_DAYS_AGO[DUE_SOON])
    return today - timedelta(days=_OBSERVED_DAYS_AGO[scenario] + rng.randint(-4, 4))


def _scores(rng: random.Random, names: tuple[str, ...]) -> tuple[TaskScore, ...]:
    """Scores whose wage value lies in RESULT_RANGE, the tasks at a level around one drawn target."""
    shares = rng.choice(SHARES[len(names)])
    low, high = RESULT_RANGE
    while True:
        target = rng.randint(low + 5, high - 5)
        tasks = []
        for name, share in zip(names, shares, strict=True):
            quality = Decimal(rng.choice((85, 90, 95, 100)))
            third = Decimal(rng.choice((85, 90, 95, 100)))
            performance = Decimal(max(20, min(100, target + rng.randint(-12, 12))))
            tempo = min(Decimal(100), performance * Decimal(10_000) / (quality * third))
            tasks.append(
                TaskScore(
                    name=name,
                    share_pct=Decimal(share),
                    minutes_per_day=Decimal(WORKDAY_MINUTES * share / 100),
                    tempo_pct=tempo.quantize(Decimal(1), rounding=ROUND_HALF_UP),
                    quality_pct=quality,
                    third_factor_pct=third,
                )
            )
        if low <= wage_value(tasks) <= high:
            return tuple(tasks)


def wage_value(tasks) -> int:
    total = sum((t.performance for t in tasks), Decimal(0))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan_assessment(
    rng: random.Random,
    *,
    scenario: str,
    job_tasks: tuple[str, ...],
    today: date,
    decision_weeks: int,
    deviates: bool = False,
) -> AssessmentPlan:
    """One assessment of the job's main tasks (at most three). A draft has part of its tasks entered and no
    views yet; `deviates`: the expert reports a figure a little above the calculated one, with the reason.
    `decision_weeks`: the wage-cost subsidy's decision period in the catalogue."""
    observed = observed_on(rng, scenario, today, decision_weeks)
    tasks = _scores(rng, tuple(job_tasks[:3]))
    computed = wage_value(tasks)
    finalise = scenario != DRAFT
    reported = min(RESULT_RANGE[1], computed + 3) if deviates else computed
    if scenario == DUE_SOON:
        next_on = today + timedelta(days=DUE_SOON_IN_DAYS)
    else:
        next_on = observed + timedelta(days=REASSESS_AFTER_DAYS)
    return AssessmentPlan(
        scenario=scenario,
        observed_on=observed,
        tasks=tasks[: max(1, len(tasks) - 1)] if not finalise else tasks,
        reference_hourly_wage=rng.choice(HOURLY_WAGES),
        finalise=finalise,
        computed_wage_value=computed,
        reported_wage_value=reported,
        deviation_reason=DEVIATION_REASON if reported != computed else "",
        next_assessment_on=next_on if finalise else None,
        employer_view=rng.choice(EMPLOYER_VIEWS),
        employer_view_by=rng.choice(GIVEN_BY),
        candidate_view=rng.choice(CANDIDATE_VIEWS),
        conclusion=rng.choice(CONCLUSIONS),
    )


def plan_grants(rng: random.Random, *, scenario: str, observed: date) -> tuple[GrantPlan, ...]:
    """The applications that follow the scenario's assessment: wage-cost subsidy, sometimes job coaching."""
    if scenario in (DRAFT, FINALISED):
        return ()
    applied = observed + timedelta(days=APPLIED_AFTER_DAYS)
    start = next_month_start(applied)
    pending = scenario in (DEADLINE_CLOSE, AWAITING)
    grants = [
        GrantPlan(
            instrument_code=WAGE_COST_SUBSIDY,
            applied_on=applied,
            period_start=start,
            period_end=None,
            decided_on=None if pending else applied + timedelta(days=DECIDED_AFTER_DAYS),
            granted=not pending,
            requested_amount=None,
            note=SUBSIDY_NOTE,
            decision_note="" if pending else "Toegekend op basis van het rapport loonwaardemeting.",
        )
    ]
    if scenario in (GRANTED_WITH_COACHING, COACHING_REFUSED):
        refused = scenario == COACHING_REFUSED
        grants.append(
            GrantPlan(
                instrument_code=JOB_COACHING,
                applied_on=applied,
                period_start=start,
                period_end=start.replace(year=start.year + 1) - timedelta(days=1),
                decided_on=applied + timedelta(days=DECIDED_AFTER_DAYS + 7),
                granted=not refused,
                requested_amount=rng.choice(COACHING_AMOUNTS),
                note=COACHING_NOTE,
                decision_note=COACHING_REFUSAL if refused else "Toegekend volgens het begeleidingsplan.",
            )
        )
    return tuple(grants)
