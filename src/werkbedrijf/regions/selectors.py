"""Reads of reference data.

Reference data is not personal data: any logged-in user may read all of it, so these selectors take no acting
user (unlike the selectors of apps that hold personal data).
"""

import re

from django.db.models import Count, Prefetch, Q, QuerySet

from .loader import DATASETS_BY_NAME
from .models import Municipality, ReferenceDataSet, Region, RegionMembership


class UnknownYear(ValueError):
    """The requested year has no region membership loaded."""

    def __init__(self, year, available: list[int]):
        self.year = year
        self.available = available
        super().__init__(f"No region membership loaded for year {year}; loaded years: {available or 'none'}")


def membership_years() -> list[int]:
    """Years for which a municipality -> region membership is loaded, oldest first."""
    return list(RegionMembership.objects.order_by("year").values_list("year", flat=True).distinct())


def resolve_year(requested: int | str | None) -> int | None:
    """The year asked for, or the latest loaded year when none is given; None only when nothing is loaded.

    Raises UnknownYear when a year is given that is not loaded (or is not a year at all).
    """
    available = membership_years()
    if requested in (None, ""):
        return available[-1] if available else None
    try:
        year = int(requested)
    except (TypeError, ValueError):
        raise UnknownYear(requested, available) from None
    if year not in available:
        raise UnknownYear(year, available)
    return year


def regions_with_municipality_count(*, year: int | None) -> QuerySet[Region]:
    return Region.objects.annotate(
        municipality_count=Count("memberships", filter=Q(memberships__year=year))
    ).order_by("code")


def municipalities_in(region: Region, year: int | None) -> QuerySet[Municipality]:
    return (
        Municipality.objects.filter(memberships__year=year, memberships__region=region)
        .select_related("province")
        .order_by("name")
    )


def municipalities_for_year(*, year: int | None, region_code: str | None = None) -> QuerySet[Municipality]:
    """Municipalities in the division of `year` with their region that year, optionally within one region."""
    memberships = RegionMembership.objects.filter(year=year)
    if region_code:
        memberships = memberships.filter(region__code=region_code)
    municipalities = Municipality.objects.filter(pk__in=memberships.values("municipality"))
    return (
        municipalities.select_related("province")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=RegionMembership.objects.filter(year=year).select_related("region"),
                to_attr="memberships_in_year",
            )
        )
        .order_by("name")
    )


def region_of(municipality: Municipality, year: int) -> Region | None:
    return Region.objects.filter(memberships__municipality=municipality, memberships__year=year).first()


def reference_data_sets() -> list[dict]:
    """Loaded data sets with their provenance and a human title, in loading order.

    The source is split on "; " into its parts (one per line on the page).
    """
    order = list(DATASETS_BY_NAME)
    rows = sorted(
        ReferenceDataSet.objects.all(),
        key=lambda d: (order.index(d.name) if d.name in order else len(order), d.name, d.year),
    )
    return [
        {
            "data_set": d,
            "title": DATASETS_BY_NAME[d.name].title if d.name in DATASETS_BY_NAME else d.name,
            "source_parts": [part.strip() for part in d.source.split("; ") if part.strip()],
        }
        for d in rows
    ]


OCCUPATION_SEARCH_MIN_LENGTH = 2
OCCUPATION_SEARCH_LIMIT = 15


def search_occupations(query: str, *, exclude_ids=(), limit: int = OCCUPATION_SEARCH_LIMIT) -> list:
    """Occupations whose Dutch name, alternative names or ESCO/ISCO code match every word of `query`.

    Names that start with the query come first, then names with a word that starts with it, then other name
    matches, then matches on an alternative name only
    ("kok" finds "kok", "chef-kok", "hulpkok" in that order).
    """
    from .models import Occupation  # noqa: PLC0415

    words = query.split()
    if len(query.strip()) < OCCUPATION_SEARCH_MIN_LENGTH:
        return []
    condition = Q()
    for word in words:
        condition &= (
            Q(name_nl__icontains=word)
            | Q(alternative_names_nl__icontains=word)
            | Q(esco_code__startswith=word)
            | Q(group__code__startswith=word)
        )
    candidates = list(
        Occupation.objects.filter(condition)
        .exclude(pk__in=[pk for pk in exclude_ids if str(pk).isdigit()])
        .select_related("group")
        .only("id", "name_nl", "esco_code", "group__code", "group__name_nl")[:500]
    )
    lowered = query.strip().lower()

    def rank(occupation) -> tuple[int, int, str]:
        name = occupation.name_nl.lower()
        if name.startswith(lowered):
            return (0, len(name), name)
        name_words = re.split(r"[\s\-/(),]+", name)
        if any(part.startswith(lowered) for part in name_words):
            return (1, len(name), name)
        if all(word.lower() in name for word in words):
            return (2, len(name), name)
        return (3, len(name), name)

    return sorted(candidates, key=rank)[:limit]
