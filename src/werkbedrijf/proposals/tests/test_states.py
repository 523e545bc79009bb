"""The state machine: every allowed step through the service, a selection of refused ones, and the pure rules
(hours, reasons per side) on their own."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from werkbedrijf.proposals import services
from werkbedrijf.proposals.models import ProposalEvent
from werkbedrijf.proposals.states import (
    ACTIVE_STATES,
    TERMINAL_STATES,
    TRANSITIONS,
    DeclinedBy,
    DeclineReason,
    ProposalState,
    Side,
    find_step,
    hours_conflict,
    reasons_for,
    steps_from,
)

from .conftest import move, propose

S = ProposalState

# The shortest way from proposed to each active state.
PATH = {
    S.PROPOSED: (),
    S.SENT_TO_EMPLOYER: (S.SENT_TO_EMPLOYER,),
    S.INTERVIEW: (S.SENT_TO_EMPLOYER, S.INTERVIEW),
    S.TRIAL_PLACEMENT: (S.SENT_TO_EMPLOYER, S.TRIAL_PLACEMENT),
}

ALLOWED = [(state, step) for state, steps in TRANSITIONS.items() for step in steps]


def test_the_table_covers_every_active_state_and_no_terminal_one():
    assert set(TRANSITIONS) == ACTIVE_STATES
    assert all(steps_from(state) == () for state in TERMINAL_STATES)
    assert set(S.values) == ACTIVE_STATES | TERMINAL_STATES
    for state in ACTIVE_STATES:
        targets = {step.to_state for step in steps_from(state)}
        assert {S.DECLINED, S.WITHDRAWN} <= targets, state
    # The employer declines only what was sent to them.
    assert find_step(S.PROPOSED, S.DECLINED, DeclinedBy.EMPLOYER) is None
    assert find_step(S.PROPOSED, S.DECLINED, DeclinedBy.CANDIDATE).side == Side.CANDIDATE
    assert find_step(S.INTERVIEW, S.DECLINED, DeclinedBy.EMPLOYER).side == Side.EMPLOYER
    assert find_step(S.SENT_TO_EMPLOYER, S.TRIAL_PLACEMENT).side == Side.EMPLOYER
    assert find_step(S.TRIAL_PLACEMENT, S.WITHDRAWN).side == Side.CANDIDATE


@pytest.mark.parametrize(("from_state", "step"), ALLOWED, ids=lambda v: getattr(v, "key", v))
def test_every_allowed_step(w, from_state, step):
    proposal = move(w, propose(w, w.own, w.vacancy), *PATH[from_state])
    assert proposal.state == from_state
    arguments = {"to_state": step.to_state}
    if step.to_state == S.DECLINED:
        arguments |= {"declined_by": step.declined_by, "reason": DeclineReason.HOURS}
    if step.to_state == S.WITHDRAWN:
        arguments["note"] = "De kandidaat is elders voorgedragen."
    proposal = services.proposal_transition(user=w.manager, region=w.region, proposal=proposal, **arguments)
    proposal.refresh_from_db()
    assert proposal.state == step.to_state
    assert proposal.declined_by == step.declined_by
    last = ProposalEvent.objects.filter(proposal=proposal).order_by("-at", "-id").first()
    assert (last.from_state, last.to_state, last.actor) == (from_state, step.to_state, w.manager)
    assert [e.to_state for e in proposal.events.order_by("at", "id")] == [
        S.PROPOSED,
        *PATH[from_state],
        step.to_state,
    ]


@pytest.mark.parametrize(
    ("path", "to_state", "declined_by"),
    [
        ((), S.INTERVIEW, ""),
        ((), S.TRIAL_PLACEMENT, ""),
        ((), S.HIRED, ""),
        ((), S.PROPOSED, ""),
        ((S.SENT_TO_EMPLOYER, S.INTERVIEW), S.SENT_TO_EMPLOYER, ""),
        ((S.SENT_TO_EMPLOYER, S.TRIAL_PLACEMENT), S.INTERVIEW, ""),
        ((S.SENT_TO_EMPLOYER, S.INTERVIEW, S.HIRED), S.DECLINED, DeclinedBy.EMPLOYER),
        ((S.SENT_TO_EMPLOYER, S.INTERVIEW, S.HIRED), S.WITHDRAWN, ""),
        ((S.SENT_TO_EMPLOYER, S.INTERVIEW, S.HIRED), S.TRIAL_PLACEMENT, ""),
        ((), "nonsense", ""),
    ],
)
def test_refused_steps(w, path, to_state, declined_by):
    proposal = move(w, propose(w, w.own, w.vacancy), *path)
    before = proposal.events.count()
    arguments = {"reason": DeclineReason.HOURS} if declined_by else {}
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(
            user=w.manager,
            region=w.region,
            proposal=proposal,
            to_state=to_state,
            declined_by=declined_by,
            note="toelichting",
            **arguments,
        )
    assert "to_state" in error.value.message_dict
    assert proposal.events.count() == before


def test_nothing_follows_a_decline_or_a_withdrawal(w):
    declined = move(w, propose(w, w.own, w.vacancy), S.SENT_TO_EMPLOYER)
    declined = services.proposal_transition(
        user=w.manager,
        region=w.region,
        proposal=declined,
        to_state=S.DECLINED,
        declined_by=DeclinedBy.EMPLOYER,
        reason=DeclineReason.OTHER_CANDIDATE,
    )
    withdrawn = move(w, propose(w, w.own, w.windows), S.WITHDRAWN, note="Vacature past toch niet.")
    for proposal in (declined, withdrawn):
        for state in (S.SENT_TO_EMPLOYER, S.HIRED, S.PROPOSED, S.WITHDRAWN):
            with pytest.raises(ValidationError):
                services.proposal_transition(
                    user=w.manager, region=w.region, proposal=proposal, to_state=state, note="x"
                )


def test_an_employer_cannot_decline_what_was_not_sent(w):
    proposal = propose(w, w.own, w.vacancy)
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(
            user=w.manager,
            region=w.region,
            proposal=proposal,
            to_state=S.DECLINED,
            declined_by=DeclinedBy.EMPLOYER,
            reason=DeclineReason.SKILLS,
        )
    assert "declined_by" in error.value.message_dict


def test_a_stale_copy_cannot_take_a_step_twice(w):
    """Two people acting on the same page: the second sees the state the first left."""
    proposal = propose(w, w.own, w.vacancy)
    stale = type(proposal).objects.get(pk=proposal.pk)
    move(w, proposal, S.SENT_TO_EMPLOYER)
    with pytest.raises(ValidationError):
        services.proposal_transition(
            user=w.manager, region=w.region, proposal=stale, to_state=S.SENT_TO_EMPLOYER
        )
    assert proposal.events.filter(to_state=S.SENT_TO_EMPLOYER).count() == 1


@pytest.mark.parametrize(
    ("committed", "count", "new", "maximum", "conflict"),
    [
        ("0", 0, "40", 8, False),  # a first process is never double booking, fit or not
        ("0", 0, "24", None, False),
        ("24", 1, "8", 32, False),  # exactly the maximum fits
        ("24", 1, "8.5", 32, True),
        ("16", 2, "16", 32, False),
        ("8", 1, "8", None, True),  # unknown maximum: one process at a time
    ],
)
def test_hours_conflict(committed, count, new, maximum, conflict):
    assert (
        hours_conflict(
            committed_hours=Decimal(committed), active_count=count, new_hours=Decimal(new), max_hours=maximum
        )
        is conflict
    )


def test_reasons_per_side():
    employer = {value for value, _label in reasons_for(DeclinedBy.EMPLOYER)}
    candidate = {value for value, _label in reasons_for(DeclinedBy.CANDIDATE)}
    assert DeclineReason.OTHER_CANDIDATE in employer - candidate
    assert DeclineReason.VACANCY_CLOSED in employer - candidate
    assert DeclineReason.OTHER_WORK in candidate - employer
    assert DeclineReason.NOT_INTERESTED in candidate - employer
    assert employer | candidate == set(DeclineReason.values)
    assert {DeclineReason.HOURS, DeclineReason.HEALTH, DeclineReason.OTHER} <= employer & candidate
