"""Reminders for re-assessments due: a list per region, for the nightly job and the command.

There is no e-mail or notification infrastructure yet, so a reminder is a log line per assessment (for the
operators) and the to-do list at /metingen/herbeoordelingen/ (for the people who act on it). The lines name
the assessment, the expert and the responsible organisation, never the candidate.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .selectors import REMINDER_WINDOW_DAYS, due_for_reminders

logger = logging.getLogger("werkbedrijf.wage_value.reminders")


@dataclass(frozen=True)
class Reminder:
    region_code: str
    assessment_uuid: str
    next_assessment_on: date
    overdue: bool
    assessor: str
    organisation: str


def reassessment_reminders(
    *, today: date | None = None, window_days: int = REMINDER_WINDOW_DAYS
) -> list[Reminder]:
    today = today or timezone.localdate()
    reminders = [
        Reminder(
            region_code=a.region.code,
            assessment_uuid=str(a.uuid),
            next_assessment_on=a.next_assessment_on,
            overdue=a.next_assessment_on < today,
            assessor=a.assessor.get_username(),
            organisation=a.candidate.responsible_organisation.name,
        )
        for a in due_for_reminders(today=today, window_days=window_days)
    ]
    for reminder in reminders:
        logger.info(
            "Herbeoordeling loonwaarde %s: meting %s, deskundige %s, organisatie %s (%s)",
            "verlopen" if reminder.overdue else "binnenkort",
            reminder.assessment_uuid,
            reminder.assessor,
            reminder.organisation,
            reminder.next_assessment_on.isoformat(),
        )
    return reminders
