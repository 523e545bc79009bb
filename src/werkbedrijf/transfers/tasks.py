from celery import shared_task


@shared_task(name="werkbedrijf.transfers.run_import_job")
def run_import_job(job_uuid: str) -> str:
    """Check and import one uploaded file (in-process without a broker, else on a worker)."""
    from .importing import run_job

    return run_job(job_uuid)
