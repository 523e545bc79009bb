"""What every kind of import/export has: its columns (Dutch header, English field name, how a cell is read
and written) and the hooks the import engine and the export call.

A column's Dutch header is part of the file format, like the access-log export's headers: fixed text, not
translated with the interface. On import both the Dutch header and the English field name are accepted,
case-insensitively, with or without a trailing `*` (the template marks required columns with it).

Cells are read the way people type them: dates as dd-mm-jjjj or ISO, yes/no as ja/nee, choices by their Dutch
label, English label or code. An empty cell in a column that is present clears an optional value; a column
that is left out of the file leaves the value of an existing record as it is.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _


class CellError(Exception):
    """A cell cannot be read; the message is for the user (never contains the cell's value)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RowError(Exception):
    """A row as a whole (or one named column of it) is not acceptable."""

    def __init__(self, message: str, column: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: Any  # lazy text for the template's explanation sheet
    parse: Callable[[str, Any], Any] = lambda raw, ctx: raw
    required: bool = False
    export_only: bool = False  # written on export for information, ignored on import
    choices: Callable[[], Iterable[tuple[Any, Any]]] | None = None  # listed in the template's explanation

    def template_header(self) -> str:
        return f"{self.header} *" if self.required else self.header


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip().lstrip("\ufeff").rstrip("*").strip()
    return re.sub(r"\s+", " ", text).casefold()


def normalise_choice(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


# Cell readers. Each takes the raw text (already stripped) and returns the value or raises CellError;
# an empty cell gives the "empty" value of the type.


def text(max_length: int):
    def parse(raw: str, ctx) -> str:
        if len(raw) > max_length:
            raise CellError(_("At most %(max)s characters.") % {"max": max_length})
        return raw

    return parse


DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$"),
)


def parse_date(raw: str, ctx) -> date | None:
    if not raw:
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise CellError(_("Not a date: write it as dd-mm-jjjj, e.g. 31-12-1990."))


def integer(minimum: int, maximum: int):
    def parse(raw: str, ctx) -> int | None:
        if not raw:
            return None
        cleaned = raw.replace(" ", "").replace(".", "") if re.fullmatch(r"[\d .]+", raw) else raw
        try:
            value = int(cleaned)
        except ValueError:
            raise CellError(_("Not a whole number.")) from None
        if not minimum <= value <= maximum:
            raise CellError(_("Give a number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum})
        return value

    return parse


YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
NO = {"nee", "n", "no", "false", "onwaar", "0", ""}


def boolean(raw: str, ctx) -> bool:
    value = normalise_choice(raw)
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(_("Write ja or nee."))


def yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def choice_lookup(choices: Iterable[tuple[Any, Any]]) -> dict[str, Any]:
    """Code, Dutch label and English label of each choice → the code."""
    lookup: dict[str, Any] = {}
    for code, label in choices:
        lookup[normalise_choice(str(code))] = code
        lookup[normalise_choice(str(code)).replace(" ", "")] = code
        for language in ("nl", "en"):
            with translation.override(language):
                lookup.setdefault(normalise_choice(str(label)), code)
    return lookup


def choice(choices_callable: Callable[[], Iterable[tuple[Any, Any]]], *, blank: Any = None):
    """A choice given by code or label; `blank` is the value of an empty cell (None: the cell is required)."""
    cache: dict[str, Any] = {}

    def parse(raw: str, ctx) -> Any:
        if not raw:
            return blank if blank is not None else ""
        if not cache:
            cache.update(choice_lookup(choices_callable()))
        key = normalise_choice(raw)
        if key in cache:
            return cache[key]
        if key.replace(" ", "") in cache:
            return cache[key.replace(" ", "")]
        raise CellError(_("Unknown value; choose one from the explanation sheet of the template."))

    return parse


def choice_label(choices: Iterable[tuple[Any, Any]], value: Any) -> str:
    """How an export writes a choice: its Dutch label (read back by `choice`)."""
    with translation.override("nl"):
        for code, label in choices:
            if code == value:
                return str(label)
    return "" if value in (None, "") else str(value)


def format_date(value: date | datetime | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def split_list(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,|]", raw) if part.strip()]


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column key or "", message)


@dataclass
class ExportData:
    header: list[str]
    rows: Iterator[list[str]]
    file_stem: str


class Kind:
    """One kind of record that can be imported and exported. Subclasses set the class attributes and
    implement the hooks; kinds/__init__.py registers them."""

    code: str = ""  # in URLs and the API, e.g. "candidates"
    label: Any = ""  # lazy, plural, for the interface ("Candidates")
    sheet_names: tuple[str, ...] = ()  # XLSX sheets read before the first sheet
    file_stem: str = ""  # Dutch base name of templates and exports
    key: str = ""  # the column that identifies an existing record (BSN, KvK number)
    columns: tuple[Column, ...] = ()
    chunk_size: int = 500
    position: int = 100  # order on the pages

    def import_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.export_only)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def header_of(self, key: str) -> str:
        return self.column(key).header if key else ""

    # Permissions
    def may_import(self, user, region) -> bool:
        raise NotImplementedError

    def may_export(self, user, region) -> bool:
        raise NotImplementedError

    # Import
    def prepare(self, user, region) -> Any:
        """Lookups shared by all rows (municipalities, sectors, users), built once per job."""
        return None

    def skip_reason(self, row: ParsedRow) -> str | None:
        """A row that is not an error but is not imported either (e.g. a pseudonymised export row)."""
        return None

    def duplicate_key(self, row: ParsedRow) -> tuple[str, Any] | None:
        """(column key, value) that must not appear twice in one file; None: the row has no such key."""
        value = row.values.get(self.key)
        return (self.key, value) if value else None

    def duplicate_message(self, first_row: int) -> str:
        return _("The same value also appears in row %(row)s.") % {"row": first_row}

    def check_rows(self, rows: list[ParsedRow], ctx, *, user, region) -> None:
        """Checks that need the database (existing records, permissions, rules across fields); adds to
        each row's errors. Called with chunks of `chunk_size` rows whose cells parsed cleanly."""
        raise NotImplementedError

    def load_existing(self, rows: list[ParsedRow], ctx, *, user, region) -> dict[int, Any]:
        """The existing record each row updates, by row number (rows that create a record are left out)."""
        raise NotImplementedError

    def write_row(self, row: ParsedRow, current, ctx, *, user, region) -> str:
        """Create or update through the app's services: 'created', 'updated' or 'unchanged'."""
        raise NotImplementedError

    # Export
    def export(self, *, user, region, params: Mapping[str, str], request, context: str) -> ExportData:
        raise NotImplementedError
