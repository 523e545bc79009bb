"""The board's quarterly report as a PDF (fpdf2, core fonts) and the dashboard's figures as XLSX (openpyxl).

Both leave the system, so they are made from a dashboard built with small numbers suppressed ("<5"). The
PDF draws its charts with fpdf2's own lines and rectangles (no chart library) and puts each chart's numbers in
a table under it. Both are always in Dutch: they are reports of the region.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font

from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.instruments.models import InstrumentKind
from werkbedrijf.parameters.models import Confidence

from .months import months_back
from .selectors import Count, Dashboard

REPORT_LANGUAGE = "nl"
ENCODING = "windows-1252"
SUPPRESSED = "<5"
# Market and government in the charts: two blues far enough apart to tell without colour vision too (the
# government bars are also hatched by a lighter fill and the table gives the numbers).
MARKET_RGB = (1, 104, 155)
GOVERNMENT_RGB = (160, 196, 224)


def _text(value) -> str:
    return str(value).encode(ENCODING, errors="replace").decode(ENCODING)


def _number(value, places: int | None = None) -> str:
    if value is None:
        return SUPPRESSED
    if isinstance(value, Count):
        return str(value)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _percent(value) -> str:
    return "–" if value is None else f"{formats.number_format(value, decimal_pos=1, use_l10n=True)} %"


def _month(value: date) -> str:
    return formats.date_format(value, "F Y")


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_months(year: int, quarter: int) -> tuple[date, date]:
    """The first month of the 12-month period ending with the quarter, and the quarter's last month."""
    last = date(year, quarter * 3, 1)
    return months_back(last, 11), last


class _Report(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.core_fonts_encoding = ENCODING
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self):
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.cell(0, 5, _text(f"{self.footer_text} – {self.page_no()}/{{nb}}"), align="C")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("helvetica", "B", 12)
        self.multi_cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", size=9)

    def paragraph(self, text: str) -> None:
        self.set_font("helvetica", size=9)
        self.multi_cell(0, 5, _text(text), new_x="LMARGIN", new_y="NEXT")

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        self.set_font("helvetica", "B", 8)
        for text, width in zip(header, widths, strict=True):
            self.cell(width, 6, _text(text), border="B")
        self.ln()
        self.set_font("helvetica", size=8)
        for row in rows:
            if self.will_page_break(5):
                self.add_page()
            for i, (text, width) in enumerate(zip(row, widths, strict=True)):
                self.cell(width, 5, _text(text), align="L" if i == 0 else "R")
            self.ln()
        self.ln(2)

    def bars(
        self, items: list[tuple[str, list[Decimal | None]]], colours: list[tuple[int, int, int]]
    ) -> None:
        """Grouped bars (one per series) with a value axis from 0; a suppressed value gets no bar."""
        height, left = 45.0, self.l_margin + 8
        width = self.w - self.r_margin - left
        top = self.get_y() + 2
        values = [v for _label, group in items for v in group if v is not None]
        maximum = float(max(values, default=0)) or 1.0
        self.set_draw_color(90, 90, 90)
        self.line(left, top + height, left + width, top + height)
        self.line(left, top, left, top + height)
        self.set_font("helvetica", size=6)
        self.set_xy(self.l_margin - 2, top - 2)
        self.cell(9, 4, _text(_number(Decimal(str(maximum)).quantize(Decimal("0.1")))), align="R")
        slot = width / max(1, len(items))
        bar = max(0.8, slot * 0.8 / max(1, len(colours)))
        for i, (label, group) in enumerate(items):
            for j, value in enumerate(group):
                if value is None or not value:
                    continue
                size = float(value) / maximum * height
                self.set_fill_color(*colours[j])
                self.rect(left + i * slot + slot * 0.1 + j * bar, top + height - size, bar, size, style="F")
            if len(items) <= 14 or i % 2 == 0:
                self.set_xy(left + i * slot, top + height + 0.5)
                self.cell(slot, 3, _text(label[:14]), align="C")
        self.set_y(top + height + 5)


def _retention_cell(due, kept, share) -> str:
    return f"{_number(kept)}/{_number(due)} ({_percent(share)})"


def _labels() -> tuple[dict, dict, dict]:
    return dict(TargetGroup.choices), dict(InstrumentKind.choices), dict(Confidence.choices)


