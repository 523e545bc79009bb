from celery import shared_task


@shared_task(name="werkbedrijf.wage_value.assessment_reminders")
def assessment_reminders() -> int:
    """Log the re-assessments due (see reminders.py); run daily by Celery beat. Returns how many are due."""
    from .reminders import reassessment_reminders

    return len(reassessment_reminders())
