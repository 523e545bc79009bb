"""The import engine: check every row of a file, then import all of them in one transaction or none.

Phase 1 (validating) reads every row, parses each cell (kinds/base.py), checks required cells, duplicates of
the key (BSN, KvK number) inside the file, and then, per chunk, what needs the database (existing records,
permissions, rules across fields). Any error: the job ends as invalid with a report of row, column and reason,
and nothing is written. Phase 2 (importing) reads the file again and writes each row through the app's
services in one transaction; an error there (a rule phase 1 could not see, or any exception) rolls back
everything.

The report never contains a cell's value. Progress: rows checked are written as phase 1 goes; rows imported
are written through a second database connection on PostgreSQL (inside the import transaction an update would
stay invisible to the job page until the end). SQLite allows one writer at a time, so there the import phase
shows its progress at the end.
"""

import logging
import traceback
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change

from .kinds import get_kind
from .kinds.base import CellError, Column, Kind, ParsedRow, normalise_header
from .models import ImportFile, ImportJob, ImportStatus
from .reading import FileProblem, limits, open_table

logger = logging.getLogger(__name__)

FORMULA_PREFIXES = ("=", "+", "-", "@")


def max_reported_errors() -> int:
    return getattr(settings, "TRANSFERS_MAX_REPORTED_ERRORS", 5_000)


class ImportAborted(Exception):
    """Raised inside the import transaction to roll it back, carrying the row's errors."""

    def __init__(self, number: int, errors: list[tuple[str, str]]):
        super().__init__(number)
        self.number = number
        self.errors = errors


@dataclass
class Report:
    kind: Kind
    errors: list[dict] = field(default_factory=list)
    count: int = 0
    notices: list[str] = field(default_factory=list)

    def add(self, row: int, column_key: str, reason: str, *, header: str | None = None) -> None:
        self.count += 1
        if len(self.errors) < max_reported_errors():
            column = header if header is not None else self.kind.header_of(column_key)
            self.errors.append({"row": row, "column": column, "reason": str(reason)})


@dataclass
class HeaderMap:
    positions: dict[int, Column]
    present: set[str]


def map_header(kind: Kind, header: list[str], report: Report, *, header_row: int = 1) -> HeaderMap | None:
    """Which file column is which; missing required columns are errors, unknown columns a notice.

    When not one column is known, the first row is not the template's header (another sheet, no header
    row, another kind of file): that is one error for the file, and the row's texts are not repeated, since
    they could be a person's data."""
    known: dict[str, Column] = {}
    for column in kind.columns:
        known[normalise_header(column.header)] = column
        known[normalise_header(column.key)] = column
    positions: dict[int, Column] = {}
    unknown = []
    for index, title in enumerate(header):
        if not title.strip():
            continue
        column = known.get(normalise_header(title))
        if column is None:
            unknown.append(title.strip()[:40])
            continue
        if column.key in {c.key for c in positions.values()}:
            report.add(
                header_row,
                "",
                _("The column “%(column)s” appears twice.") % {"column": column.header},
                header=column.header,
            )
            continue
        positions[index] = column
    if not positions:
        report.add(
            0,
            "",
            _(
                "The first filled row (row %(row)s) does not have the column names of the template for "
                "%(kind)s. Put the template's header in the first row, and in Excel put the data on the "
                "first sheet or on the sheet “%(sheet)s”."
            )
            % {"row": header_row, "kind": str(kind.label).lower(), "sheet": kind.sheet_names[0]},
            header="",
        )
        return None
    present = {c.key for c in positions.values()}
    for column in kind.import_columns():
        if column.required and column.key not in present:
            report.add(
                header_row,
                "",
                _("The required column “%(column)s” is missing.") % {"column": column.header},
                header=column.header,
            )
    if unknown:
        report.notices.append(
            _("These columns are not known and were ignored: %(columns)s.")
            % {"columns": ", ".join(unknown[:20])}
        )
    if report.count:
        return None
    return HeaderMap(positions=positions, present=present)


def _cell(raw: str) -> str:
    # An export puts a quote before text that a spreadsheet would take as a formula; read it back as typed.
    if raw[:1] == "'" and raw[1:2] in FORMULA_PREFIXES:
        return raw[1:]
    return raw


