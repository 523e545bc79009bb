#!/usr/bin/env bash
# Starts Celery beat, which sends the nightly jobs (settings CELERY_BEAT_SCHEDULE) to the workers of
# bin/celery_worker.sh. Needs CELERY_BROKER_URL; run one beat per installation.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CELERY_BROKER_URL:?Set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-werkbedrijf.conf.production}"
exec .venv/bin/celery --workdir src -A werkbedrijf beat --loglevel "${CELERY_LOGLEVEL:-info}" \
  --schedule "${CELERY_BEAT_SCHEDULE_FILE:-var/celerybeat-schedule}" "$@"
