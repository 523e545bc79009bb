"""Reading an uploaded CSV or XLSX file into a header and rows of text cells, defensively.

What a file is follows from its content, not its name. Every way a file can be unusable ends in a
FileProblem with a message for the user, never an unhandled exception:
- CSV: UTF-8 (with or without BOM) or UTF-16 with BOM; a file that is not UTF-8 is read as Windows-1252 (what
  Dutch Excel writes by default) with a notice, since every Dutch name fits in it; a file that is neither is
  refused with the way to save it as UTF-8. The delimiter (`;`, `,` or tab) is taken from the header line.
- XLSX: checked as a zip before openpyxl sees it (number of members, total unpacked size), then read in
  openpyxl's read-only mode, at most TRANSFERS_MAX_COLUMNS columns; the sheet named after the kind, else the
  first sheet.
Row numbers are those the user sees in Excel: the header is row 1.
"""

import csv
import io
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024

BINARY_SIGNATURES = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",  # JPEG
    b"%PDF",
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"MZ",  # Windows executable
    b"\x7fELF",
)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # .xls, and password-protected .xlsx
ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_unpacked_bytes: int
    max_zip_members: int


def limits() -> Limits:
    """The configurable limits (settings TRANSFERS_*), with the defaults the product promises."""
    return Limits(
        max_bytes=getattr(settings, "TRANSFERS_MAX_UPLOAD_BYTES", 20 * MB),
        max_rows=getattr(settings, "TRANSFERS_MAX_ROWS", 350_000),
        max_columns=getattr(settings, "TRANSFERS_MAX_COLUMNS", 100),
        max_cell_chars=getattr(settings, "TRANSFERS_MAX_CELL_CHARS", 5_000),
        max_unpacked_bytes=getattr(settings, "TRANSFERS_MAX_XLSX_UNPACKED_BYTES", 300 * MB),
        max_zip_members=getattr(settings, "TRANSFERS_MAX_XLSX_MEMBERS", 500),
    )


class FileProblem(Exception):
    """The file as a whole cannot be used; the message is for the user (row 0 in the report)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """A header and a way to iterate over the data rows again (the import reads them twice)."""

    header: list[str]
    header_row: int
    _rows: object
    notices: list[str] = field(default_factory=list)
    format: str = "csv"

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every row below the header that is not entirely empty."""
        for number, cells in self._rows():
            if any(cells):
                yield number, cells


