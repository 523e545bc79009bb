"""Forms for the placement pages: input and format only; the rules are checked by the services, whose
errors are put next to the field they are about (SERVICE_FIELDS names the few that differ)."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .choices import CheckpointOutcome, CoachingKind, CoachingPeriod, ContractType, EndReason
from .models import MAX_HOURLY_WAGE, MAX_HOURS_PER_WEEK
from .services import MAX_TEXT

STATUS_ACTIVE = "lopend"
STATUS_ALL = "alle"


class _ServiceErrorsForm(forms.Form):
    """Rendered with includes/form_field.html; service errors are added next to their field.

    `service_fields` maps a service's error key to this form's field where the names differ."""

    service_fields: dict[str, str] = {}

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            name = self.service_fields.get(name, name)
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _hours(label, *, maximum=MAX_HOURS_PER_WEEK, **kwargs):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_value=maximum,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        **kwargs,
    )


def _text(label, *, required=False, help_text=None, rows=3):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PlacementFilterForm(forms.Form):
    """The GET form above the list; Dutch parameter names, as they show in the address bar."""

    status = forms.ChoiceField(
        label=_("Placements"),
        required=False,
        choices=[(STATUS_ALL, _("All placements")), (STATUS_ACTIVE, _("Running placements"))],
    )
    contract = forms.ChoiceField(
        label=_("Contract type"),
        required=False,
        choices=[("", _("All contract types")), *ContractType.choices],
    )
    eigen = forms.BooleanField(label=_("Only candidates of my organisation"), required=False)
    # Set by the links from an employer's or a candidate's page; kept through a new search.
    werkgever = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kandidaat = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def filters(self) -> selectors.PlacementFilters:
        self.is_valid()  # invalid fields are left out of cleaned_data; the valid ones still filter
        data = self.cleaned_data
        return selectors.PlacementFilters(
            active_only=data.get("status") == STATUS_ACTIVE,
            contract_type=data.get("contract") or "",
            own_only=bool(data.get("eigen")),
            employer_uuid=str(data["werkgever"]) if data.get("werkgever") else "",
            candidate_uuid=str(data["kandidaat"]) if data.get("kandidaat") else "",
        )


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class VacancyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_status_display().lower()})"


class GrantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        until = f" – {obj.period_end:%d-%m-%Y}" if obj.period_end else ""
        status = obj.get_status_display().lower()
        return f"{obj.instrument_version.name}, {obj.period_start:%d-%m-%Y}{until} ({status})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.organisation.name})" if obj.organisation_id else name


class PlacementCreateForm(_ServiceErrorsForm):
    """Registering a placement. The choices (employers of the region, that employer's vacancies, the grants
    of this candidate there, who may do the aftercare) come from the view; the employer's vacancies and
    grants follow the employer chosen in the posted data, so "update the choices" keeps the input."""

    employer = EmployerChoiceField(
        label=_("Employer"),
        queryset=None,
        to_field_name="uuid",
        empty_label=_("Choose the employer"),
        help_text=_(
            "After choosing another employer, its vacancies and grants are loaded; without JavaScript, use "
            "the button “Update the vacancies and grants” at the end of the form."
        ),
    )
    vacancy = VacancyChoiceField(
        label=_("Vacancy"),
        queryset=None,
        to_field_name="uuid",
        required=False,
        empty_label=_("No vacancy"),
        help_text=_("A vacancy of the chosen employer, if the job was one."),
    )
    job_title = forms.CharField(
        label=_("Job"),
        max_length=200,
        required=False,
        help_text=_("Empty: the vacancy's title."),
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"), choices=[("", _("Choose the contract type")), *ContractType.choices]
    )
    start_date = _date(_("Start date"))
    planned_end_date = _date(
        _("Planned end date"),
        required=False,
        help_text=_(
            "The last day of a fixed-term contract or a trial placement (required for a trial placement); "
            "empty when open-ended."
        ),
    )
    trial_extension_reason = _text(_("Reason for extending the trial placement"))
    hours_per_week = _hours(_("Hours per week"))
    hourly_wage = forms.DecimalField(
        label=_("Gross hourly wage (€)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=MAX_HOURLY_WAGE,
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    grants = GrantChoiceField(
        label=_("Grants for this job"),
        queryset=None,
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Grants of this candidate at this employer, e.g. wage-cost subsidy or job coaching."),
    )
    responsible = PersonChoiceField(
        label=_("Responsible for aftercare"),
        queryset=None,
        to_field_name="uuid",
        empty_label=None,
        help_text=_("Gets the reminders before each checkpoint (1, 3, 6, 12 and 24 months)."),
    )

    def __init__(self, *args, employers, vacancies, grants, responsibles, trial_help: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["vacancy"].queryset = vacancies
        self.fields["responsible"].queryset = responsibles
        self.fields["trial_extension_reason"].help_text = trial_help
        if grants is None:  # the user does not see the candidate's grants
            del self.fields["grants"]
        else:
            self.fields["grants"].queryset = grants

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "employer": data["employer"],
            "vacancy": data.get("vacancy"),
            "job_title": data.get("job_title") or "",
            "contract_type": data["contract_type"],
            "start_date": data["start_date"],
            "planned_end_date": data.get("planned_end_date"),
            "trial_extension_reason": data.get("trial_extension_reason") or "",
            "hours_per_week": data["hours_per_week"],
            "hourly_wage": data.get("hourly_wage"),
            "grants": list(data.get("grants") or ()),
            "responsible": data["responsible"],
        }


class HoursChangeForm(_ServiceErrorsForm):
    prefix = "uren"

    valid_from = _date(_("From"), help_text=_("The first day of the new hours."))
    hours_per_week = _hours(_("Hours per week"))
    note = _text(_("Note"))


class EndForm(_ServiceErrorsForm):
    prefix = "einde"
    service_fields = {"reason": "end_reason"}

    ended_on = _date(_("Last working day"), initial=timezone.localdate)
    end_reason = forms.ChoiceField(
        label=_("Reason for the end"), choices=[("", _("Choose the reason")), *EndReason.choices]
    )
    note = _text(_("Note on the end"), help_text=_("Required when the reason is “other”."))

    def clean(self):
        data = super().clean()
        if data.get("end_reason") == EndReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the placement ended."))
        return data


class CheckpointForm(_ServiceErrorsForm):
    """The outcome of one checkpoint; the fields after it belong to one outcome each."""

    service_fields = {"valid_from": "changed_from", "reason": "end_reason", "hours_per_week": "new_hours"}

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CheckpointOutcome.choices, widget=forms.RadioSelect
    )
    new_hours = _hours(_("New hours per week"), required=False)
    changed_from = _date(
        _("New hours from"), required=False, help_text=_("Empty: from today. After the placement's start.")
    )
    ended_on = _date(_("Last working day"), required=False)
    end_reason = forms.ChoiceField(
        label=_("Reason for the end"),
        required=False,
        choices=[("", _("Choose the reason")), *EndReason.choices],
    )
    note = _text(_("Note"))

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == CheckpointOutcome.HOURS_CHANGED and data.get("new_hours") is None:
            self.add_error("new_hours", _("Enter the new hours per week."))
        if outcome == CheckpointOutcome.ENDED:
            if data.get("ended_on") is None and "ended_on" not in self.errors:
                self.add_error("ended_on", _("Enter the last working day."))
            if not data.get("end_reason"):
                self.add_error("end_reason", _("Choose why the placement ended."))
            elif data.get("end_reason") == EndReason.OTHER and not (data.get("note") or "").strip():
                self.add_error("note", _("Say why the placement ended."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        outcome = data["outcome"]
        arguments = {"outcome": outcome, "note": data.get("note") or ""}
        if outcome == CheckpointOutcome.HOURS_CHANGED:
            arguments.update(new_hours=data["new_hours"], changed_from=data.get("changed_from"))
        elif outcome == CheckpointOutcome.ENDED:
            arguments.update(ended_on=data["ended_on"], end_reason=data["end_reason"])
        return arguments


class CoachingPlanForm(_ServiceErrorsForm):
    prefix = "plan"

    provider = forms.CharField(label=_("Job-coach provider"), max_length=200)
    coach_name = forms.CharField(label=_("Job coach"), max_length=200, required=False)
    hours = _hours(_("Coaching hours"), maximum=200)
    period = forms.ChoiceField(label=_("Per"), choices=CoachingPeriod.choices)
    goals = _text(_("Goals"), required=True, rows=4)
    valid_from = _date(_("From"))
    valid_until = _date(_("Until"), required=False)


class CoachingActivityForm(_ServiceErrorsForm):
    prefix = "activiteit"

    on = _date(_("Date"), initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose the kind")), *CoachingKind.choices])
    hours = _hours(_("Hours"), maximum=24)
    note = _text(_("Note"))
