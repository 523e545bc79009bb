from datetime import date, timedelta
from decimal import Decimal

import pytest

from werkbedrijf.candidates.models import CandidateStatus
from werkbedrijf.placements import services
from werkbedrijf.placements.choices import CheckpointOutcome, ContractType, EndReason
from werkbedrijf.placements.reminders import checkpoint_reminders
from werkbedrijf.placements.selectors import checkpoints_due, placement_detail

pytestmark = pytest.mark.django_db


def test_a_hire_becomes_a_placement_with_its_aftercare(w, hired):
    start = date.today() - timedelta(days=25)
    placement = services.placement_create(
        user=w.consultant_a,
        region=w.region,
        candidate=w.own,
        employer=w.employer,
        proposal=hired,
        contract_type=ContractType.REGULAR,
        start_date=start,
        hours_per_week=Decimal(24),
    )
    w.own.refresh_from_db()
    assert w.own.status == CandidateStatus.PLACED
    assert placement.job_title == w.vacancy.title
    assert [c.months for c in placement.checkpoints.all()] == [1, 3, 6, 12, 24]
    assert checkpoint_reminders() == 1 and checkpoint_reminders() == 0
    [due] = checkpoints_due(user=w.consultant_a, region=w.region)
    services.checkpoint_record(
        user=w.consultant_a,
        region=w.region,
        checkpoint=due.checkpoint,
        outcome=CheckpointOutcome.HOURS_CHANGED,
        new_hours="20",
    )
    placement.refresh_from_db()
    assert placement.hours_per_week == 20
    services.placement_end(
        user=w.manager, region=w.region, placement=placement, ended_on=date.today(), reason=EndReason.HEALTH
    )
    w.own.refresh_from_db()
    assert w.own.status == CandidateStatus.AVAILABLE
    detail = placement_detail(user=w.consultant_a, region=w.region, placement=placement, context="t")
    assert [c.checkpoint.cancelled for c in detail.checkpoints] == [False, True, True, True, True]
