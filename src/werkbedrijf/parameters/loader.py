"""Load the shipped legal parameters (data/*.csv) into the database.

Idempotent: rows are matched on key + variant + valid_from (targets on year). Every row the loader
writes has origin "shipped"; those are created, updated and, once they are no longer in the file
(say its start date was corrected), removed when nothing refers to them. Rows with origin "admin"
(added or corrected in the interface) are never overwritten or removed: a shipped row with the same
start is skipped and any difference is reported as a conflict. Open-ended versions end where a later
version begins, the same rule legal_parameter_create applies. An overlap that remains stops the
load with the file, line and conflicting version, before anything is written.
"""

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change

from .keys import DEFINITIONS
from .models import Confidence, JobsAgreementTarget, LegalParameter, Origin

DATA_DIR = Path(__file__).resolve().parent / "data"
PARAMETERS_FILE = DATA_DIR / "legal_parameters.csv"
TARGETS_FILE = DATA_DIR / "jobs_agreement_targets.csv"

PARAMETER_COLUMNS = [
    "key",
    "variant",
    "value",
    "unit",
    "valid_from",
    "valid_to",
    "confidence",
    "source",
    "note",
]
TARGET_COLUMNS = ["year", "market", "government", "confidence", "source", "note"]
_PARAMETER_FIELDS = ["value", "unit", "valid_to", "source", "confidence", "note"]
_TARGET_FIELDS = ["market", "government", "source", "confidence", "note"]


