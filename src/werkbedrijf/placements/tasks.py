from celery import shared_task


@shared_task(name="werkbedrijf.placements.checkpoint_reminders")
def checkpoint_reminders() -> int:
    """Make the reminders before aftercare checkpoints (see reminders.py); run daily by Celery beat."""
    from .reminders import checkpoint_reminders as make

    return make()
