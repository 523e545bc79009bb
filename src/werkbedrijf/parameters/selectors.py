"""Reading legal parameters: the value in force on a date.

These are public legal values, the same for every user, so the selectors take no acting user.
Every call queries the database (the table is tiny and indexed on key, variant and valid_from), so
a value a functional administrator just added is seen at once by every process. A batch that needs
many values for one date uses parameters_on() to fetch them in one query.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.db.models import Q, QuerySet

from .keys import DEFINITIONS, ParameterDefinition, variant_label
from .models import JobsAgreementTarget, LegalParameter


class ParameterNotFound(LookupError):
    def __init__(self, key: str, on: date, variant: str = ""):
        self.key = key
        self.variant = variant
        self.on = on
        variant_text = f" (variant {variant!r})" if variant else ""
        super().__init__(f"No legal parameter {key!r}{variant_text} is in force on {on.isoformat()}.")


def _in_force(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def parameter_on(key: str, on: date, *, variant: str = "") -> LegalParameter:
    """The row in force on `on` (valid_to is exclusive), with its source and confidence."""
    row = (
        LegalParameter.objects.filter(_in_force(on), key=key, variant=variant).order_by("-valid_from").first()
    )
    if row is None:
        raise ParameterNotFound(key, on, variant)
    return row


def value_on(key: str, on: date, *, variant: str = "") -> Decimal:
    return parameter_on(key, on, variant=variant).value


class ParameterSet:
    """All parameters in force on one date, fetched in one query."""

    def __init__(self, on: date, rows: Iterable[LegalParameter]):
        self.on = on
        self._rows = {(row.key, row.variant): row for row in rows}

    def parameter(self, key: str, *, variant: str = "") -> LegalParameter:
        try:
            return self._rows[(key, variant)]
        except KeyError:
            raise ParameterNotFound(key, self.on, variant) from None

    def value(self, key: str, *, variant: str = "") -> Decimal:
        return self.parameter(key, variant=variant).value

    def fingerprint(self) -> tuple:
        """What the figures are: equal for two sets with the same rows in force, whenever read."""
        return tuple(
            sorted(
                (row.key, row.variant, row.value, row.confidence, row.valid_from, row.valid_to)
                for row in self._rows.values()
            )
        )


def parameters_on(on: date) -> ParameterSet:
    return ParameterSet(on, LegalParameter.objects.filter(_in_force(on)))


def jobs_agreement_target(year: int) -> JobsAgreementTarget:
    """The cumulative target at the end of `year`."""
    target = JobsAgreementTarget.objects.filter(year=year).first()
    if target is None:
        raise ParameterNotFound("jobs_agreement_target", date(year, 12, 31))
    return target


def jobs_agreement_target_list() -> QuerySet[JobsAgreementTarget]:
    return JobsAgreementTarget.objects.order_by("year")


def _last_indexation_date(today: date) -> date:
    return date(today.year, 7, 1) if today.month >= 7 else date(today.year, 1, 1)


@dataclass
class ParameterGroup:
    key: str
    definition: ParameterDefinition | None
    rows: list[LegalParameter]
    # An open-ended version of a half-yearly indexed amount that starts before the last 1 January or
    # 1 July: a newer indexation has probably not been entered yet.
    possibly_outdated_since: date | None = None

    @property
    def label(self) -> str:
        return str(self.definition.label) if self.definition else self.key


def versions_of(key: str, variant: str) -> list[LegalParameter]:
    return list(LegalParameter.objects.filter(key=key, variant=variant).order_by("valid_from"))


def legal_parameter_get(uuid) -> LegalParameter | None:
    return LegalParameter.objects.filter(uuid=uuid).first()


def legal_parameter_groups(today: date) -> list[ParameterGroup]:
    """Every parameter row grouped by key (in the order of parameters/keys.py), for the overview page.

    Rows get `in_force` (bool) and `variant_label` for display.
    """
    rows = list(LegalParameter.objects.order_by("key", "variant", "valid_from"))
    for row in rows:
        row.in_force = row.valid_from <= today and (row.valid_to is None or row.valid_to > today)
        row.variant_label = variant_label(row.variant)
    order = {key: position for position, key in enumerate(DEFINITIONS)}
    groups = []
    for key, key_rows in groupby(rows, key=lambda row: row.key):
        definition = DEFINITIONS.get(key)
        key_rows = list(key_rows)
        if definition:
            variant_order = {variant: position for position, variant in enumerate(definition.variants)}
            key_rows.sort(
                key=lambda row: (variant_order.get(row.variant, len(variant_order)), row.valid_from)
            )
        group = ParameterGroup(key, definition, key_rows)
        if definition and definition.indexed_half_yearly:
            indexation = _last_indexation_date(today)
            if any(r.valid_to is None and r.valid_from < indexation for r in group.rows):
                group.possibly_outdated_since = indexation
        groups.append(group)
    groups.sort(key=lambda group: order.get(group.key, len(order)))
    return groups
