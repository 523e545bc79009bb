"""Employers, the Werkbedrijf's customers: one account per employer, with one account manager across all
partners, locations, a shared contact history and partnership pledges.

The employer's name, region and KvK number live on its accounts.Organisation (kind employer), to which the
employer's own users belong; Employer adds what the employer service point keeps about it. Business rules
(who may write, duplicates, the account manager's role) are in services.py.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.regions.models import Municipality, PostcodeArea, Sector

KVK_PATTERN = re.compile(r"^[0-9]{8}$")
POSTCODE_PATTERN = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")


def validate_kvk_number(value: str) -> None:
    """A KvK number is exactly 8 digits. It has no check digit, so only the format can be checked."""
    if not KVK_PATTERN.match(value or ""):
        raise ValidationError(_("A KvK number has exactly 8 digits."), code="invalid_kvk")


def normalise_kvk_number(value: str) -> str:
    """Leniency for what people type: spaces and dots are dropped ('1234 5678' → '12345678')."""
    return re.sub(r"[\s.]", "", value or "")


def normalise_postcode(value: str) -> str | None:
    """'1012ab' → '1012 AB'; None when it is not a Dutch postcode."""
    match = POSTCODE_PATTERN.match((value or "").strip())
    if not match:
        return None
    return f"{match.group(1)} {match.group(2).upper()}"


class SizeClass(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250+", _("250 or more employees")


class SectorType(models.TextChoices):
    MARKET = "market", _("Market sector")
    GOVERNMENT = "government", _("Government sector")


# SBI 2008 levels an employer's sector may be given at: a division ("afdeling") or more precise.
EMPLOYER_SECTOR_LEVELS = ("afdeling", "groep", "klasse", "subklasse")


class Employer(UUIDModel):
    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="employer",
        help_text=_("Holds the name, region and KvK number; the employer's users belong to it."),
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector (SBI 2008)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    size_class = models.CharField(_("size"), max_length=6, choices=SizeClass.choices)
    yearly_paid_hours = models.PositiveIntegerField(
        _("paid hours per year"),
        null=True,
        blank=True,
        help_text=_("Total paid hours of all employees in a year; used later for the quota position."),
    )
    sector_type = models.CharField(_("market or government"), max_length=10, choices=SectorType.choices)
    account_manager = models.ForeignKey(
        "accounts.User",
        verbose_name=_("account manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_employers",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [models.Index(fields=["size_class"], name="employer_size_idx")]

    def __str__(self):
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def kvk_number(self) -> str:
        return self.organisation.kvk_number


class EmployerLocation(UUIDModel):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("location name"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7, help_text=_("e.g. 1012 AB"))
    postcode_area = models.ForeignKey(
        PostcodeArea, verbose_name=_("postcode area"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    is_main = models.BooleanField(_("main location"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer location")
        verbose_name_plural = _("employer locations")
        ordering = ["-is_main", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"], condition=Q(is_main=True), name="one_main_location_per_employer"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.postcode})"


class ContactMomentKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Phone call")
    EMAIL = "email", _("E-mail")
    AGREEMENT = "agreement", _("Agreement")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The contact history is append-only: add a correcting contact moment.")

    def delete(self):
        raise PermissionError("The contact history is append-only: add a correcting contact moment.")


class ContactMoment(UUIDModel):
    """One contact with an employer. Append-only: a mistake is corrected by a new row that `corrects` it."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="contact_moments")
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when"))
    kind = models.CharField(_("kind of contact"), max_length=10, choices=ContactMomentKind.choices)
    summary = models.TextField(_("summary"))
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    next_step_date = models.DateField(_("next step on"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["employer", "-occurred_at"], name="contact_employer_time_idx")]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The contact history is append-only: add a correcting contact moment.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The contact history is append-only: add a correcting contact moment.")


class PledgeKind(models.TextChoices):
    JOBS_AGREEMENT = "jobs_agreement", _("Jobs-agreement jobs (banenafspraak)")
    SHELTERED_WORK = "sheltered_work", _("Sheltered work places")
    LEARNING_WORK = "learning_work", _("Learning/working places")
    OTHER = "other", _("Other jobs for the target group")


class PartnershipPledge(UUIDModel):
    """'We will create 5 jobs in 2027': what an employer promised, for monitoring to follow later."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="pledges")
    year = models.PositiveSmallIntegerField(_("year"))
    number_of_jobs = models.PositiveIntegerField(_("number of jobs"))
    kind = models.CharField(_("kind of jobs"), max_length=20, choices=PledgeKind.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partnership pledge")
        verbose_name_plural = _("partnership pledges")
        ordering = ["-year", "-recorded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(number_of_jobs__gte=1), name="pledge_at_least_one_job")
        ]

    def __str__(self):
        return f"{self.year}: {self.number_of_jobs} ({self.get_kind_display()})"
