"""The append-only audit and access log: who did or saw what, when, and in which context."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel


class AccessAction(models.TextChoices):
    READ = "read", _("Read full record")
    SEARCH = "search", _("Searched or listed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(UUIDModel):
    """One read or write of personal data.

    Actor and organisation are copied as text as well, so an entry still says who it was after a
    user or organisation has been removed. No personal data of the subject is stored here beyond
    its uuid and pseudonym.
    """

    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # PROTECT: a user with log history is deactivated, not deleted, so the log keeps pointing at them.
    actor = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    actor_username = models.CharField(_("user name"), max_length=150)
    actor_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    actor_roles = models.CharField(_("roles"), max_length=300, blank=True)
    region_code = models.CharField(_("region"), max_length=4, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    object_type = models.CharField(_("object type"), max_length=50)
    object_uuid = models.UUIDField(_("object"), null=True, blank=True, db_index=True)
    object_label = models.CharField(_("object label"), max_length=100, blank=True)
    context = models.CharField(_("context (why)"), max_length=300)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    subject_uuids = models.JSONField(
        _("persons shown"),
        default=list,
        blank=True,
        help_text=_("For a list or search: the uuids of the persons whose full data was shown."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_path = models.CharField(_("request path"), max_length=500, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["region_code", "-timestamp"], name="audit_region_time_idx")]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")
