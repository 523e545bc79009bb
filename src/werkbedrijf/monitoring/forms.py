import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbedrijf.parameters.models import Confidence

from .months import month_start, months_back
from .services import parse_share_percent

_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{1,2})\s*$")
_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})\s*[-/]\s*(\d{4})\s*$")


class MonthInput(forms.DateInput):
    """`<input type="month">`; browsers without a month picker show a text box that takes 2025-02."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.Field):
    """A month as its first day, from "2025-02" (what the month picker sends), "2025/2" or "02-2025"."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as year and month, for example 2025-02.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return month_start(value)
        text = str(value)
        match = _YEAR_MONTH.match(text)
        year_month = (int(match[1]), int(match[2])) if match else None
        if year_month is None and (match := _MONTH_YEAR.match(text)):
            year_month = (int(match[2]), int(match[1]))
        if year_month is None or not 1 <= year_month[1] <= 12 or year_month[0] < 1900:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date(year_month[0], year_month[1], 1)


class DashboardFilterForm(forms.Form):
    """The GET form above the dashboard; Dutch parameter names, as they show in the address bar."""

    maand = MonthField(
        label=_("Measuring month"),
        required=False,
        help_text=_("The figures at the end of this month (this month: today). For example 2025-02."),
    )
    vanaf = MonthField(
        label=_("Period from"),
        required=False,
        help_text=_("First month of the series and the flows. Empty: twelve months before."),
    )
    gemeente = forms.ChoiceField(label=_("Municipality of residence"), required=False)

    def __init__(self, *args, municipalities=(), today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["gemeente"].choices = [("", _("All municipalities")), *municipalities]

    def clean_maand(self):
        month = self.cleaned_data.get("maand")
        if month and month > month_start(self.today):
            raise forms.ValidationError(_("Choose this month or an earlier one."), code="future")
        return month

    def clean(self):
        data = super().clean()
        month, start = data.get("maand"), data.get("vanaf")
        end = month or month_start(self.today)
        if start and start > end:
            self.add_error("vanaf", _("The period cannot start after the measuring month."))
        return data

    def filters(self) -> dict:
        """The arguments for selectors.dashboard: the valid fields, the defaults for the others."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        month = data.get("maand") or month_start(self.today)
        start = data.get("vanaf") or months_back(month, 12)
        return {"month": month, "period_start": start, "municipality_code": data.get("gemeente") or ""}


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetShareForm(forms.Form):
    """A new share; the service checks everything again (forms only shape the input)."""

    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=_date_widget(),
        help_text=_("The share applies to every target year from this date on, until a later share."),
    )
    share_percent = forms.CharField(
        label=_("Share of the national target (%)"),
        max_length=12,
        help_text=_(
            "The region's share of the national number of jobs, with at most 3 decimals, for example 2.857 "
            "for an equal share of the 35 regions."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    source = forms.CharField(
        label=_("Source"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the share comes from, for example the Werkkamer's indicative split of a year."),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"),
        choices=[("", _("Choose how reliable the source is")), *Confidence.choices],
        help_text=_("Law text, an official publication, a secondary source, or unconfirmed."),
    )

    def clean_share_percent(self):
        share, error = parse_share_percent(self.cleaned_data["share_percent"])
        if error:
            raise forms.ValidationError(error)
        return share

    def add_service_errors(self, errors: dict) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)