class ParameterFileError(ValueError):
    """A row in a parameter file is wrong; the message names the file and line."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path = path
        self.line = line
        where = f"{path.name}, line {line}" if line else path.name
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class _Period:
    valid_from: date
    valid_to: date | None

    def overlaps(self, other: "_Period") -> bool:
        self_ends_after = self.valid_to is None or self.valid_to > other.valid_from
        other_ends_after = other.valid_to is None or other.valid_to > self.valid_from
        return self_ends_after and other_ends_after


def _read_rows(path: Path, columns: list[str]):
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != columns:
            raise ParameterFileError(
                path, 1, f"expected columns {', '.join(columns)}; found {reader.fieldnames}"
            )
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                raise ParameterFileError(path, reader.line_num, "wrong number of columns")
            yield reader.line_num, {k: v.strip() for k, v in row.items()}


def _date(path, line, name, text, *, required=True) -> date | None:
    if not text:
        if required:
            raise ParameterFileError(path, line, f"{name} is empty")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ParameterFileError(path, line, f"{name} {text!r} is not a date (YYYY-MM-DD)") from None


def _confidence(path, line, text) -> str:
    if text not in Confidence.values:
        raise ParameterFileError(
            path, line, f"confidence {text!r} is not one of {', '.join(Confidence.values)}"
        )
    return text


def _parse_parameter(path: Path, line: int, row: dict) -> dict:
    definition = DEFINITIONS.get(row["key"])
    if definition is None:
        raise ParameterFileError(
            path, line, f"unknown parameter key {row['key']!r} (add it to parameters/keys.py)"
        )
    if row["variant"] not in definition.variants:
        raise ParameterFileError(
            path, line, f"variant {row['variant']!r} is not allowed for {definition.key}"
        )
    if row["unit"] != definition.unit:
        raise ParameterFileError(
            path, line, f"unit {row['unit']!r} for {definition.key} must be {definition.unit!r}"
        )
    try:
        value = Decimal(row["value"])
    except InvalidOperation:
        raise ParameterFileError(path, line, f"value {row['value']!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise ParameterFileError(path, line, f"value {row['value']!r} must be a number of at least 0")
    if definition.maximum is not None and value > definition.maximum:
        raise ParameterFileError(
            path, line, f"value {row['value']!r} is above {definition.maximum} ({definition.unit})"
        )
    if definition.whole_number and value != value.to_integral_value():
        raise ParameterFileError(path, line, f"value {row['value']!r} must be a whole number")
    valid_from = _date(path, line, "valid_from", row["valid_from"])
    valid_to = _date(path, line, "valid_to", row["valid_to"], required=False)
    if valid_to is not None and valid_to <= valid_from:
        raise ParameterFileError(path, line, f"valid_to {valid_to} must be after valid_from {valid_from}")
    if not row["source"]:
        raise ParameterFileError(path, line, "source is empty")
    return {
        "key": definition.key,
        "variant": row["variant"],
        "value": value,
        "unit": row["unit"],
        "valid_from": valid_from,
        "valid_to": valid_to,
        "confidence": _confidence(path, line, row["confidence"]),
        "source": row["source"],
        "note": row["note"],
    }


def read_parameter_file(path: Path = PARAMETERS_FILE) -> list[tuple[int, dict]]:
    """Parse and validate the file (no database): a list of (line, fields)."""
    parsed = [(line, _parse_parameter(path, line, row)) for line, row in _read_rows(path, PARAMETER_COLUMNS)]
    seen: dict[tuple, int] = {}
    for line, fields in parsed:
        natural_key = (fields["key"], fields["variant"], fields["valid_from"])
        if natural_key in seen:
            raise ParameterFileError(path, line, f"duplicate of line {seen[natural_key]}")
        seen[natural_key] = line
    return parsed


def _parse_target(path: Path, line: int, row: dict) -> dict:
    numbers = {}
    for name in ("year", "market", "government"):
        try:
            numbers[name] = int(row[name])
        except ValueError:
            raise ParameterFileError(path, line, f"{name} {row[name]!r} is not a whole number") from None
        if numbers[name] < 0:
            raise ParameterFileError(path, line, f"{name} must be at least 0")
    if not row["source"]:
        raise ParameterFileError(path, line, "source is empty")
    return {
        **numbers,
        "confidence": _confidence(path, line, row["confidence"]),
        "source": row["source"],
        "note": row["note"],
    }


def read_target_file(path: Path = TARGETS_FILE) -> list[tuple[int, dict]]:
    parsed = [(line, _parse_target(path, line, row)) for line, row in _read_rows(path, TARGET_COLUMNS)]
    seen: dict[int, int] = {}
    for line, fields in parsed:
        if fields["year"] in seen:
            raise ParameterFileError(path, line, f"year {fields['year']} repeats line {seen[fields['year']]}")
        seen[fields["year"]] = line
    return parsed


AUDIT_CONTEXT = "Legal parameters: loading the shipped files"


@dataclass
class LoadResult:
    """Counts per outcome, and conflicts with versions entered by an administrator (for the operator)."""

    counts: dict[str, int]
    conflicts: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> int:
        return self.counts[name]


def _label(key: str, variant: str) -> str:
    return f"{key} [{variant}]" if variant else key


def _close_before_later_versions(parsed: list[tuple[int, dict]], kept_rows: list[LegalParameter]) -> None:
    """Shipped open-ended rows end where a later version that the loader does not write begins."""
    later_starts: dict[tuple[str, str], list[date]] = {}
    for row in kept_rows:
        later_starts.setdefault((row.key, row.variant), []).append(row.valid_from)
    for _, fields in parsed:
        if fields["valid_to"] is None:
            later = [
                d
                for d in later_starts.get((fields["key"], fields["variant"]), [])
                if d > fields["valid_from"]
            ]
            if later:
                fields["valid_to"] = min(later)


def _close_admin_rows_before_shipped(
    admin_rows: list[LegalParameter], parsed: list[tuple[int, dict]], conflicts: list[str]
) -> list[LegalParameter]:
    """Open-ended admin rows end where a later shipped version begins; returns the rows to save."""
    shipped_starts: dict[tuple[str, str], list[date]] = {}
    for _, fields in parsed:
        shipped_starts.setdefault((fields["key"], fields["variant"]), []).append(fields["valid_from"])
    closed = []
    for row in admin_rows:
        if row.valid_to is not None:
            continue
        later = [d for d in shipped_starts.get((row.key, row.variant), []) if d > row.valid_from]
        if later:
            row.valid_to = min(later)
            closed.append(row)
            conflicts.append(
                f"{_label(row.key, row.variant)}: the version from {row.valid_from} entered by an "
                f"administrator had no end date; it now ends on {row.valid_to} (exclusive), where a shipped "
                "version begins."
            )
    return closed


def _check_overlaps(
    path: Path, parsed: list[tuple[int, dict]], kept_rows: list[tuple[LegalParameter, str]]
) -> None:
    periods: dict[tuple[str, str], list[tuple[_Period, int | None, str]]] = {}
    for line, f in parsed:
        periods.setdefault((f["key"], f["variant"]), []).append(
            (_Period(f["valid_from"], f["valid_to"]), line, f"line {line}")
        )
    for row, description in kept_rows:
        periods.setdefault((row.key, row.variant), []).append(
            (_Period(row.valid_from, row.valid_to), None, description)
        )
    for (key, variant), items in periods.items():
        items.sort(key=lambda item: item[0].valid_from)
        for (a, line_a, where_a), (b, line_b, where_b) in zip(items, items[1:], strict=False):
            if a.overlaps(b):
                advice = (
                    "" if line_a and line_b else "; loading never changes such a version, so change the file"
                )
                raise ParameterFileError(
                    path,
                    line_b or line_a,
                    f"the period of {_label(key, variant)} {_describe(b, where_b)} overlaps "
                    f"{_describe(a, where_a)}{advice}",
                )


def _describe(period: _Period, where: str) -> str:
    end = f"to {period.valid_to}" if period.valid_to else "open-ended"
    return f"from {period.valid_from} {end} ({where})"


_ADMIN_ROW = "a version entered by an administrator"
_REFERENCED_ROW = "a shipped version no longer in the file, kept because other data refers to it"


def _delete_if_unreferenced(row: LegalParameter) -> bool:
    try:
        with transaction.atomic():
            row.delete()
    except (ProtectedError, RestrictedError):
        return False
    return True


def load_legal_parameters(
    parameters_file: Path = PARAMETERS_FILE, targets_file: Path = TARGETS_FILE
) -> LoadResult:
    """Bring the shipped rows in line with the files; returns counts per outcome and conflicts."""
    counts = dict.fromkeys(
        ["parameters_created", "parameters_updated", "parameters_unchanged", "parameters_removed",
         "parameters_kept_admin", "targets_created", "targets_updated", "targets_unchanged"],
        0,
    )  # fmt: skip
    conflicts: list[str] = []
    parameters = read_parameter_file(parameters_file)
    _check_overlaps(parameters_file, parameters, [])
    targets = read_target_file(targets_file)
    with transaction.atomic():
        existing = list(LegalParameter.objects.select_for_update())
        in_file = {(f["key"], f["variant"], f["valid_from"]) for _, f in parameters}
        kept: list[tuple[LegalParameter, str]] = []
        for row in existing:
            natural_key = (row.key, row.variant, row.valid_from)
            if row.origin == Origin.SHIPPED and natural_key not in in_file:
                if _delete_if_unreferenced(row):
                    counts["parameters_removed"] += 1
                else:
                    kept.append((row, _REFERENCED_ROW))
        admin_rows = [row for row in existing if row.origin == Origin.ADMIN]
        admin_by_key = {(row.key, row.variant, row.valid_from): row for row in admin_rows}
        to_write, skipped = [], []
        for line, fields in parameters:
            admin_row = admin_by_key.get((fields["key"], fields["variant"], fields["valid_from"]))
            if admin_row is None:
                to_write.append((line, fields))
            else:
                skipped.append((line, fields, admin_row))
                counts["parameters_kept_admin"] += 1
        kept += [(row, _ADMIN_ROW) for row in admin_rows]
        _close_before_later_versions(to_write, [row for row, _ in kept])
        closed_admin_rows = _close_admin_rows_before_shipped(admin_rows, to_write, conflicts)
        _check_overlaps(parameters_file, to_write, kept)
        for line, fields, admin_row in skipped:
            differences = [
                name for name in ("value", "unit", "valid_to") if getattr(admin_row, name) != fields[name]
            ]
            if differences:
                conflicts.append(
                    f"{parameters_file.name}, line {line}: {_label(fields['key'], fields['variant'])} from "
                    f"{fields['valid_from']} was entered or corrected by an administrator and differs from "
                    f"the file in {', '.join(differences)}; the administrator's version is kept."
                )
        for row in closed_admin_rows:
            row.save(update_fields=["valid_to"])
            log_change(
                actor=None,
                action=AccessAction.UPDATE,
                object_type="legal_parameter",
                object_uuid=row.uuid,
                object_label=f"{_label(row.key, row.variant)} {row.valid_from.isoformat()}",
                context=AUDIT_CONTEXT,
                changed_fields=["valid_to"],
            )
        existing_shipped = {
            (row.key, row.variant, row.valid_from): row for row in existing if row.origin == Origin.SHIPPED
        }
        for _, fields in to_write:
            row = existing_shipped.get((fields["key"], fields["variant"], fields["valid_from"]))
            if row is None:
                LegalParameter.objects.create(**fields, origin=Origin.SHIPPED)
                counts["parameters_created"] += 1
            elif _update(row, fields, _PARAMETER_FIELDS):
                counts["parameters_updated"] += 1
            else:
                counts["parameters_unchanged"] += 1
        existing_targets = {t.year: t for t in JobsAgreementTarget.objects.select_for_update()}
        for _, fields in targets:
            target = existing_targets.get(fields["year"])
            if target is None:
                JobsAgreementTarget.objects.create(**fields)
                counts["targets_created"] += 1
            elif _update(target, fields, _TARGET_FIELDS):
                counts["targets_updated"] += 1
            else:
                counts["targets_unchanged"] += 1
    return LoadResult(counts, conflicts)


def _update(instance, fields: dict, names: list[str]) -> bool:
    changed = [name for name in names if getattr(instance, name) != fields[name]]
    if changed:
        for name in changed:
            setattr(instance, name, fields[name])
        instance.full_clean(validate_unique=False)
        instance.save(update_fields=changed)
    return bool(changed)