def parse_row(kind: Kind, mapping: HeaderMap, number: int, cells: list[str], ctx) -> ParsedRow:
    row = ParsedRow(number=number, values={})
    raw_values = {}
    for index, column in mapping.positions.items():
        raw_values[column.key] = _cell(cells[index]) if index < len(cells) else ""
    row.values = dict(raw_values)
    if kind.skip_reason(row):
        return row
    for column in mapping.positions.values():
        raw = raw_values[column.key]
        if column.export_only:
            continue
        if column.required and not raw:
            row.errors.append((column.key, _("This cell is required.")))
            continue
        try:
            row.values[column.key] = column.parse(raw, ctx)
        except CellError as error:
            row.errors.append((column.key, error.message))
    return row


class Progress:
    """Writes the job's counters where other requests can read them while the job runs."""

    def __init__(self, job: ImportJob):
        self.job_pk = job.pk
        self._side = None

    def update(self, **fields) -> None:
        ImportJob.objects.filter(pk=self.job_pk).update(**fields)

    def imported(self, rows_done: int) -> None:
        """Called inside the import transaction: only a second connection can publish it (PostgreSQL)."""
        default = connections["default"]
        if default.vendor != "postgresql":
            return
        if self._side is None:
            self._side = type(default)({**default.settings_dict}, alias="transfers_progress")
        table = self._side.ops.quote_name(ImportJob._meta.db_table)
        sql = f"UPDATE {table} SET rows_done = %s WHERE id = %s"  # noqa: S608 - the table name is the model's
        with self._side.cursor() as cursor:
            cursor.execute(sql, [rows_done, self.job_pk])

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def _error_messages(error: Exception) -> list[tuple[str, str]]:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [(name, message) for name, messages in error.message_dict.items() for message in messages]
    if isinstance(error, ValidationError):
        return [("", message) for message in error.messages]
    message = str(error) if str(error) else _("You may not make this change.")
    return [("", message)]


