"""Labour pools (werkpools) and group secondment (groepsdetachering).

An operator (an SW company, the Werkbedrijf, a municipality or a job-coach provider) employs or guides a group
of candidates and seconds them, alone or as a group with a job coach, to regular employers for a number of
hours a week. Nothing here is deleted: ending a membership or a secondment writes its end date and reason,
so the history stays. Business rules (hours, dates, regions) are in services.py; who may, in permissions.py.
"""

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.regions.models import Region

MAX_HOURS_PER_WEEK = Decimal("40")


class PoolKind(models.TextChoices):
    LABOUR_POOL = "labour_pool", _("Labour pool")
    GROUP_SECONDMENT = "group_secondment", _("Group secondment")


class LabourPool(UUIDModel):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="labour_pools"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PoolKind.choices)
    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="labour_pools",
        help_text=_("The SW company, Werkbedrijf, municipality or job-coach provider that runs the pool."),
    )
    description = models.TextField(_("description"), blank=True)
    job_coach = models.ForeignKey(
        "accounts.User",
        verbose_name=_("job coach"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coached_labour_pools",
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("labour pool")
        verbose_name_plural = _("labour pools")
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "name"], name="labour_pool_region_name_idx")]

    def __str__(self):
        return self.name


class PoolMembership(UUIDModel):
    """A candidate in a pool for a period, with the hours a week the operator employs or guides them."""

    pool = models.ForeignKey(LabourPool, on_delete=models.PROTECT, related_name="memberships")
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="pool_memberships",
    )
    started_on = models.DateField(_("member from"))
    ended_on = models.DateField(_("member until"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pool membership")
        verbose_name_plural = _("pool memberships")
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "candidate"],
                condition=Q(ended_on__isnull=True),
                name="one_open_membership_per_pool_candidate",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="membership_hours_0_to_40",
            ),
        ]

    def __str__(self):
        return f"{self.pool}: {self.started_on}"

    def is_current_on(self, day: date) -> bool:
        return self.ended_on is None or self.ended_on >= day


class Secondment(UUIDModel):
    """A member working at an employer for some hours a week, as part of their pool membership."""

    membership = models.ForeignKey(PoolMembership, on_delete=models.PROTECT, related_name="secondments")
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "employers.EmployerLocation",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    tasks = models.TextField(_("tasks"), blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["employer", "ended_on"], name="secondment_employer_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="secondment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="secondment_hours_0_to_40",
            ),
        ]

    def __str__(self):
        return f"{self.employer}: {self.started_on}"

    def is_active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)
