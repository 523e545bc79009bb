"""Reading import jobs (only the uploader sees a job and its report) and what a user may transfer."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from .kinds import all_kinds
from .kinds.base import Kind
from .models import ImportJob


def importable_kinds(*, user, region) -> list[Kind]:
    if region is None:
        return []
    return [kind for kind in all_kinds() if kind.may_import(user, region)]


def exportable_kinds(*, user, region) -> list[Kind]:
    if region is None:
        return []
    return [kind for kind in all_kinds() if kind.may_export(user, region)]


def may_transfer(*, user, region) -> bool:
    return bool(importable_kinds(user=user, region=region) or exportable_kinds(user=user, region=region))


def user_jobs(*, user) -> QuerySet[ImportJob]:
    """The user's own import jobs, newest first (nobody sees another user's jobs)."""
    return ImportJob.objects.filter(uploaded_by=user).select_related("region")


def recent_jobs(*, user, limit: int = 10) -> QuerySet[ImportJob]:
    return user_jobs(user=user)[:limit]


def job_get(*, user, job_uuid) -> ImportJob:
    """The job, for its uploader only: for anyone else it does not exist."""
    try:
        return ImportJob.objects.select_related("region").get(uuid=job_uuid, uploaded_by=user)
    except (ImportJob.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error
