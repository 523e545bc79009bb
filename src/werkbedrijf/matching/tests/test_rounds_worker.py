"""Rounds of two regions run side by side in a real Celery worker (bin/celery_worker.sh, two processes)
against Redis and the test's PostgreSQL database (.ci/run sets CELERY_TEST_BROKER_URL; a worker cannot share
the in-memory SQLite database of a test, so this runs on PostgreSQL only)."""

import os
import subprocess
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from werkbedrijf.matching import rounds
from werkbedrijf.matching.models import MatchRound, RoundStatus

from .test_rounds import tiny  # noqa: F401 (the fixture)

BROKER = os.environ.get("CELERY_TEST_BROKER_URL")
SRC = Path(__file__).resolve().parents[3]


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not BROKER, reason="CELERY_TEST_BROKER_URL not set (set by .ci/run)")
def test_the_rounds_of_two_regions_run_in_parallel_in_a_real_worker(tiny):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs a database it can share with the test (PostgreSQL)")
    tiny["add_candidate"](tiny["org_c"], postcode="1501 AA", first_name="Zaan")  # AM17 has a vacancy too
    started = [
        rounds.round_start(user=None, region=region, enqueue=False)
        for region in (tiny["region"], tiny["other_region"])
    ]
    env = {
        **os.environ,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_RESULT_BACKEND": BROKER,
        "DJANGO_SETTINGS_MODULE": "werkbedrijf.conf.test",
        "DATABASE_URL": _database_url(),
        "CELERY_LOGLEVEL": "warning",
        "CELERY_CONCURRENCY": "2",
    }
    worker = subprocess.Popen(
        [str(SRC.parent / "bin" / "celery_worker.sh"), "--hostname", f"rounds-{os.getpid()}@%h"],
        cwd=SRC,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # Not the current app: shared tasks run later in this process must keep using werkbedrijf.celery.app.
    client = Celery("werkbedrijf-test-client", broker=BROKER, backend=BROKER, set_as_current=False)
    try:
        results = [
            client.send_task("werkbedrijf.matching.run_match_round", args=[str(r.uuid)]) for r in started
        ]
        deadline = time.monotonic() + 90
        answers = None
        while answers is None and time.monotonic() < deadline:
            try:
                answers = [result.get(timeout=10) for result in results]
            except Exception:  # noqa: BLE001 - the worker may still be starting
                if worker.poll() is not None:
                    pytest.fail(f"worker exited: {worker.stdout.read().decode()}")
        assert answers == [RoundStatus.DONE, RoundStatus.DONE], answers
    finally:
        client.close()
        worker.terminate()
        worker.wait(timeout=30)
    done = {r.region.code: r for r in MatchRound.objects.select_related("region")}
    assert set(done) == {"AM18", "AM17"}
    assert all(r.status == RoundStatus.DONE and r.started_at is not None for r in done.values())
    assert done["AM18"].suggestions.exists() and done["AM17"].suggestions.exists()
