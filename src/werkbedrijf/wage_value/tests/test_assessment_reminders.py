"""Reminders for re-assessments due: the command, the Celery task and the window."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from werkbedrijf.wage_value.reminders import reassessment_reminders
from werkbedrijf.wage_value.tasks import assessment_reminders

from .assessment_fixtures import *  # noqa: F403
from .assessment_fixtures import make_finalised

pytestmark = pytest.mark.django_db


def test_due_within_window_and_overdue(
    region, consultant, expert, candidate, employer, other_employer, draft
):
    soon = make_finalised(
        region, consultant, expert, candidate, employer, next_assessment_on=date(2026, 12, 15)
    )
    later = make_finalised(
        region, consultant, expert, candidate, other_employer, next_assessment_on=date(2027, 6, 1)
    )
    reminders = reassessment_reminders()
    assert [r.assessment_uuid for r in reminders] == [str(soon.uuid)]
    assert not reminders[0].overdue
    assert [r.assessment_uuid for r in reassessment_reminders(today=date(2027, 6, 2))] == [
        str(soon.uuid),
        str(later.uuid),
    ]
    assert all(r.overdue for r in reassessment_reminders(today=date(2027, 6, 2)))


def test_command_and_task(region, consultant, expert, candidate, employer, caplog):
    due = make_finalised(
        region, consultant, expert, candidate, employer, next_assessment_on=date(2026, 12, 1)
    )
    out = StringIO()
    call_command("assessment_reminders", stdout=out)
    text = out.getvalue()
    assert str(due.uuid) in text and "AM97" in text
    assert candidate.last_name not in text
    with caplog.at_level("INFO", logger="werkbedrijf.wage_value.reminders"):
        assert assessment_reminders.delay().get() == 1
    assert str(due.uuid) in caplog.text and candidate.last_name not in caplog.text
