"""After a placement ends: no new job-coach plan, coaching only up to the last working day."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from werkbedrijf.placements import services
from werkbedrijf.placements.choices import ContractType, EndReason

pytestmark = pytest.mark.django_db


def test_coaching_stops_at_the_end(w):
    start = date.today() - timedelta(days=60)
    placement = services.placement_create(
        user=w.consultant_a,
        region=w.region,
        candidate=w.own,
        employer=w.employer,
        contract_type=ContractType.REGULAR,
        start_date=start,
        hours_per_week=Decimal(20),
        job_title="Schoonmaker",
    )
    services.coaching_plan_set(
        user=w.consultant_a, region=w.region, placement=placement, provider="Jobcoach Noord", hours="4",
        period="month", goals="Zelfstandig werken", valid_from=start,
    )  # fmt: skip
    last_day = start + timedelta(days=30)
    services.placement_end(
        user=w.consultant_a, region=w.region, placement=placement, ended_on=last_day, reason=EndReason.HEALTH
    )
    with pytest.raises(ValidationError) as error:
        services.coaching_activity_add(
            user=w.consultant_a, region=w.region, placement=placement, on=last_day + timedelta(days=1),
            kind="phone", hours="1",
        )  # fmt: skip
    assert "on" in error.value.message_dict
    services.coaching_activity_add(  # coaching given before the end may be recorded later
        user=w.consultant_a, region=w.region, placement=placement, on=last_day, kind="phone", hours="1"
    )
    with pytest.raises(ValidationError):
        services.coaching_plan_set(
            user=w.consultant_a, region=w.region, placement=placement, provider="Jobcoach Noord", hours="4",
            period="month", goals="Zelfstandig werken", valid_from=last_day,
        )  # fmt: skip


def test_a_trial_then_the_contract_from_the_same_proposal(w):
    from werkbedrijf.proposals.states import ProposalState
    from werkbedrijf.proposals.tests.conftest import move, propose

    proposal = move(
        w, propose(w, w.own, w.vacancy), ProposalState.SENT_TO_EMPLOYER, ProposalState.TRIAL_PLACEMENT
    )
    start = date.today() - timedelta(days=70)

    def place(contract_type, **extra):
        return services.placement_create(
            user=w.consultant_a, region=w.region, candidate=w.own, employer=w.employer, proposal=proposal,
            contract_type=contract_type, hours_per_week=Decimal(24), **extra,
        )  # fmt: skip

    trial = place(ContractType.TRIAL, start_date=start, planned_end_date=start + timedelta(days=55))
    with pytest.raises(ValidationError):
        place(ContractType.TRIAL, start_date=start, planned_end_date=start + timedelta(days=55))
    services.placement_end(
        user=w.manager, region=w.region, placement=trial, ended_on=start + timedelta(days=55),
        reason=EndReason.TRIAL_CONTRACT,
    )  # fmt: skip
    proposal = move(w, proposal, ProposalState.HIRED)
    with pytest.raises(ValidationError) as error:
        place(
            ContractType.TRIAL,
            start_date=start + timedelta(days=56),
            planned_end_date=start + timedelta(days=90),
        )
    assert "contract_type" in error.value.message_dict
    contract = place(ContractType.REGULAR, start_date=start + timedelta(days=56))
    assert set(proposal.placements.all()) == {trial, contract}
    assert services.proposal_placement(proposal) == contract
