"""The assessment report as a PDF (fpdf2, core fonts, so no font files are needed).

The layout follows the headings of the model report "Rapport Loonwaardemeting LKS" (Regeling LKS 2021 art. 2)
as far as they are known: parties, reference job, main tasks with their scores, the calculation, both views,
the wage value and the next re-assessment. The annex itself was not read (DOMAIN.md §1.4), so the headings are
our own. The report is always written in Dutch: it is a legal record, whatever the interface language.
"""

from datetime import datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from .calculation import WageValueResult
from .presentation import describe, format_figure, format_money

REPORT_LANGUAGE = "nl"
ENCODING = "windows-1252"  # WinAnsiEncoding of the PDF core fonts: é, ë, €, –, “ ” all fit


def _text(value) -> str:
    return str(value).encode(ENCODING, errors="replace").decode(ENCODING)


def _pct(value) -> str:
    return f"{formats.number_format(value, decimal_pos=None, use_l10n=True)} %"


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
        self.set_font("helvetica", size=10)

    def line_pair(self, label: str, value) -> None:
        self.set_font("helvetica", "B", 10)
        self.cell(62, 6, _text(label))
        self.set_font("helvetica", size=10)
        self.multi_cell(0, 6, _text(value if value not in (None, "") else "–"), new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str) -> None:
        self.set_font("helvetica", size=10)
        self.multi_cell(0, 5.5, _text(text or "–"), new_x="LMARGIN", new_y="NEXT")


def _date(value) -> str:
    return formats.date_format(value, "j F Y") if value else "–"


def render_report(
    *, assessment, tasks, result: WageValueResult, candidate_name: str, finalised_at: datetime
) -> bytes:
    """The report of a finalised assessment; `tasks` are its AssessmentTask rows in order."""
    with translation.override(REPORT_LANGUAGE):
        third_label = _("Net working time") if result.method.value == "ulm_2021" else _("Deployability")
        pdf = _Report(
            footer_text=_("Wage-value assessment %(uuid)s") % {"uuid": assessment.uuid},
        )
        pdf.set_title(_text(_("Wage-value assessment report")))
        pdf.set_creator("Werkbedrijf")
        pdf.set_creation_date(finalised_at)
        pdf.add_page()
        pdf.set_font("helvetica", "B", 16)
        pdf.multi_cell(0, 9, _text(_("Wage-value assessment report")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        pdf.paragraph(
            _(
                "Wage value determined at the actual workplace with the input of the employer and the "
                "worker (Besluit loonkostensubsidie Participatiewet 2021, art. 3)."
            )
        )

        pdf.heading(_("Parties"))
        pdf.line_pair(_("Candidate"), candidate_name)
        pdf.line_pair(_("Employer"), assessment.employer.name)
        if assessment.location_id:
            pdf.line_pair(_("Location"), f"{assessment.location.name}, {assessment.location.postcode}")
        pdf.line_pair(_("Job at the workplace"), assessment.workplace)
        assessor = assessment.assessor
        pdf.line_pair(_("Wage-value expert"), assessor.get_full_name() or assessor.get_username())
        pdf.line_pair(_("Observation date"), _date(assessment.observed_on))
        if assessment.corrects_id:
            pdf.line_pair(_("Corrects assessment"), str(assessment.corrects.uuid))
            pdf.line_pair(_("Reason for the correction"), assessment.correction_reason)

        pdf.heading(_("Reference job"))
        pdf.line_pair(_("Reference job"), assessment.reference_job)
        pdf.line_pair(_("Wage scale"), assessment.reference_job_scale)
        pdf.line_pair(
            _("Hourly wage"),
            format_money(assessment.reference_hourly_wage) if assessment.reference_hourly_wage else "",
        )
        pdf.line_pair(_("Method"), format_figure(result.steps[0].inputs[0]))

        pdf.heading(_("Main tasks"))
        headers = [
            _("Main task"),
            _("Share"),
            _("Min./day"),
            _("Tempo"),
            _("Quality"),
            third_label,
        ]
        widths = [58, 20, 20, 20, 20, 36]
        pdf.set_font("helvetica", "B", 9)
        for header, width in zip(headers, widths, strict=True):
            pdf.cell(width, 6, _text(header), border=1)
        pdf.ln()
        pdf.set_font("helvetica", size=9)
        for task in tasks:
            cells = [
                task.name[:40],
                _pct(task.share_pct.normalize()),
                formats.number_format(task.minutes_per_day.normalize(), use_l10n=True),
                _pct(task.tempo_pct.normalize()),
                _pct(task.quality_pct.normalize()),
                _pct(task.third_factor_pct.normalize()),
            ]
            for value, width in zip(cells, widths, strict=True):
                pdf.cell(width, 6, _text(value), border=1)
            pdf.ln()

        pdf.heading(_("Calculation"))
        for step in result.steps:
            line = describe(step)
            if step.result is not None:
                line = f"{line}: {format_figure(step.result)}"
            pdf.paragraph(f"- {line}")
        if result.method_unconfirmed:
            pdf.paragraph(
                _(
                    "The exact algebra of the uniform method is not confirmed; the figure reported by the "
                    "wage-value expert is the one that counts."
                )
            )

        pdf.heading(_("Views"))
        pdf.line_pair(_("Employer's view"), "")
        if assessment.employer_view_by:
            pdf.paragraph(_("Given by %(name)s") % {"name": assessment.employer_view_by})
        pdf.paragraph(assessment.employer_view)
        pdf.line_pair(_("Candidate's view"), "")
        pdf.paragraph(assessment.candidate_view)

        pdf.heading(_("Findings"))
        pdf.paragraph(assessment.conclusion)

        pdf.heading(_("Result"))
        pdf.set_font("helvetica", "B", 12)
        pdf.multi_cell(
            0,
            8,
            _text(_("Wage value: %(value)s %% of the reference job") % {"value": result.wage_value}),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("helvetica", size=10)
        pdf.line_pair(_("Calculated wage value"), f"{result.computed_wage_value} %")
        if result.wage_value != result.computed_wage_value:
            pdf.line_pair(_("Reason for a different figure"), assessment.deviation_reason)
        pdf.line_pair(_("Next re-assessment"), _date(assessment.next_assessment_on))
        pdf.paragraph(_("The date of the next re-assessment was agreed with the employer and the candidate."))
        pdf.line_pair(
            _("Finalised on"),
            formats.date_format(timezone.localtime(finalised_at), "j F Y H:i"),
        )
        return bytes(pdf.output())