def cell_text(value) -> str:
    """A spreadsheet cell as the text the user would type: 123456782.0 → '123456782', a date → ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _trim(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _check_cells(number: int, cells: list[str], lim: Limits) -> list[str]:
    if len(cells) > lim.max_columns:
        raise FileProblem(
            _("Row %(row)s has more than %(max)s columns.") % {"row": number, "max": lim.max_columns}
        )
    for cell in cells:
        if len(cell) > lim.max_cell_chars:
            raise FileProblem(
                _("Row %(row)s has a cell of more than %(max)s characters.")
                % {"row": number, "max": lim.max_cell_chars}
            )
    return cells


def _first_row(rows: Generator[tuple[int, list[str]]], empty_message: str) -> tuple[int, list[str]]:
    try:
        for number, cells in rows:
            if any(cells):
                return number, cells
    finally:
        rows.close()  # an XLSX reader closes its workbook
    raise FileProblem(empty_message)


def open_table(content: bytes, *, sheet_names: tuple[str, ...] = ()) -> Table:
    """The header and rows of an uploaded file; raises FileProblem for anything unusable."""
    lim = limits()
    if len(content) > lim.max_bytes:
        raise FileProblem(too_large_message(lim.max_bytes))
    if not content.strip():
        raise FileProblem(_("The file is empty."))
    if content.startswith(ZIP_SIGNATURE):
        return _open_xlsx(content, sheet_names, lim)
    if content.startswith(OLE_SIGNATURE):
        raise FileProblem(
            _(
                "This is an old Excel file (.xls) or a password-protected workbook. Save it in Excel as "
                "“Excel Workbook (.xlsx)” without a password, or as “CSV UTF-8”, and upload it again."
            )
        )
    if content.startswith(BINARY_SIGNATURES):
        raise FileProblem(not_a_table_message())
    return _open_csv(content, lim)


def too_large_message(max_bytes: int) -> str:
    return _(
        "The file is larger than %(max)s MB. Split it into smaller files and import them one by one."
    ) % {"max": max(1, round(max_bytes / MB))}


def not_a_table_message() -> str:
    return _("This file is not a CSV or Excel (.xlsx) file. Use the template on this page.")


def encoding_message() -> str:
    return _(
        "The characters in this file cannot be read. In Excel, choose File > Save as, pick "
        "“CSV UTF-8 (comma delimited) (*.csv)” and upload that file."
    )


def _decode(content: bytes) -> tuple[str, list[str]]:
    if content.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise FileProblem(encoding_message()) from None
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise FileProblem(encoding_message()) from None
        notice = _(
            "The file was not saved as UTF-8, so it was read as Windows-1252 (what Excel uses by default). "
            "Check in the result that names with accents came through correctly, or save the file as "
            "“CSV UTF-8” next time."
        )
        return text, [notice]
    return text, []


def _delimiter(header_line: str) -> str:
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _open_csv(content: bytes, lim: Limits) -> Table:
    text, notices = _decode(content)
    sample = text[:65536]
    if "\x00" in sample:
        # Every other character a NUL: UTF-16 without its byte-order mark; otherwise a binary file.
        if sample.count("\x00") * 3 >= len(sample):
            raise FileProblem(encoding_message())
        raise FileProblem(not_a_table_message())
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _delimiter(first_line)

    def rows() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        number = 0
        try:
            for record in reader:
                number += 1
                yield number, _check_cells(number, _trim([cell.strip() for cell in record]), lim)
        except csv.Error as error:
            raise FileProblem(
                _("Row %(row)s cannot be read as CSV: check the quotes in that row.") % {"row": number + 1}
            ) from error

    header_row, header = _first_row(rows(), _("The file is empty."))
    return Table(header=header, header_row=header_row, _rows=_after(rows, header_row), notices=notices)


def _after(rows, header_row: int):
    def data_rows():
        for number, cells in rows():
            if number > header_row:
                yield number, cells

    return data_rows


def _check_zip(content: bytes, lim: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError):
        raise FileProblem(not_a_table_message()) from None
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise FileProblem(not_a_table_message())
        # The declared sizes bound what Python's zipfile will unpack, so this is a real limit.
        if len(members) > lim.max_zip_members or sum(m.file_size for m in members) > lim.max_unpacked_bytes:
            raise FileProblem(
                _(
                    "This workbook is much larger when unpacked than a list of candidates or employers can "
                    "be. Copy only the data to a new workbook, or save it as “CSV UTF-8”."
                )
            )


def _open_xlsx(content: bytes, sheet_names: tuple[str, ...], lim: Limits) -> Table:
    from openpyxl import load_workbook

    _check_zip(content, lim)

    def open_sheet():
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for damaged files
            raise FileProblem(
                _("This Excel file is damaged or cannot be read. Open it in Excel and save it again.")
            ) from None
        wanted = {name.casefold() for name in sheet_names}
        sheets = workbook.worksheets
        if not sheets:
            raise FileProblem(_("The workbook has no sheets."))
        sheet = next((s for s in sheets if s.title.casefold() in wanted), sheets[0])
        return workbook, sheet

    workbook, sheet = open_sheet()
    sheet_title = sheet.title
    workbook.close()

    def rows() -> Iterator[tuple[int, list[str]]]:
        workbook, sheet = open_sheet()
        try:
            rows_iter = sheet.iter_rows(max_col=lim.max_columns + 1, values_only=True)
            for number, values in enumerate(rows_iter, start=1):
                cells = _trim([cell_text(v) for v in values])
                yield number, _check_cells(number, cells, lim)
        except FileProblem:
            raise
        except Exception:  # noqa: BLE001 - a damaged sheet can fail half-way through
            raise FileProblem(
                _("This Excel file is damaged or cannot be read. Open it in Excel and save it again.")
            ) from None
        finally:
            workbook.close()

    header_row, header = _first_row(rows(), _("The sheet “%(sheet)s” is empty.") % {"sheet": sheet_title})
    return Table(header=header, header_row=header_row, _rows=_after(rows, header_row), format="xlsx")
