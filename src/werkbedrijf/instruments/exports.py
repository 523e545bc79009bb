"""The payment schedule as CSV or XLSX for the municipality's financial system.

The payee is the employer (KvK number); the person is named only by the grant's uuid and the candidate's
pseudonym, which is enough to reconcile a line with the grant here. Text cells that a spreadsheet would read
as a formula are neutralised (CSV injection).
"""

import csv
import io

from openpyxl import Workbook

from .selectors import candidate_label

HEADER = [
    "regel",
    "maand",
    "van",
    "tot_en_met",
    "bedrag",
    "bedrag_hele_maand",
    "status",
    "betaald_op",
    "instrument",
    "toekenning",
    "betalende_gemeente",
    "werkgever",
    "kvk_werkgever",
    "kandidaat",
    "loonwaarde",
    "forfaitair",
    "cijfers_van",
]


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def rows(lines):
    for line in lines:
        grant = line.grant
        yield [
            str(line.uuid),
            line.month.strftime("%Y-%m"),
            line.period_start.isoformat(),
            line.period_end.isoformat(),
            f"{line.amount:.2f}",
            f"{line.monthly_amount:.2f}",
            line.status,
            line.paid_on.isoformat() if line.paid_on else "",
            grant.instrument_version.instrument.code,
            str(grant.uuid),
            grant.paying_organisation.name,
            grant.employer.name,
            grant.employer.kvk_number,
            candidate_label(grant.candidate),
            "" if line.wage_value is None else str(line.wage_value),
            "ja" if line.flat_rate else "nee",
            line.determined_on.isoformat(),
        ]


def payment_schedule_csv(lines) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for row in rows(lines):
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def payment_schedule_xlsx(lines) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Betaalschema")
    sheet.append(HEADER)
    for row in rows(lines):
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
