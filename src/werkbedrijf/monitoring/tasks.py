from celery import shared_task


@shared_task(name="werkbedrijf.monitoring.build_region")
def build_region(region_id: int) -> float:
    """Rebuild one region's monitoring figures; returns the seconds it took."""
    from werkbedrijf.regions.models import Region

    from .cube import build_region as build

    return build(Region.objects.get(pk=region_id)).seconds


@shared_task(name="werkbedrijf.monitoring.build_all")
def build_all() -> int:
    """Rebuild every region's figures that has placements or had figures (nightly: the current month's
    measuring day moves on). Returns how many regions were built."""
    from werkbedrijf.placements.models import Placement

    from .models import CubeState

    regions = set(Placement.objects.values_list("region_id", flat=True).distinct())
    regions |= set(CubeState.objects.values_list("region_id", flat=True))
    for region_id in sorted(regions):
        build_region(region_id)
    return len(regions)
