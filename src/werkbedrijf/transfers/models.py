"""Import jobs: one uploaded file being checked and imported, with its progress and its report.

The uploaded file holds personal data, so its bytes live in ImportFile only while the job runs; the job row
keeps the file's name and size, the counts and the report (row, column, reason: never a cell's value).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.regions.models import Region


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    VALIDATING = "validating", _("Checking the rows")
    INVALID = "invalid", _("Not imported: the file has errors")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.IMPORTING)


class ImportJob(UUIDModel):
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"))
    # The uploader's interface language: the report is written in it.
    language = models.CharField(_("language"), max_length=10, default="nl")
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_done = models.PositiveIntegerField(_("rows imported"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # [{"row": 3, "column": "BSN", "reason": "..."}]; capped at TRANSFERS_MAX_REPORTED_ERRORS, error_count
    # holds the full number. Row 1 is the header, as in Excel; row 0 means the file as a whole.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    notices = models.JSONField(_("notices"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["uploaded_by", "-created_at"], name="importjob_uploader_idx")]

    def __str__(self):
        return f"{self.kind} {self.file_name} ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def progress_value(self) -> int:
        return self.rows_done if self.status == ImportStatus.IMPORTING else self.rows_checked


class ImportFile(models.Model):
    """The uploaded bytes, kept only until the job has ended (then deleted)."""

    job = models.OneToOneField(ImportJob, on_delete=models.CASCADE, related_name="upload")
    content = models.BinaryField()

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self):
        return f"upload of job {self.job_id}"
