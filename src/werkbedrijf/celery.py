import os

from celery import Celery

# The settings module is chosen by the entry point: bin/celery_worker.sh (production), the werkbedrijf
# command (development) or wsgi.py (production).
app = Celery("werkbedrijf")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="werkbedrijf.worker_health")
def worker_health() -> dict:
    """Answers from inside a worker: which host and process, and whether it reaches the database."""
    import socket

    from django.db import connection

    connection.ensure_connection()
    return {"hostname": socket.gethostname(), "pid": os.getpid(), "database": connection.vendor}
