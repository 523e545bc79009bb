"""GET forms of the public calculators: types and formats only; the rules are checked by the calculation."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calculation import MainTask, WageInstrument, WageValueMethod

MAX_TASKS = 5  # main tasks on the form (the methods inventory at most five, DOMAIN.md §8.2)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _number_widget(step: str = "any"):
    return forms.NumberInput(attrs={"step": step, "inputmode": "decimal"})


class CalculatorForm(forms.Form):
    """A calculation error (field, message) is shown next to its field; unknown fields at the top."""

    field_map: dict[str, str] = {}

    def add_calculation_error(self, field: str, message: str) -> None:
        name = self.field_map.get(field, field)
        self.add_error(name if name in self.fields else None, message)


def _date_field():
    return forms.DateField(
        label=_("Date"),
        widget=_date_widget(),
        help_text=_("The date the calculation is about: the legal figures in force on that date apply."),
    )


def _hours_field(label, **kwargs):
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, widget=_number_widget(), **kwargs)


def _date_of_birth_field():
    return forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=_date_widget(),
        help_text=_("For the youth minimum wage under 21; leave empty for an adult."),
    )


def _wage_value_field(**kwargs):
    kwargs.setdefault("label", _("Wage value (%)"))
    return forms.IntegerField(widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **kwargs)


class WageCostSubsidyForm(CalculatorForm):
    date = _date_field()
    flat_rate = forms.BooleanField(
        label=_("No wage value determined yet (flat rate for at most the first 6 months)"), required=False
    )
    wage_value = _wage_value_field(
        required=False, help_text=_("Whole percentage of the minimum wage, as determined by the expert.")
    )
    hours_per_week = _hours_field(_("Agreed hours per week"))
    full_time_hours_per_week = _hours_field(
        _("Full-time week of comparable jobs (hours)"),
        initial=Decimal(36),
        help_text=_("Usually 36, 38 or 40 in the collective agreement."),
    )
    date_of_birth = _date_of_birth_field()

    def clean(self):
        data = super().clean()
        if not data.get("flat_rate") and data.get("wage_value") is None and "wage_value" not in self.errors:
            self.add_error(
                "wage_value", _("Enter the wage value, or tick that it has not been determined yet.")
            )
        if data.get("flat_rate"):
            data["wage_value"] = None
        return data


class WageValueForm(CalculatorForm):
    date = _date_field()
    method = forms.ChoiceField(
        label=_("Method"),
        required=False,
        choices=[
            ("", _("The method in force on the date")),
            (WageValueMethod.ULM_2021.value, _("Uniform method 2021 (ULM)")),
            (WageValueMethod.TKI_BT_2015.value, _("Historical method 2015 (T × K × I × BT)")),
        ],
    )
    reported_wage_value = _wage_value_field(
        required=False,
        label=_("Wage value reported by the expert (%)"),
        help_text=_("When filled in, this figure counts; the calculation is shown beside it."),
    )

    task_columns = {
        "name": _("Main task"),
        "share_pct": _("Share of the week (%)"),
        "minutes_per_day": _("Minutes per working day"),
        "tempo_pct": _("Tempo (%)"),
        "quality_pct": _("Quality (%)"),
        "third_factor_pct": _("Net working time or deployability (%)"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(MAX_TASKS):
            for column, label in self.task_columns.items():
                name = f"task_{index + 1}_{column}"
                if column == "name":
                    self.fields[name] = forms.CharField(label=label, required=False, max_length=200)
                else:
                    self.fields[name] = forms.DecimalField(
                        label=label, required=False, max_digits=7, decimal_places=2, widget=_number_widget()
                    )
        self.field_map = {}
        for index in range(MAX_TASKS):
            for column in self.task_columns:
                self.field_map[f"tasks.{index}.{column}"] = f"task_{index + 1}_{column}"
            self.field_map[f"tasks.{index}.net_working_time_pct"] = f"task_{index + 1}_third_factor_pct"
            self.field_map[f"tasks.{index}.deployability_pct"] = f"task_{index + 1}_third_factor_pct"
        self.field_map["tasks"] = "task_1_name"

    def task_rows(self):
        return [
            [self[f"task_{index + 1}_{column}"] for column in self.task_columns] for index in range(MAX_TASKS)
        ]

    def clean(self):
        data = super().clean()
        tasks = []
        for index in range(MAX_TASKS):
            values = {column: data.get(f"task_{index + 1}_{column}") for column in self.task_columns}
            if all(value in (None, "") for value in values.values()):
                continue
            missing = [column for column, value in values.items() if value in (None, "")]
            for column in missing:
                if f"task_{index + 1}_{column}" not in self.errors:
                    self.add_error(f"task_{index + 1}_{column}", _("This field is required."))
            if not missing:
                tasks.append(MainTask(**values))
        data["tasks"] = tasks
        return data

    def method_value(self) -> WageValueMethod | None:
        method = self.cleaned_data.get("method")
        return WageValueMethod(method) if method else None


class WageDispensationForm(CalculatorForm):
    date = _date_field()
    wage_value = _wage_value_field(help_text=_("Whole percentage, as determined by UWV."))
    monthly_wage = forms.DecimalField(
        label=_("Wage per month (euro)"),
        max_digits=9,
        decimal_places=2,
        widget=_number_widget(),
        help_text=_("The wage for the job without dispensation."),
    )
    expected_duration_months = forms.IntegerField(
        label=_("Reduced productivity expected for (months)"), required=False
    )
    remaining_contract_months = forms.IntegerField(
        label=_("Contract runs for another (months)"), required=False
    )
    requested_duration_months = forms.IntegerField(
        label=_("Dispensation requested for (months)"), required=False
    )


class NetCostForm(CalculatorForm):
    date = _date_field()
    hours_per_week = _hours_field(_("Agreed hours per week"))
    full_time_hours_per_week = _hours_field(
        _("Full-time week of comparable jobs (hours)"), initial=Decimal(36)
    )
    hourly_wage = forms.DecimalField(
        label=_("Gross hourly wage (euro)"),
        required=False,
        max_digits=7,
        decimal_places=2,
        widget=_number_widget(),
        help_text=_("Leave empty for the minimum wage for the age."),
    )
    date_of_birth = _date_of_birth_field()
    instrument = forms.ChoiceField(
        label=_("Instrument for the wage"),
        choices=[
            (WageInstrument.NONE.value, _("None")),
            (WageInstrument.WAGE_COST_SUBSIDY.value, _("Wage-cost subsidy (municipality)")),
            (WageInstrument.WAGE_DISPENSATION.value, _("Wage dispensation (UWV, Wajong)")),
        ],
        initial=WageInstrument.NONE.value,
        help_text=_("Never both: with wage-cost subsidy there is no other wage subsidy for the same job."),
    )
    wage_value = _wage_value_field(
        required=False,
        help_text=_("Empty with wage-cost subsidy: the flat rate without a wage value (first 6 months)."),
    )
    in_target_group_register = forms.BooleanField(
        label=_("In the target group register of the jobs agreement"), required=False
    )
    has_target_group_declaration = forms.BooleanField(
        label=_("Has a target group declaration (needed for the LKV in 2025)"), required=False
    )


def initial_data() -> dict:
    return {"date": timezone.localdate()}
