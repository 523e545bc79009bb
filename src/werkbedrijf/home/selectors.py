"""Reads for the home page. Counts only: the home page never shows a person."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from werkbedrijf.accounts.models import Organisation
from werkbedrijf.candidates.selectors import candidate_counts


@dataclass(frozen=True)
class RegionFigures:
    candidates: int | None
    candidates_in_register: int | None
    organisations: int


def region_figures(*, user, region) -> RegionFigures:
    """Aggregates for the region, within what the user's roles there allow."""
    try:
        counts = candidate_counts(user=user, region=region)
    except PermissionDenied:
        counts = None
    return RegionFigures(
        candidates=counts.total if counts else None,
        candidates_in_register=counts.in_register if counts else None,
        organisations=Organisation.objects.filter(region=region, is_active=True).count(),
    )
