#!/usr/bin/env bash
# Starts a Celery worker. Needs CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0); without it
# tasks run in-process and no worker is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CELERY_BROKER_URL:?Set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-werkbedrijf.conf.production}"
exec .venv/bin/celery --workdir src -A werkbedrijf worker --loglevel "${CELERY_LOGLEVEL:-info}" --concurrency "${CELERY_CONCURRENCY:-2}" "$@"
