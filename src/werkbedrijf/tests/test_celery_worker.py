"""Tasks run in-process by default, and in a real Celery worker (started by bin/celery_worker.sh) against
Redis when a broker is set (.ci/run sets CELERY_TEST_BROKER_URL)."""

import os
import subprocess
import time
from pathlib import Path

import pytest
from celery import Celery

from werkbedrijf.celery import app, worker_health

BROKER = os.environ.get("CELERY_TEST_BROKER_URL")
SRC = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_in_process_by_default():
    assert app.conf.task_always_eager is True
    result = worker_health.delay()
    assert result.get()["pid"] == os.getpid()


@pytest.mark.celery_worker
@pytest.mark.skipif(not BROKER, reason="CELERY_TEST_BROKER_URL not set (set by .ci/run)")
def test_task_runs_in_a_real_worker(tmp_path):
    env = {
        **os.environ,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_RESULT_BACKEND": BROKER,
        "DJANGO_SETTINGS_MODULE": "werkbedrijf.conf.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "PYTHONPATH": str(SRC),
        "CELERY_LOGLEVEL": "warning",
    }
    # The production start script, as an operator runs it (it execs the worker, so the pid is the worker's).
    worker = subprocess.Popen(
        [
            str(SRC.parent / "bin" / "celery_worker.sh"),
            "--pool",
            "solo",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=SRC,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # Not the current app: shared tasks run later in this process must keep using werkbedrijf.celery.app.
    client = Celery("werkbedrijf-test-client", broker=BROKER, backend=BROKER, set_as_current=False)
    try:
        deadline = time.monotonic() + 60
        answer = None
        while answer is None and time.monotonic() < deadline:
            try:
                answer = client.send_task("werkbedrijf.worker_health").get(timeout=10)
            except Exception:  # noqa: BLE001 - the worker may still be starting
                if worker.poll() is not None:
                    pytest.fail(f"worker exited: {worker.stdout.read().decode()}")
        assert answer is not None, "no answer from the worker within 60 s"
        assert answer["pid"] == worker.pid
        assert answer["pid"] != os.getpid()
        assert answer["database"] == "sqlite"
    finally:
        client.close()
        worker.terminate()
        worker.wait(timeout=30)
