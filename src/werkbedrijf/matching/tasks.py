from celery import shared_task


@shared_task(name="werkbedrijf.matching.run_match_round")
def run_match_round(round_uuid: str) -> str:
    """Run one queued proposal round (in-process without a broker, else on a worker; one task per round, so
    the rounds of several regions run side by side)."""
    from .models import MatchRound
    from .rounds import round_run

    round_run(round_uuid)
    return MatchRound.objects.filter(uuid=round_uuid).values_list("status", flat=True).first() or "unknown"
