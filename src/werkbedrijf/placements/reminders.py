"""Reminders before aftercare checkpoints: the nightly job (Celery beat, or `werkbedrijf checkpoint_reminders`
from cron) makes one in-application reminder per open checkpoint, for the placement's responsible person,
REMINDER_DAYS before it is due (or at once when it is due sooner or overdue), and logs a line without the
candidate. There is no e-mail yet; the home page shows the reminders, and the to-do list of checkpoints
due (selectors.checkpoints_due) works without the job.
"""

import logging
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Checkpoint, Reminder
from .services import RECORD_FROM_DAYS

logger = logging.getLogger("werkbedrijf.placements.reminders")

REMINDER_DAYS = RECORD_FROM_DAYS


def checkpoint_reminders(*, today: date | None = None, days: int = REMINDER_DAYS) -> int:
    """Make the reminders due on `today`; returns how many were made. Running it twice makes none twice."""
    today = today or timezone.localdate()
    now = timezone.now()
    made = 0
    due = Checkpoint.objects.filter(
        outcome="",
        cancelled=False,
        reminded_at__isnull=True,
        placement__ended_on__isnull=True,
        due_on__lte=today + timedelta(days=days),
    ).select_related("placement__region", "placement__responsible")
    for checkpoint in due.order_by("due_on", "id").iterator(chunk_size=500):
        with transaction.atomic():
            locked = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
            if locked.reminded_at is not None:
                continue
            _reminder, created = Reminder.objects.get_or_create(
                user=checkpoint.placement.responsible, checkpoint=locked, defaults={"created_at": now}
            )
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
        made += created
        logger.info(
            "Nazorgmoment %s maanden, plaatsing %s (%s): herinnering voor %s, datum %s",
            checkpoint.months,
            checkpoint.placement.uuid,
            checkpoint.placement.region.code,
            checkpoint.placement.responsible.get_username(),
            checkpoint.due_on.isoformat(),
        )
    return made
