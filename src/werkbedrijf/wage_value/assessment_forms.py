"""Forms for the assessment pages: input and format only; the rules are checked by the services."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from werkbedrijf.accounts.models import User
from werkbedrijf.employers.models import Employer, EmployerLocation

from . import selectors
from .calculation import WageValueMethod
from .models import METHOD_CHOICES, AssessmentStatus


class _ServiceErrorsForm(forms.Form):
    """Rendered with includes/form_field.html; service errors are added next to their field."""

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pct_field(label, help_text=None, minimum=Decimal(0)):
    return forms.DecimalField(
        label=label,
        min_value=minimum,
        max_value=Decimal(100),
        max_digits=7,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class AssessmentFilterForm(forms.Form):
    """The GET form above the list; Dutch parameter names, as they show in the address bar."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *AssessmentStatus.choices]
    )
    herbeoordeling = forms.BooleanField(label=_("Due for re-assessment"), required=False)
    werkgever = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kandidaat = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def filters(self) -> selectors.AssessmentFilters:
        self.is_valid()
        data = self.cleaned_data
        return selectors.AssessmentFilters(
            status=data.get("status") or "",
            due=bool(data.get("herbeoordeling")),
            employer_uuid=str(data["werkgever"]) if data.get("werkgever") else "",
            candidate_uuid=str(data["kandidaat"]) if data.get("kandidaat") else "",
        )


class CandidateSearchForm(forms.Form):
    zoek = forms.CharField(label=_("Name or BSN of the candidate"), required=False, max_length=100)


class _HeaderFields(_ServiceErrorsForm):
    workplace = forms.CharField(
        label=_("Job at the workplace"),
        max_length=200,
        help_text=_("The work the candidate actually does at this employer."),
    )
    reference_job = forms.CharField(
        label=_("Reference job"),
        max_length=200,
        required=False,
        help_text=_("The job of an average worker closest in tasks to the work actually done (normfunctie)."),
    )
    reference_job_scale = forms.CharField(
        label=_("Wage scale of the reference job"),
        max_length=100,
        required=False,
        help_text=_("e.g. CAO scale 3"),
    )
    reference_hourly_wage = forms.DecimalField(
        label=_("Hourly wage of the reference job (euro)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    observed_on = forms.DateField(label=_("Observation date"), required=False, widget=_date_widget())
    method = forms.ChoiceField(
        label=_("Method"),
        required=False,
        choices=[("", _("The method in force on the observation date")), *METHOD_CHOICES],
        help_text=_(
            "From 1 July 2021 the uniform method; the historical method only for earlier observations."
        ),
    )
    assessor = PersonChoiceField(
        label=_("Wage-value expert"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=_("Choose the expert"),
    )

    def __init__(self, *args, region, current_assessor=None, **kwargs):
        super().__init__(*args, **kwargs)
        experts = selectors.expert_choices(region=region)
        if current_assessor is not None:
            experts = User.objects.filter(
                pk__in=[*experts.values_list("pk", flat=True), current_assessor.pk]
            ).order_by("last_name", "first_name", "username")
        self.fields["assessor"].queryset = experts


class AssessmentCreateForm(_HeaderFields):
    candidate = forms.ChoiceField(label=_("Candidate"), widget=forms.RadioSelect)
    employer = EmployerChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        to_field_name="uuid",
        empty_label=_("Choose the employer"),
    )

    field_order = ["candidate", "employer", "workplace", "assessor"]

    def __init__(self, *args, region, candidates, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["candidate"].choices = [(str(c.uuid), c.full_name) for c in candidates]
        self.fields["employer"].queryset = (
            Employer.objects.filter(organisation__region=region)
            .select_related("organisation")
            .order_by("organisation__name")
        )


class AssessmentEditForm(_HeaderFields):
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=EmployerLocation.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("No particular location"),
    )
    conclusion = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    field_order = ["workplace", "location", "assessor"]

    def __init__(self, *args, region, assessment, may_assign: bool, **kwargs):
        super().__init__(*args, region=region, current_assessor=assessment.assessor, **kwargs)
        self.fields["location"].queryset = EmployerLocation.objects.filter(
            employer=assessment.employer
        ).order_by("-is_main", "name")
        if not may_assign:
            del self.fields["assessor"]


class TaskForm(_ServiceErrorsForm):
    name = forms.CharField(label=_("Main task"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    share_pct = _pct_field(
        _("Share of the working week (%)"), _("At least 1/16 (6.25 %); all main tasks together 100 %.")
    )
    minutes_per_day = forms.DecimalField(
        label=_("Minutes per working day"),
        min_value=Decimal(0),
        max_value=Decimal(1440),
        max_digits=6,
        decimal_places=2,
        help_text=_("At least 30 minutes per working day."),
    )
    tempo_pct = _pct_field(_("Tempo (%)"), _("Against the reference job."))
    quality_pct = _pct_field(_("Quality (%)"), _("Against the reference job."))
    third_factor_pct = _pct_field(_("Net working time (%)"))

    def __init__(self, *args, method: str, **kwargs):
        super().__init__(*args, **kwargs)
        if method == WageValueMethod.TKI_BT_2015:
            self.fields["third_factor_pct"].label = _("Deployability (%)")


class ViewForm(_ServiceErrorsForm):
    text = forms.CharField(
        label=pgettext_lazy("opinion of a party", "View"), widget=forms.Textarea(attrs={"rows": 6})
    )
    given_by = forms.CharField(
        label=_("Given by"), required=False, max_length=200, help_text=_("Name and position at the employer.")
    )

    def __init__(self, *args, party: str, **kwargs):
        super().__init__(*args, **kwargs)
        if party != "employer":
            del self.fields["given_by"]


class FinaliseForm(_ServiceErrorsForm):
    reported_wage_value = forms.IntegerField(
        label=_("Wage value you report (whole percent)"),
        min_value=0,
        max_value=100,
        help_text=_("This is the figure that counts; the calculated figure is kept beside it."),
    )
    deviation_reason = forms.CharField(
        label=_("Reason for a different figure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when your figure differs from the calculated one."),
    )
    conclusion = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_assessment_on = forms.DateField(label=_("Next re-assessment"), widget=_date_widget())
    next_assessment_agreed = forms.BooleanField(
        label=_("The date of the next re-assessment was agreed with the employer and the candidate"),
        required=False,
    )


class CorrectForm(_ServiceErrorsForm):
    reason = forms.CharField(label=_("What is corrected and why"), widget=forms.Textarea(attrs={"rows": 4}))
    assessor = PersonChoiceField(
        label=_("Wage-value expert"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label=_("Choose the expert"),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = selectors.expert_choices(region=region)