def render_quarterly_pdf(result: Dashboard, *, region_name: str, quarter: tuple[int, int]) -> bytes:
    """The board's quarterly report of the region for (year, quarter), from `result` (suppressed)."""
    with translation.override(REPORT_LANGUAGE):
        groups, kinds, confidences = _labels()
        year, number = quarter
        title = _("Quarterly report banenafspraak %(region)s, Q%(quarter)s %(year)s") % {
            "region": region_name, "quarter": number, "year": year,
        }  # fmt: skip
        pdf = _Report(footer_text=title)
        pdf.set_title(_text(title))
        pdf.set_creator("Werkbedrijf")
        pdf.set_creation_date(timezone.now())
        pdf.add_page()
        pdf.set_font("helvetica", "B", 15)
        pdf.multi_cell(0, 8, _text(title), new_x="LMARGIN", new_y="NEXT")
        pdf.paragraph(
            _(
                "Figures as of %(day)s, calculated from the placements registered in the region. These "
                "are the region's own figures, not UWV's official measurement. A figure about fewer than 5 "
                "people is shown as “<5”."
            )
            % {"day": formats.date_format(result.measuring_day, "j F Y")}
        )

        pdf.heading(_("Jobs of the banenafspraak"))
        target = result.target
        rows = [
            [_("Market sector"), _number(result.market, 1)],
            [_("Government"), _number(result.government, 1)],
            [_("Total"), _number(result.total, 1)],
            [_("Placements that count"), _number(result.counted)],
        ]
        if target is not None:
            rows.append(
                [
                    _("Target of the region for the end of %(year)s") % {"year": target.year},
                    f"{_number(target.region, 1)} ({confidences.get(target.confidence, target.confidence)})",
                ]
            )
        pdf.table([_("Figure"), _("Value")], rows, [110, 64])
        if target is None:
            pdf.paragraph(
                _("No target can be shown: the region's share of the national target has not been set.")
            )
        else:
            pdf.paragraph(
                _("Region's share of the national target: %(share)s %% (%(source)s).")
                % {"share": _number(target.share_percent), "source": target.share_source}
            )

        pdf.heading(_("Jobs per month"))
        pdf.bars(
            [(formats.date_format(row.month, "M y"), [row.market, row.government]) for row in result.series],
            [MARKET_RGB, GOVERNMENT_RGB],
        )
        pdf.paragraph(_("Dark: market sector; light: government. The numbers are in the table."))
        pdf.table(
            [_("Month"), _("Market sector"), _("Government"), _("Running"), _("Started"), _("Ended")],
            [
                [_month(row.month), _number(row.market, 1), _number(row.government, 1), _number(row.running),
                 _number(row.started), _number(row.ended)]
                for row in result.series
            ],
            [44, 26, 26, 26, 26, 26],
        )  # fmt: skip

        pdf.heading(_("Per municipality of residence: a fair share of the placements"))
        pdf.bars(
            [(row.name, [row.pool_share, row.started_share]) for row in result.municipalities],
            [MARKET_RGB, GOVERNMENT_RGB],
        )
        pdf.paragraph(_("Dark: share of the pool; light: share of the placements started in the period (%)."))
        pdf.table(
            [_("Municipality"), _("Running"), _("Jobs"), _("Started"), _("Share of the pool"),
             _("Share started")],  # fmt: skip
            [
                [row.name, _number(row.running), _number(row.units, 1), _number(row.started),
                 _percent(row.pool_share), _percent(row.started_share)]
                for row in result.municipalities
            ],
            [50, 22, 22, 22, 29, 29],
        )  # fmt: skip

        pdf.heading(_("Per target group"))
        pdf.table(
            [_("Target group"), _("Running"), _("Counting"), _("Jobs"), _("Started")],
            [
                [str(groups.get(row.code, row.code)), _number(row.running), _number(row.counted),
                 _number(row.units, 1), _number(row.started)]
                for row in result.target_groups
            ],
            [70, 26, 26, 26, 26],
        )  # fmt: skip

        pdf.heading(_("Retention: still at work 6, 12 and 24 months after the start"))
        pdf.table(
            [_("Target group"), _("Instrument"), "6 mnd", "12 mnd", "24 mnd"],
            [
                [str(groups.get(row.target_group, row.target_group)),
                 str(kinds.get(row.instrument, row.instrument)) if row.instrument else _("none"),
                 *[_retention_cell(due, kept, share) for _m, due, kept, share in row.rates]]
                for row in result.retention
            ],
            [44, 40, 30, 30, 30],
        )  # fmt: skip

        pdf.heading(_("Time from registration to placement"))
        pdf.table(
            [_("Target group"), _("Placements"), _("Median days")],
            [
                [row.label, _number(row.placements), "–" if row.median_days is None else str(row.median_days)]
                for row in result.waits
            ],
            [100, 37, 37],
        )

        pdf.heading(_("From proposal to hire"))
        pdf.table(
            [_("Step"), _("Proposals")],
            [[row.label, _number(row.count)] for row in result.funnel]
            + [
                [_("Declined: %(reason)s") % {"reason": row.label}, _number(row.count)]
                for row in result.declines
            ],
            [130, 44],
        )

        pdf.heading(_("Budgets per instrument in %(year)s") % {"year": result.period_end.year})
        pdf.table(
            [_("Instrument"), _("Budget"), _("Committed"), _("Paid")],
            [
                [row.instrument, f"€ {_number(row.allocated, 0)}", f"€ {_number(row.committed, 0)}",
                 f"€ {_number(row.paid, 0)}"]
                for row in result.budgets
            ],
            [80, 32, 32, 30],
        )  # fmt: skip
        return bytes(pdf.output())


