"""Forms for the instrument pages: input and format only; the rules are checked by the services."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.parameters.models import Confidence
from werkbedrijf.vacancies.models import VacancyKind

from . import selectors
from .models import MAX_HOURS_PER_WEEK, AmountPeriod, GrantStatus, InstrumentKind, PaymentMethod, Provider


class _ServiceErrorsForm(forms.Form):
    """Rendered with includes/form_field.html; service errors are added next to their field."""

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _hours(label, **kwargs):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.5"),
        max_value=MAX_HOURS_PER_WEEK,
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        **kwargs,
    )


def _money(label, **kwargs):
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        **kwargs,
    )


def _wage_value(**kwargs):
    return forms.IntegerField(
        label=_("Wage value (%)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _CandidateEmployerForm(_ServiceErrorsForm):
    bsn = forms.CharField(
        label=_("BSN of the candidate"),
        max_length=9,
        help_text=_("A candidate of your own organisation."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    employer = EmployerChoiceField(
        label=_("Employer"), queryset=None, to_field_name="uuid", empty_label=_("Choose the employer")
    )

    def __init__(self, *args, user, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.region = user, region
        self.fields["employer"].queryset = selectors.employer_choices(
            region=region, selected_uuid=self.data.get("employer") or self.initial.get("employer")
        )
        self.candidate = None

    def clean_bsn(self):
        bsn = self.cleaned_data["bsn"].strip()
        self.candidate = selectors.candidate_by_bsn(user=self.user, region=self.region, bsn=bsn)
        if self.candidate is None:
            raise forms.ValidationError(_("No candidate of your organisation has this BSN."))
        return bsn


class EligibilityForm(_CandidateEmployerForm):
    on = _date(_("Date"), initial=timezone.localdate)
    vacancy = forms.UUIDField(label=_("Job (vacancy)"), required=False, widget=forms.HiddenInput)
    job_kind = forms.ChoiceField(
        label=_("Kind of job"), required=False, choices=[("", _("Not known")), *VacancyKind.choices]
    )
    hours_per_week = _hours(_("Hours per week"), required=False)
    contract_months = forms.IntegerField(
        label=_("Contract length (months)"),
        min_value=0,
        max_value=600,
        required=False,
        help_text=_("Leave empty for an open-ended contract or when not known."),
    )
    employment_start = _date(_("Start of the job"), required=False)
    already_employed = forms.BooleanField(label=_("The candidate already works there"), required=False)
    wage_value = _wage_value(help_text=_("Leave empty when no wage value has been determined yet."))


class ApplicationForm(_CandidateEmployerForm):
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=None, to_field_name="uuid", empty_label=_("Choose the instrument")
    )
    applied_on = _date(_("Application received on"), initial=timezone.localdate)
    term_starts_on = _date(
        _("Decision period starts on"),
        required=False,
        help_text=_(
            "Leave empty to start it on the day received. Wage-cost subsidy: the day the wage value was "
            "determined or skipping it was decided."
        ),
    )
    period_start = _date(_("From (start of the job)"))
    period_end = _date(_("Until"), required=False)
    hours_per_week = _hours(_("Hours per week"))
    full_time_hours_per_week = _hours(_("Full-time hours per week in the sector"), initial=Decimal(36))
    wage_value = _wage_value(
        help_text=_("Leave empty for the flat rate (no wage value yet, at most 6 months).")
    )
    wage_value_source = forms.CharField(
        label=_("Source of the wage value"),
        max_length=300,
        required=False,
        help_text=_("Report, date, expert."),
    )
    requested_amount = _money(_("Amount applied for"), required=False, help_text=_("For one-off payments."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        queryset, names = instruments
        self.fields["instrument"].queryset = queryset
        self.fields["instrument"].label_from_instance = lambda obj: names.get(obj.pk, obj.code)


class DecisionForm(_ServiceErrorsForm):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("ja", _("Grant")), ("nee", _("Refuse"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    decided_on = _date(_("Date of the decision"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Grounds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a refusal."),
    )
    granted_amount = _money(_("Amount granted"), required=False, help_text=_("For one-off payments."))
    budget_override_reason = forms.CharField(
        label=_("Reason for exceeding the budget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the grant does not fit in the budget: who agreed, and why."),
    )


class EndForm(_ServiceErrorsForm):
    ended_on = _date(_("End date"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class WithdrawForm(_ServiceErrorsForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class WageValueForm(_ServiceErrorsForm):
    wage_value = forms.IntegerField(label=_("Wage value (%)"), min_value=0, max_value=100)
    source = forms.CharField(label=_("Source of the wage value"), max_length=300)
    applies_from = _date(_("Applies from"))


class PaidForm(_ServiceErrorsForm):
    paid_on = _date(_("Paid on"), initial=timezone.localdate)


class GrantFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *GrantStatus.choices]
    )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class VersionForm(_ServiceErrorsForm):
    """A new version of an instrument; every field starts with the current version's value."""

    valid_from = _date(_("Valid from"))
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    provider = forms.ChoiceField(label=_("Provided by"), choices=Provider.choices)
    payment_method = forms.ChoiceField(label=_("Payment"), choices=PaymentMethod.choices)
    offered = forms.BooleanField(label=_("Offered in the region"), required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every target group."),
    )
    requires_register = forms.BooleanField(
        label=_("Requires registration in the target-group register"), required=False
    )
    requires_reduced_wage_value = forms.BooleanField(
        label=_("Requires a wage value below 100%"), required=False
    )
    min_productivity_loss_pct = forms.IntegerField(
        label=_("Minimum productivity loss (%)"), min_value=0, max_value=100, required=False
    )
    min_hours_per_week = _hours(_("Minimum hours per week"), required=False)
    min_contract_months = forms.IntegerField(
        label=_("Minimum contract (months)"), min_value=0, max_value=600, required=False
    )
    excluded_job_kinds = forms.MultipleChoiceField(
        label=_("Not for jobs of kind"),
        choices=VacancyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    apply_within_months = forms.IntegerField(
        label=_("Apply within (months after the start of the job)"),
        min_value=0,
        max_value=120,
        required=False,
    )
    max_amount = _money(_("Maximum amount"), required=False)
    max_amount_period = forms.ChoiceField(
        label=_("Maximum amount applies"), choices=[("", "—"), *AmountPeriod.choices], required=False
    )
    max_duration_months = forms.IntegerField(
        label=_("Maximum duration (months)"), min_value=1, max_value=600, required=False
    )
    decision_period_weeks = forms.IntegerField(label=_("Decision period (weeks)"), min_value=1, max_value=52)
    decision_period_basis = forms.CharField(
        label=_("Basis of the decision period"), max_length=300, required=False
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    documents = forms.CharField(
        label=_("Documents needed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One document per line."),
    )
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    source_note = forms.CharField(
        label=_("Sources and what is not confirmed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_documents(self):
        return _lines(self.cleaned_data["documents"])

    def version_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("valid_from"), data.pop("change_note")
        data.pop("code", None), data.pop("kind", None)
        return data

    @staticmethod
    def initial_from(version) -> dict:
        initial = {key: getattr(version, key) for key in VersionForm.base_fields if hasattr(version, key)}
        initial["documents"] = "\n".join(version.documents or [])
        initial.pop("valid_from", None), initial.pop("change_note", None)
        return initial


class NewInstrumentForm(VersionForm):
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("Short and unique, e.g. scholingsvoucher.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=InstrumentKind.choices, initial=InstrumentKind.OTHER)
    field_order = ["code", "kind", "valid_from"]


class BudgetForm(_ServiceErrorsForm):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=None, to_field_name="uuid")
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    allocated = _money(_("Allocated"))

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        queryset, names = instruments
        self.fields["instrument"].queryset = queryset
        self.fields["instrument"].label_from_instance = lambda obj: names.get(obj.pk, obj.code)


class ExportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year"))] + [(str(m), str(m)) for m in range(1, 13)],
    )
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")])
