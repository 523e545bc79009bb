"""Writing exports, templates and error reports as CSV (UTF-8 with BOM and `;`, as Dutch Excel opens it)
and XLSX (openpyxl's write-only mode). Text a spreadsheet would read as a formula gets a leading quote;
the import removes it again."""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .kinds.base import Kind

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[list[str]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff".encode()
    yield writer.writerow([safe_cell(v) for v in header]).encode()
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row]).encode()


def xlsx_file(sheets: list[tuple[str, list[str], Iterable[list[str]]]]):
    """A workbook in a temporary file (rows are streamed to disk by openpyxl), positioned at the start."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def file_response(
    fmt: str, stem: str, header: list[str], rows: Iterable[list[str]], *, sheet: str, extra_sheets=()
):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{stem}-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(header, rows), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    handle = xlsx_file([(sheet, header, rows), *extra_sheets])
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"])


def template_response(kind: Kind, fmt: str, explanation_header: list[str], explanation_rows: list[list[str]]):
    """The import template: the header row only (required columns marked *); in XLSX a second sheet
    explains every column, so that the data sheet imports as it is."""
    header = [c.template_header() for c in kind.import_columns()]
    filename = f"sjabloon-{kind.file_stem}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(header, []), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    workbook = Workbook()
    data = workbook.active
    data.title = kind.sheet_names[0]
    data.append(header)
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    explanation = workbook.create_sheet("Toelichting")
    explanation.append(explanation_header)
    for cell in explanation[1]:
        cell.font = Font(bold=True)
    for row in explanation_rows:
        explanation.append([safe_cell(v) for v in row])
    explanation.column_dimensions["A"].width = 34
    explanation.column_dimensions["C"].width = 90
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"])