def render_figures_xlsx(result: Dashboard, *, region_name: str) -> bytes:
    """The dashboard's figures, one sheet per part, small numbers as "<5"."""
    with translation.override(REPORT_LANGUAGE):
        groups, kinds, _confidences = _labels()
        book = Workbook()
        sheet = book.active
        sheet.title = _("Summary")[:31]

        def write(sheet, header: list[str], rows: list[list]) -> None:
            sheet.append(header)
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            for row in rows:
                sheet.append([_cell(value) for value in row])

        target = result.target
        write(
            sheet,
            [_("Figure"), _("Value")],
            [
                [_("Region"), region_name],
                [_("Measuring month"), result.period_end],
                [_("Period from"), result.period_start],
                [_("Jobs, market sector"), result.market],
                [_("Jobs, government"), result.government],
                [_("Jobs, total"), result.total],
                [_("Placements that count"), result.counted],
                [_("Target of the region"), target.region if target else None],
                [_("Confidence of the target"), target.confidence if target else ""],
            ],
        )
        write(
            book.create_sheet(_("Per month")[:31]),
            [_("Month"), _("Market sector"), _("Government"), _("Running"), _("Started"), _("Ended")],
            [[r.month, r.market, r.government, r.running, r.started, r.ended] for r in result.series],
        )
        write(
            book.create_sheet(_("Per municipality")[:31]),
            [
                _("Municipality"),
                _("CBS code"),
                _("Running"),
                _("Counting"),
                _("Jobs"),
                _("Started"),
                _("Share of the pool (%)"),
                _("Share started (%)"),
            ],  # fmt: skip
            [
                [r.name, r.code, r.running, r.counted, r.units, r.started, r.pool_share, r.started_share]
                for r in result.municipalities
            ],  # fmt: skip
        )
        write(
            book.create_sheet(_("Per target group")[:31]),
            [_("Target group"), _("Running"), _("Counting"), _("Jobs"), _("Started")],
            [
                [str(groups.get(r.code, r.code)), r.running, r.counted, r.units, r.started]
                for r in result.target_groups
            ],
        )
        write(
            book.create_sheet(_("Retention")[:31]),
            [
                _("Target group"),
                _("Instrument"),
                _("Started"),
                *[f"{label} {m}" for m in (6, 12, 24) for label in (_("Measured"), _("Still at work"))],
            ],  # fmt: skip
            [
                [
                    str(groups.get(r.target_group, r.target_group)),
                    str(kinds.get(r.instrument, r.instrument)) if r.instrument else _("none"),
                    r.started,
                    *[value for _m, due, kept, _share in r.rates for value in (due, kept)],
                ]
                for r in result.retention
            ],  # fmt: skip
        )
        write(
            book.create_sheet(_("Time to placement")[:31]),
            [_("Target group"), _("Placements"), _("Median days")],
            [[r.label, r.placements, "–" if r.median_days is None else r.median_days] for r in result.waits],
        )
        write(
            book.create_sheet(_("Proposals")[:31]),
            [_("Step"), _("Proposals")],
            [[r.label, r.count] for r in result.funnel]
            + [[_("Declined: %(reason)s") % {"reason": r.label}, r.count] for r in result.declines],
        )
        write(
            book.create_sheet(_("Budgets")[:31]),
            [_("Instrument"), _("Budget"), _("Committed"), _("Paid")],
            [[r.instrument, r.allocated, r.committed, r.paid] for r in result.budgets],
        )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _cell(value):
    if isinstance(value, Count):
        return SUPPRESSED if value.value is None else value.value
    if value is None:
        return SUPPRESSED
    if isinstance(value, Decimal):
        return float(value)
    return value
