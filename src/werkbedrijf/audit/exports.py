"""Access-log exports as CSV and XLSX."""

import csv
import io
from collections.abc import Iterator

from django.utils import timezone
from openpyxl import Workbook

HEADER = [
    "tijdstip",
    "gebruiker",
    "organisatie",
    "rollen",
    "regio",
    "actie",
    "objecttype",
    "object",
    "objectlabel",
    "context",
    "gewijzigde_velden",
    "ip_adres",
    "pad",
]


def _rows(entries):
    for e in entries.iterator(chunk_size=2000):
        yield [
            timezone.localtime(e.timestamp).isoformat(timespec="seconds"),
            e.actor_username,
            e.actor_organisation,
            e.actor_roles,
            e.region_code,
            e.action,
            e.object_type,
            str(e.object_uuid or ""),
            e.object_label,
            e.context,
            ",".join(e.changed_fields),
            e.ip_address or "",
            e.request_path,
        ]


def _safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas in exported text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Echo:
    def write(self, value):
        return value


def access_log_csv(entries) -> Iterator[bytes]:
    """The export as a stream of CSV lines, so a long log never sits in memory whole."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow(HEADER).encode()
    for row in _rows(entries):
        yield writer.writerow([_safe_cell(str(v)) for v in row]).encode()


def access_log_xlsx(entries) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Toegangslog")
    sheet.append(HEADER)
    for row in _rows(entries):
        sheet.append([_safe_cell(str(v)) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
