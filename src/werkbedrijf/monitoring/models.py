"""The monitoring's figures, kept ready so that a dashboard over ten years answers at once.

`MonthlyFigure` is a cube: per region, month, municipality of residence (at the start of the placement),
target group, sector (market or government, the employer's) and contract type, the placements running at
the month's measuring day and how many jobs of the banenafspraak they count for, and the placements that
started and ended in the month. `RetentionFigure` holds per start year, target group and instrument how many
placements were still running 6, 12 and 24 months after their start. cube.py builds both per region from the
placements (and rebuilds when `CubeState.dirty_since` says something changed); the dashboards only read.

`RegionTargetShare` is the region's share of the national target (the Werkkamer's indicative split), dated
and set by the region's functional administrator, with its source and confidence.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.instruments.models import AppendOnlyModel, AppendOnlyQuerySet
from werkbedrijf.parameters.models import Confidence
from werkbedrijf.regions.models import Municipality, Region


class RegionTargetShare(AppendOnlyModel, UUIDModel):
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("valid from"))
    share_percent = models.DecimalField(
        _("share of the national target (%)"),
        max_digits=6,
        decimal_places=3,
        help_text=_("For example 2.857 for an equal share of the 35 regions."),
    )
    source = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("set at"))

    objects = AppendOnlyQuerySet.as_manager()

    def __str__(self):
        return f"{self.region_id} {self.valid_from}: {self.share_percent} %"

    class Meta:
        verbose_name = _("region's share of the target")
        verbose_name_plural = _("regions' shares of the target")
        ordering = ["region", "-valid_from", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__gt=0, share_percent__lte=100), name="target_share_0_to_100"
            ),
        ]


class MonthlyFigure(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    target_group = models.CharField(max_length=30)
    sector_type = models.CharField(max_length=10)
    contract_type = models.CharField(max_length=20)
    running = models.PositiveIntegerField(default=0)  # placements running on the measuring day
    counted = models.PositiveIntegerField(default=0)  # of which counting for the banenafspraak
    job_units = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    started = models.PositiveIntegerField(default=0)
    ended = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["region", "month"], name="monthly_figure_region_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "municipality", "target_group", "sector_type", "contract_type"],
                name="monthly_figure_one_cell",
            )
        ]

    def __str__(self):
        return f"{self.region_id} {self.month:%Y-%m}: {self.running}"


class RetentionFigure(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    start_year = models.PositiveSmallIntegerField()
    target_group = models.CharField(max_length=30)
    instrument = models.CharField(max_length=30, blank=True)  # an InstrumentKind, '' for none
    started = models.PositiveIntegerField(default=0)
    # Placements that started at least N months before the build (so that N months could pass) and of
    # those, how many were still running N months after their start.
    due_6 = models.PositiveIntegerField(default=0)
    retained_6 = models.PositiveIntegerField(default=0)
    due_12 = models.PositiveIntegerField(default=0)
    retained_12 = models.PositiveIntegerField(default=0)
    due_24 = models.PositiveIntegerField(default=0)
    retained_24 = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "start_year", "target_group", "instrument"], name="retention_one_cell"
            )
        ]

    def __str__(self):
        return f"{self.region_id} {self.start_year} {self.target_group}: {self.started}"


class WaitFigure(models.Model):
    """How long candidates waited for their placement: per start year and target group, the median number of
    days from entering the pool (or the register, whichever came first) to the start of the placement."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    start_year = models.PositiveSmallIntegerField()
    target_group = models.CharField(max_length=30)
    placements = models.PositiveIntegerField(default=0)
    median_days = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "start_year", "target_group"], name="wait_one_cell")
        ]

    def __str__(self):
        return f"{self.region_id} {self.start_year} {self.target_group}: {self.median_days} d"


class CubeState(models.Model):
    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="+")
    built_at = models.DateTimeField(null=True, blank=True)
    measured_on = models.DateField(null=True, blank=True)  # the current month's measuring day
    dirty_since = models.DateTimeField(null=True, blank=True)
    placements = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    def __str__(self):
        return f"{self.region_id}: {self.built_at}"