def _chunks(kind: Kind, rows):
    chunk: list[ParsedRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= kind.chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def validate(job: ImportJob, kind: Kind, table, mapping: HeaderMap, ctx, report: Report, progress: Progress):
    """Phase 1. Returns the number of rows that will be skipped."""
    seen: dict[tuple, int] = {}
    checked = skipped = 0
    user, region = job.uploaded_by, job.region

    def clean_rows():
        nonlocal checked, skipped
        for number, cells in table.rows():
            row = parse_row(kind, mapping, number, cells, ctx)
            checked += 1
            if kind.skip_reason(row):
                skipped += 1
                continue
            duplicate = kind.duplicate_key(row) if not row.errors else None
            if duplicate is not None:
                first = seen.get(duplicate)
                if first is not None:
                    row.errors.append((duplicate[0], kind.duplicate_message(first)))
                else:
                    seen[duplicate] = number
            if row.errors:
                for column_key, message in row.errors:
                    report.add(number, column_key, message)
                continue
            yield row

    for chunk in _chunks(kind, clean_rows()):
        kind.check_rows(chunk, ctx, user=user, region=region)
        for row in chunk:
            for column_key, message in row.errors:
                report.add(row.number, column_key if column_key in mapping.present else "", message)
        progress.update(rows_checked=checked)
    progress.update(rows_checked=checked)
    return skipped


def import_rows(job: ImportJob, kind: Kind, table, mapping: HeaderMap, ctx, progress: Progress) -> dict:
    """Phase 2, inside the caller's transaction; raises ImportAborted on the first row that fails."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    user, region = job.uploaded_by, job.region
    done = 0

    def rows():
        for number, cells in table.rows():
            row = parse_row(kind, mapping, number, cells, ctx)
            if kind.skip_reason(row):
                continue
            if row.errors:
                raise ImportAborted(number, row.errors)
            yield row

    for chunk in _chunks(kind, rows()):
        existing = kind.load_existing(chunk, ctx, user=user, region=region)
        for row in chunk:
            try:
                result = kind.write_row(row, existing.get(row.number), ctx, user=user, region=region)
            except (ValidationError, PermissionDenied) as error:
                raise ImportAborted(row.number, _error_messages(error)) from None
            counts[result] += 1
            done += 1
        progress.imported(done)
    return counts


def _finish(job: ImportJob, **fields) -> None:
    fields.setdefault("finished_at", timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    ImportFile.objects.filter(job_id=job.pk).delete()


def run_job(job_uuid) -> str:
    """Run one queued job to its end; never raises (the job records what went wrong)."""
    claimed = ImportJob.objects.filter(uuid=job_uuid, status=ImportStatus.QUEUED).update(
        status=ImportStatus.VALIDATING, started_at=timezone.now()
    )
    if not claimed:
        return "not-queued"
    job = ImportJob.objects.select_related("uploaded_by", "region").get(uuid=job_uuid)
    progress = Progress(job)
    language = job.language or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            return _run(job, progress)
    except Exception as error:  # noqa: BLE001 - a job must end, and its file must go, whatever happens
        # Only the type and the stack: an exception's message can quote a value from the file.
        logger.error(
            "Import job %s failed with %s\n%s",
            job.uuid,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        with translation.override(language):
            reason = _(
                "The import stopped because of an unexpected error. Nothing has been imported. "
                "Try again later or contact the functional administrator."
            )
        _finish(
            job,
            status=ImportStatus.FAILED,
            errors=[{"row": 0, "column": "", "reason": reason}],
            error_count=1,
            rows_done=0,  # the side connection may have published progress that the rollback undid
        )
        return ImportStatus.FAILED
    finally:
        progress.close()


def _run(job: ImportJob, progress: Progress) -> str:
    kind = get_kind(job.kind)
    report = Report(kind=kind)
    content = bytes(ImportFile.objects.get(job_id=job.pk).content)
    try:
        table = open_table(content, sheet_names=kind.sheet_names)
        report.notices.extend(table.notices)
        mapping = map_header(kind, table.header, report, header_row=table.header_row)
        if mapping is None:
            return _invalid(job, report)
        total = 0
        max_rows = limits().max_rows
        for _row in table.rows():
            total += 1
            if total > max_rows:
                raise FileProblem(
                    _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": max_rows}
                )
        if total == 0:
            raise FileProblem(_("The file has a header but no rows with data."))
        progress.update(rows_total=total)
        ctx = kind.prepare(job.uploaded_by, job.region)
        skipped = validate(job, kind, table, mapping, ctx, report, progress)
    except FileProblem as problem:
        report.add(0, "", problem.message, header="")
        return _invalid(job, report)
    if report.count:
        return _invalid(job, report)
    if skipped:
        report.notices.append(
            _("%(count)s pseudonymised or otherwise unimportable rows were skipped.") % {"count": skipped}
        )
    progress.update(status=ImportStatus.IMPORTING, notices=report.notices)
    try:
        with transaction.atomic():
            counts = import_rows(job, kind, table, mapping, ctx, progress)
            log_change(
                actor=job.uploaded_by,
                action=AccessAction.CREATE,
                object_type="import_job",
                object_uuid=job.uuid,
                object_label=job.file_name[:100],
                context=(
                    f"Import {kind.file_stem}: {counts['created']} nieuw, {counts['updated']} bijgewerkt, "
                    f"{counts['unchanged']} ongewijzigd"
                ),
                changed_fields=[kind.file_stem],
                region_code=job.region.code,
            )
    except ImportAborted as aborted:
        for column_key, message in aborted.errors:
            report.add(
                aborted.number, column_key if column_key in {c.key for c in kind.columns} else "", message
            )
        report.notices.append(_("Nothing has been imported."))
        return _invalid(job, report)
    _finish(
        job,
        status=ImportStatus.DONE,
        rows_done=sum(counts.values()),
        created_count=counts["created"],
        updated_count=counts["updated"],
        unchanged_count=counts["unchanged"],
        skipped_count=skipped,
        notices=report.notices,
    )
    return ImportStatus.DONE


def _invalid(job: ImportJob, report: Report) -> str:
    _finish(
        job,
        status=ImportStatus.INVALID,
        errors=report.errors,
        error_count=report.count,
        notices=report.notices,
        rows_done=0,
    )
    return ImportStatus.INVALID
