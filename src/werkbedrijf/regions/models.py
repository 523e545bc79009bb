"""Reference data: labour-market regions, municipalities, postcode areas, occupations and sectors.

Region membership changes yearly (UWV sets the regions, municipalities merge), so the link between a
municipality and its region is a row per year (RegionMembership). The files and their provenance are
in regions/data/SOURCES.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel


class ReferenceDataSet(models.Model):
    """One loaded reference file: what, which year, where from, under which licence."""

    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file"), max_length=200)
    source = models.TextField(_("source"))
    publisher = models.CharField(_("publisher"), max_length=200)
    licence = models.CharField(_("licence"), max_length=200)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("reference data set")
        verbose_name_plural = _("reference data sets")
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="unique_reference_dataset_year")]

    def __str__(self):
        return f"{self.name} {self.year}"


class Region(UUIDModel):
    """An arbeidsmarktregio (labour-market region), e.g. AM18 Groot Amsterdam."""

    code = models.CharField(_("code"), max_length=4, unique=True, help_text="CBS code, AMxx")
    name = models.CharField(_("name"), max_length=100)
    centroid_lat = models.DecimalField(max_digits=9, decimal_places=6)
    centroid_lon = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = _("labour-market region")
        verbose_name_plural = _("labour-market regions")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Province(models.Model):
    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name


class Municipality(UUIDModel):
    """A gemeente with its CBS code (GMxxxx). Its region per year is in RegionMembership."""

    code = models.CharField(_("code"), max_length=6, unique=True, help_text="CBS code, GMxxxx")
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    centroid_lat = models.DecimalField(max_digits=9, decimal_places=6)
    centroid_lon = models.DecimalField(max_digits=9, decimal_places=6)
    centroid_inside = models.BooleanField(
        default=True, help_text="False where the area centroid lies outside the municipality's own area."
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RegionMembership(models.Model):
    """A municipality belongs to one region in a given year (CBS 'Gebieden in Nederland')."""

    year = models.PositiveSmallIntegerField(_("year"))
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "municipality"], name="unique_municipality_region_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "region"])]

    def __str__(self):
        return f"{self.year}: {self.municipality} → {self.region.code}"


class PostcodeArea(models.Model):
    """A 4-digit postcode area with an approximate point (GeoNames, ~1 km)."""

    pc4 = models.CharField(max_length=4, unique=True)
    lat = models.DecimalField(max_digits=7, decimal_places=4)
    lon = models.DecimalField(max_digits=7, decimal_places=4)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="postcode_areas")
    place_names = models.CharField(max_length=500, blank=True)
    flags = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pc4"]

    def __str__(self):
        return self.pc4


class OccupationGroup(models.Model):
    """An ISCO-08 group (major 1 digit … unit group 4 digits)."""

    code = models.CharField(max_length=4, unique=True)
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_nl = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    esco_uri = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name_nl}"


class Occupation(UUIDModel):
    """An ESCO v1.2.0 occupation with its Dutch label, under an ISCO-08 unit group."""

    esco_uri = models.CharField(max_length=200, unique=True)
    esco_code = models.CharField(max_length=30)
    group = models.ForeignKey(OccupationGroup, on_delete=models.PROTECT, related_name="occupations")
    name_nl = models.CharField(max_length=300)
    alternative_names_nl = models.TextField(blank=True)
    description_nl = models.TextField(blank=True)

    class Meta:
        ordering = ["name_nl"]
        indexes = [models.Index(fields=["esco_code"])]

    def __str__(self):
        return self.name_nl


class SectorClassification(models.TextChoices):
    SBI_2008 = "SBI2008", "SBI 2008"
    SBI_2025 = "SBI2025", "SBI 2025"


class Sector(models.Model):
    """An SBI code at any level. SBI 2008 and SBI 2025 codes must never be joined on code."""

    classification = models.CharField(max_length=7, choices=SectorClassification.choices)
    code = models.CharField(max_length=6)
    level = models.CharField(max_length=10)
    section = models.CharField(max_length=1)
    parent_code = models.CharField(max_length=6, blank=True)
    name_nl = models.CharField(max_length=400)
    name_en = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["classification", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "code"], name="unique_sector_code_per_classification"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name_nl}"
