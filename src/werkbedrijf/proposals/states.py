"""The states of a proposal (voordracht), the one table of allowed steps between them, and the hours rule
against double booking. Pure: no ORM, so the rules are easy to read and to test.

    proposed ──► sent_to_employer ──► interview ──► trial_placement ──► hired
                        │                  │
                        └──────────────────┼──► trial_placement   (no interview: the employer takes the
                                           │                        candidate on trial straight away)
                                           └──► hired              (hired after the interview, no trial)

    every active state ──► declined   by the candidate, with a reason
    sent_to_employer, interview, trial_placement ──► declined   by the employer, with a reason
    every active state ──► withdrawn  with a note (the Werkbedrijf side takes the proposal back)

Active states are proposed, sent_to_employer, interview and trial_placement; hired, declined and withdrawn
are terminal: nothing follows them (a new attempt is a new proposal). An employer cannot decline what was
never sent to them: before that, the account manager withdraws the proposal.

Every step belongs to a side, which decides who may take it (permissions.py): the employer's side (what the
employer decides: sending, interview, trial placement, hiring, the employer's decline) is recorded by the
account manager, the employer service point being the employer's one point of contact; the candidate's side
(the candidate's decline, withdrawing) by the candidate's own organisation or the account manager.

A decline reason says why a match failed. Some reasons belong to one side only (the employer chose another
candidate; the candidate found other work); "other" needs a note. The reasons feed the next matching round
(a declined pair is not proposed again) and the report of why matches fail.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT_TO_EMPLOYER = "sent_to_employer", _("Sent to the employer")
    INTERVIEW = "interview", _("Interview")
    TRIAL_PLACEMENT = "trial_placement", _("Trial placement")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE_STATES: frozenset[str] = frozenset(
    {
        ProposalState.PROPOSED,
        ProposalState.SENT_TO_EMPLOYER,
        ProposalState.INTERVIEW,
        ProposalState.TRIAL_PLACEMENT,
    }
)
TERMINAL_STATES: frozenset[str] = frozenset(
    {ProposalState.HIRED, ProposalState.DECLINED, ProposalState.WITHDRAWN}
)


class DeclinedBy(models.TextChoices):
    EMPLOYER = "employer", _("the employer")
    CANDIDATE = "candidate", _("the candidate")


class DeclineReason(models.TextChoices):
    OCCUPATION = "occupation", _("The occupation or the tasks do not fit")
    SKILLS = "skills", _("Skills or experience fall short")
    HOURS = "hours", _("The hours or working times do not fit")
    TRAVEL = "travel", _("Travel distance or transport")
    ABILITIES = "abilities", _("Functional abilities or workload do not fit")
    GUIDANCE = "guidance", _("The guidance needed is too heavy for the workplace")
    WAGE_COST = "wage_cost", _("Wage cost or subsidy")
    OTHER_CANDIDATE = "other_candidate", _("The employer chose another candidate")
    VACANCY_CLOSED = "vacancy_closed", _("The vacancy was withdrawn or filled")
    OTHER_WORK = "other_work", _("The candidate found other work")
    NOT_INTERESTED = "not_interested", _("The candidate is not interested")
    NO_SHOW = "no_show", _("The candidate did not show up")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other (explain in the note)")


_BOTH = frozenset({DeclinedBy.EMPLOYER, DeclinedBy.CANDIDATE})

# Which side can give each reason: a reason the other side cannot have is refused, so that the report of why
# matches fail does not count "the employer chose another candidate" as the candidate's decision.
REASON_SIDES: dict[str, frozenset[str]] = {
    DeclineReason.OCCUPATION: _BOTH,
    DeclineReason.SKILLS: _BOTH,
    DeclineReason.HOURS: _BOTH,
    DeclineReason.TRAVEL: _BOTH,
    DeclineReason.ABILITIES: _BOTH,
    DeclineReason.GUIDANCE: frozenset({DeclinedBy.EMPLOYER}),
    DeclineReason.WAGE_COST: _BOTH,
    DeclineReason.OTHER_CANDIDATE: frozenset({DeclinedBy.EMPLOYER}),
    DeclineReason.VACANCY_CLOSED: frozenset({DeclinedBy.EMPLOYER}),
    DeclineReason.OTHER_WORK: frozenset({DeclinedBy.CANDIDATE}),
    DeclineReason.NOT_INTERESTED: frozenset({DeclinedBy.CANDIDATE}),
    DeclineReason.NO_SHOW: _BOTH,
    DeclineReason.HEALTH: _BOTH,
    DeclineReason.OTHER: _BOTH,
}


def reasons_for(declined_by: str) -> list[tuple[str, str]]:
    """The (value, label) choices of the reasons the given side can give, in the order of DeclineReason."""
    return [(value, label) for value, label in DeclineReason.choices if declined_by in REASON_SIDES[value]]


class Side(models.TextChoices):
    """Who records a step (permissions.py); never shown, so without translated labels."""

    EMPLOYER = "employer"
    CANDIDATE = "candidate"


@dataclass(frozen=True)
class Step:
    """One allowed step out of a state: to `to_state` (for a decline: by whom), taken by `side`."""

    to_state: str
    side: str
    declined_by: str = ""

    @property
    def key(self) -> str:
        return f"{self.to_state}:{self.declined_by}" if self.declined_by else self.to_state


_TO_SENT = Step(ProposalState.SENT_TO_EMPLOYER, Side.EMPLOYER)
_TO_INTERVIEW = Step(ProposalState.INTERVIEW, Side.EMPLOYER)
_TO_TRIAL = Step(ProposalState.TRIAL_PLACEMENT, Side.EMPLOYER)
_TO_HIRED = Step(ProposalState.HIRED, Side.EMPLOYER)
_EMPLOYER_DECLINES = Step(ProposalState.DECLINED, Side.EMPLOYER, DeclinedBy.EMPLOYER)
_CANDIDATE_DECLINES = Step(ProposalState.DECLINED, Side.CANDIDATE, DeclinedBy.CANDIDATE)
_WITHDRAW = Step(ProposalState.WITHDRAWN, Side.CANDIDATE)

# The one table of allowed steps. A state that is not a key (hired, declined, withdrawn) has none.
TRANSITIONS: dict[str, tuple[Step, ...]] = {
    ProposalState.PROPOSED: (_TO_SENT, _CANDIDATE_DECLINES, _WITHDRAW),
    ProposalState.SENT_TO_EMPLOYER: (
        _TO_INTERVIEW,
        _TO_TRIAL,
        _EMPLOYER_DECLINES,
        _CANDIDATE_DECLINES,
        _WITHDRAW,
    ),
    ProposalState.INTERVIEW: (_TO_TRIAL, _TO_HIRED, _EMPLOYER_DECLINES, _CANDIDATE_DECLINES, _WITHDRAW),
    ProposalState.TRIAL_PLACEMENT: (_TO_HIRED, _EMPLOYER_DECLINES, _CANDIDATE_DECLINES, _WITHDRAW),
}


def steps_from(state: str) -> tuple[Step, ...]:
    return TRANSITIONS.get(state, ())


def find_step(from_state: str, to_state: str, declined_by: str = "") -> Step | None:
    """The allowed step from `from_state` to `to_state` (for declined: by `declined_by`), or None."""
    for step in steps_from(from_state):
        if step.to_state == to_state and step.declined_by == (
            declined_by if to_state == ProposalState.DECLINED else ""
        ):
            return step
    return None


def hours_conflict(*, committed_hours: Decimal, active_count: int, new_hours: Decimal, max_hours) -> bool:
    """Whether one more process of `new_hours` a week would double-book the candidate.

    A first process never does. A second one fits only while the hours of all the candidate's active
    processes together stay within the maximum hours a week they can work; when that maximum is unknown,
    nothing is known to fit, so every second process is a conflict.
    """
    if active_count == 0:
        return False
    if max_hours is None:
        return True
    return committed_hours + new_hours > Decimal(max_hours)
