"""Marking a region's figures out of date whenever something they are built from changes: a placement, its
hours or grants, or a candidate who has placements (the register dates decide what counts)."""

from typing import Any

from django.db.models.signals import m2m_changed, post_save
from django.utils import timezone

from werkbedrijf.candidates.models import Candidate
from werkbedrijf.placements.models import Placement, PlacementHours

from .models import CubeState


def mark_dirty(region_id: int) -> None:
    updated = CubeState.objects.filter(region_id=region_id, dirty_since__isnull=True).update(
        dirty_since=timezone.now()
    )
    if not updated and not CubeState.objects.filter(region_id=region_id).exists():
        CubeState.objects.get_or_create(region_id=region_id, defaults={"dirty_since": timezone.now()})


def _placement_saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark_dirty(instance.region_id)


def _hours_saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark_dirty(instance.placement.region_id)


def _grants_changed(sender: type, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        mark_dirty(instance.region_id)


def _candidate_saved(
    sender: type, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any
) -> None:
    if raw or created:
        return
    for region_id in (
        Placement.objects.filter(candidate=instance).values_list("region_id", flat=True).distinct()
    ):
        mark_dirty(region_id)


def connect() -> None:
    post_save.connect(_placement_saved, sender=Placement, dispatch_uid="monitoring-placement")
    post_save.connect(_hours_saved, sender=PlacementHours, dispatch_uid="monitoring-placement-hours")
    post_save.connect(_candidate_saved, sender=Candidate, dispatch_uid="monitoring-candidate")
    m2m_changed.connect(_grants_changed, sender=Placement.grants.through, dispatch_uid="monitoring-grants")
