"""Dated legal parameters (DOMAIN.md): every rate and threshold has a validity period and a source."""

from datetime import date, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel


class Confidence(models.TextChoices):
    LAW = "LAW", _("Law text")
    OFFICIAL = "OFFICIAL", _("Official publication")
    SECONDARY = "SECONDARY", _("Secondary source")
    UNCONFIRMED = "UNCONFIRMED", _("Unconfirmed")


class Origin(models.TextChoices):
    SHIPPED = "shipped", _("Shipped with the software")
    ADMIN = "admin", _("Entered or corrected by an administrator")


class LegalParameter(UUIDModel):
    """A value in force from valid_from up to but not including valid_to (open-ended when empty).

    Users see the end as an inclusive last day (valid_to - 1 day); only the database stores it exclusive.
    `variant` distinguishes versions of one key that hold side by side, such as the youth percentage
    per age ('20', '19', 'bbl_20'). Periods of one key and variant never overlap: the loader and
    legal_parameter_create check that, since SQLite has no exclusion constraint.
    `origin` tells the loader which rows are its own: it may update or remove shipped rows, never admin rows.
    """

    key = models.CharField(_("parameter"), max_length=80)
    variant = models.CharField(_("variant"), max_length=40, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Exclusive; empty = open-ended")
    )
    source = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True)
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices, default=Origin.ADMIN)

    class Meta:
        verbose_name = _("legal parameter")
        verbose_name_plural = _("legal parameters")
        ordering = ["key", "variant", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "variant", "valid_from"], name="unique_parameter_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="parameter_period_not_empty",
            ),
        ]

    def __str__(self):
        suffix = f" [{self.variant}]" if self.variant else ""
        return f"{self.key}{suffix} = {self.value} {self.unit} from {self.valid_from}"

    @property
    def last_day(self) -> date | None:
        """The last day the value is in force (inclusive), as users see it; None when open-ended."""
        return self.valid_to - timedelta(days=1) if self.valid_to else None


class Sector(models.TextChoices):
    MARKET = "market", _("Market sector")
    GOVERNMENT = "government", _("Government")


class JobsAgreementTarget(models.Model):
    """Cumulative banenafspraak target (extra jobs vs 1 January 2013) at the end of a year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    market = models.PositiveIntegerField(_("market sector"))
    government = models.PositiveIntegerField(_("government"))
    source = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("jobs agreement target")
        verbose_name_plural = _("jobs agreement targets")
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}: {self.total}"

    @property
    def total(self) -> int:
        return self.market + self.government
