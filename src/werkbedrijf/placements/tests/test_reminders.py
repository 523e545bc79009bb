"""Reminders before aftercare checkpoints: the job, its Celery task and its management command."""

import logging
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import rest_framework.serializers  # noqa: F401 - loads psycopg's C module before freezegun patches datetime
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from werkbedrijf.placements import services, tasks
from werkbedrijf.placements.choices import CheckpointOutcome, ContractType, EndReason
from werkbedrijf.placements.models import Checkpoint, Reminder
from werkbedrijf.placements.reminders import REMINDER_DAYS, checkpoint_reminders
from werkbedrijf.placements.selectors import open_reminders

pytestmark = pytest.mark.django_db

START = date(2026, 6, 1)  # checkpoints 1 July, 1 September, 1 December 2026, 1 June 2027, 1 June 2028
FIRST_DUE = date(2026, 7, 1)


@pytest.fixture(autouse=True)
def today_is_fixed():
    with freeze_time("2026-06-10 10:00:00"):
        yield


def place(w, candidate=None, user=None, start=START, **kwargs):
    candidate = candidate or w.own
    if user is None:
        user = w.consultant_a if candidate.responsible_organisation_id == w.org_a.pk else w.manager
    return services.placement_create(
        user=user,
        region=w.region,
        candidate=candidate,
        employer=w.employer,
        contract_type=ContractType.REGULAR,
        start_date=start,
        hours_per_week=Decimal(20),
        job_title="Schoonmaker",
        **kwargs,
    )


def test_reminders_come_14_days_before_the_checkpoint(w):
    assert REMINDER_DAYS == 14
    placement = place(w)
    assert checkpoint_reminders(today=FIRST_DUE - timedelta(days=15)) == 0
    assert not Reminder.objects.exists()
    assert checkpoint_reminders(today=FIRST_DUE - timedelta(days=14)) == 1
    reminder = Reminder.objects.get()
    assert reminder.checkpoint == placement.checkpoints.get(months=1)
    assert reminder.user == w.consultant_a
    assert reminder.dismissed_at is None
    assert reminder.checkpoint.reminded_at is not None


def test_a_reminder_is_for_the_responsible_person_not_the_registrar(w):
    place(w, responsible=w.manager)
    assert checkpoint_reminders(today=FIRST_DUE) == 1
    assert Reminder.objects.get().user == w.manager


def test_a_reminder_is_made_once(w):
    place(w)
    assert checkpoint_reminders(today=FIRST_DUE) == 1
    assert checkpoint_reminders(today=FIRST_DUE) == 0
    assert checkpoint_reminders(today=FIRST_DUE + timedelta(days=1)) == 0
    assert Reminder.objects.count() == 1


def test_a_dismissed_reminder_is_not_made_again(w):
    place(w)
    checkpoint_reminders(today=FIRST_DUE)
    Reminder.objects.update(dismissed_at=timezone.now())
    assert checkpoint_reminders(today=FIRST_DUE + timedelta(days=3)) == 0
    assert Reminder.objects.count() == 1


def test_overdue_checkpoints_get_their_reminder_at_once(w):
    place(w, start=date(2026, 1, 5))  # 1 month: 5 February, 3 months: 5 April, 6 months: 5 July
    assert checkpoint_reminders(today=date(2026, 6, 22)) == 3
    assert sorted(Reminder.objects.values_list("checkpoint__months", flat=True)) == [1, 3, 6]


def test_one_reminder_per_checkpoint_across_placements(w):
    place(w)
    place(w, candidate=w.shared, responsible=w.manager)
    assert checkpoint_reminders(today=FIRST_DUE) == 2
    assert set(Reminder.objects.values_list("user__username", flat=True)) == {"consulent.a", "accountmanager"}


def test_no_reminders_for_ended_placements(w):
    placement = place(w)
    services.placement_end(
        user=w.consultant_a,
        region=w.region,
        placement=placement,
        ended_on=FIRST_DUE,  # the 1-month checkpoint stays open, not cancelled
        reason=EndReason.RESIGNED,
    )
    assert checkpoint_reminders(today=date(2027, 12, 1)) == 0


def test_no_reminders_for_cancelled_or_recorded_checkpoints(w):
    placement = place(w)
    cp = placement.checkpoints.get(months=1)
    services.checkpoint_record(
        user=w.consultant_a,
        region=w.region,
        checkpoint=cp,
        outcome=CheckpointOutcome.EMPLOYED,
        today=FIRST_DUE - timedelta(days=3),
    )
    assert checkpoint_reminders(today=FIRST_DUE) == 0
    Checkpoint.objects.filter(placement=placement, months=3).update(cancelled=True)
    assert checkpoint_reminders(today=date(2026, 9, 1)) == 0
    assert not Reminder.objects.exists()


def test_reminders_of_an_ended_placement_leave_the_to_do_list(w):
    """The placement ended, so its checkpoints can no longer be recorded: their reminders must not stay on the
    home page (open_reminders) waiting for a recording that cannot come."""
    placement = place(w, start=date(2026, 1, 5))
    checkpoint_reminders(today=date(2026, 6, 22))  # 1, 3 and 6 months
    assert open_reminders(user=w.consultant_a, region=w.region).count() == 3
    services.placement_end(
        user=w.consultant_a,
        region=w.region,
        placement=placement,
        ended_on=date(2026, 6, 22),
        reason=EndReason.HEALTH,
    )
    assert list(open_reminders(user=w.consultant_a, region=w.region)) == []


def test_open_reminders_are_the_users_own_in_the_region(w):
    place(w)
    place(w, candidate=w.shared, responsible=w.manager)
    checkpoint_reminders(today=FIRST_DUE)
    [mine] = open_reminders(user=w.consultant_a, region=w.region)
    assert mine.user == w.consultant_a
    assert open_reminders(user=w.consultant_a, region=w.other_region).count() == 0
    assert open_reminders(user=w.consultant_b, region=w.region).count() == 0


def test_the_log_line_names_the_placement_not_the_candidate(w, caplog):
    placement = place(w)
    with caplog.at_level(logging.INFO, logger="werkbedrijf.placements.reminders"):
        checkpoint_reminders(today=FIRST_DUE)
    text = caplog.text
    assert str(placement.uuid) in text and "consulent.a" in text
    for value in (w.own.first_name, w.own.last_name, w.own.bsn, str(w.own.uuid)):
        assert value not in text


def test_the_celery_task_makes_the_reminders_due_today_and_returns_the_count(w):
    place(w, start=date(2026, 5, 20))  # 1 month: 20 June, within 14 days of 10 June
    place(w, candidate=w.shared)  # 1 month: 1 July, 21 days away
    assert tasks.checkpoint_reminders.apply().get() == 1
    assert tasks.checkpoint_reminders.apply().get() == 0


def test_the_management_command_prints_how_many_it_made(w):
    place(w, start=date(2026, 5, 20))
    place(w, candidate=w.shared, start=date(2026, 5, 21), responsible=w.manager)
    out = StringIO()
    call_command("checkpoint_reminders", stdout=out)
    assert out.getvalue().strip() == "2 herinnering(en) gemaakt."
    out = StringIO()
    call_command("checkpoint_reminders", stdout=out)
    assert out.getvalue().strip() == "0 herinnering(en) gemaakt."
