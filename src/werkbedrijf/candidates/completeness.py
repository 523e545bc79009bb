"""How complete a candidate's profile is: a pure function over plain values (no ORM).

The lesson from UWV's candidate explorer (DOMAIN.md §8.1): 42% of its profiles had no education level and most
had no sector preference, so they could never be found. Education level, desired occupations, sectors and the
hours and availability weigh double here.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RUBRIC_COUNT = 6  # AbilityRubric in models.py; kept here so that this module needs no ORM


@dataclass(frozen=True)
class ProfileValues:
    """The parts of a profile that count for completeness, as plain values."""

    email: str = ""
    phone: str = ""
    education_level: str = ""
    desired_occupation_count: int = 0
    sector_count: int = 0
    hours_per_week_max: int | None = None
    available_from: date | None = None
    ability_count: int = 0
    hours_per_day: int | None = None
    own_transport: str = ""
    max_travel_km: int | None = None
    languages: str = ""
    has_consultant: bool = False


@dataclass(frozen=True)
class Item:
    key: str
    label: str | Promise
    weight: int


ITEMS: tuple[Item, ...] = (
    Item("contact", _("e-mail address or phone number"), 1),
    Item("education_level", _("education level"), 2),
    Item("desired_occupations", _("desired occupations"), 2),
    Item("sectors", _("sectors"), 2),
    Item("hours_per_week", _("hours per week"), 2),
    Item("available_from", _("available from"), 2),
    Item("abilities", _("functional abilities (all six rubrics)"), 2),
    Item("hours_per_day", _("hours per day"), 1),
    Item("own_transport", _("own transport"), 1),
    Item("max_travel_km", _("maximum travel distance"), 1),
    Item("languages", _("languages"), 1),
    Item("consultant", _("consultant"), 1),
)
TOTAL_WEIGHT = sum(item.weight for item in ITEMS)


@dataclass(frozen=True)
class Completeness:
    score: int  # 0–100
    missing: list[Item] = field(default_factory=list)

    @property
    def missing_labels(self) -> list[str]:
        return [str(item.label) for item in self.missing]

    @property
    def is_complete(self) -> bool:
        return not self.missing


def _present(values: ProfileValues) -> dict[str, bool]:
    return {
        "contact": bool(values.email.strip() or values.phone.strip()),
        "education_level": bool(values.education_level),
        "desired_occupations": values.desired_occupation_count > 0,
        "sectors": values.sector_count > 0,
        "hours_per_week": values.hours_per_week_max is not None and values.hours_per_week_max > 0,
        "available_from": values.available_from is not None,
        "abilities": values.ability_count >= RUBRIC_COUNT,
        "hours_per_day": values.hours_per_day is not None and values.hours_per_day > 0,
        "own_transport": bool(values.own_transport),
        "max_travel_km": values.max_travel_km is not None,
        "languages": bool(values.languages.strip()),
        "consultant": values.has_consultant,
    }


def completeness(values: ProfileValues) -> Completeness:
    """The score (0–100, the weighted share of items present) and the missing items, in display order."""
    present = _present(values)
    missing = [item for item in ITEMS if not present[item.key]]
    missing_weight = sum(item.weight for item in missing)
    score = round(100 * (TOTAL_WEIGHT - missing_weight) / TOTAL_WEIGHT)
    return Completeness(score=score, missing=missing)
