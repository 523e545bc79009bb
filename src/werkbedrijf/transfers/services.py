"""Starting an import job. The rows themselves are written by the candidates' and employers' services
(importing.py), so their validation, permissions and audit entries apply to every imported row."""

import os
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .kinds import get_kind
from .models import ImportFile, ImportJob, ImportStatus
from .reading import limits, too_large_message

# A job whose worker never picked it up (or died) must not keep personal data around.
STALE_UPLOAD_AGE = timedelta(hours=24)


def purge_stale_uploads(now=None) -> int:
    """Delete uploaded files of jobs older than a day (ended jobs delete theirs at once)."""
    cutoff = (now or timezone.now()) - STALE_UPLOAD_AGE
    deleted, _details = ImportFile.objects.filter(job__created_at__lt=cutoff).delete()
    ImportJob.objects.filter(
        created_at__lt=cutoff,
        status__in=(ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.IMPORTING),
    ).update(status=ImportStatus.FAILED, finished_at=cutoff)
    return deleted


def _read_limited(upload, max_bytes: int) -> bytes:
    chunks, size = [], 0
    for chunk in upload.chunks():
        size += len(chunk)
        if size > max_bytes:
            raise ValidationError({"file": [too_large_message(max_bytes)]})
        chunks.append(chunk)
    return b"".join(chunks)


def import_job_create(*, user, region, kind: str, upload, request=None) -> ImportJob:
    """Store the upload with a queued job and start the job once the transaction has committed."""
    from .tasks import run_import_job

    definition = get_kind(kind)
    if definition is None:
        raise ValidationError({"kind": [_("Choose what the file contains.")]})
    if region is None or not definition.may_import(user, region):
        raise PermissionDenied(_("You may not import %(kind)s.") % {"kind": str(definition.label).lower()})
    if upload is None:
        raise ValidationError({"file": [_("Choose a file.")]})
    max_bytes = limits().max_bytes
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError({"file": [too_large_message(max_bytes)]})
    content = _read_limited(upload, max_bytes)
    purge_stale_uploads()
    with transaction.atomic():
        job = ImportJob.objects.create(
            region=region,
            kind=definition.code,
            uploaded_by=user,
            file_name=os.path.basename(upload.name or "")[:255] or "-",
            file_size=len(content),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        ImportFile.objects.create(job=job, content=content)
        transaction.on_commit(lambda: run_import_job.delay(str(job.uuid)))
    return job
