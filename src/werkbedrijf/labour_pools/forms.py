"""Forms for the labour-pool pages: input and format only; the rules are checked by the services."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbedrijf.accounts.models import Organisation, User

from . import selectors
from .models import MAX_HOURS_PER_WEEK, PoolKind


class _ServiceErrorsForm(forms.Form):
    """Rendered with includes/form_field.html; service errors are added next to their field."""

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _hours_field(label, help_text=None):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.1"),
        max_value=MAX_HOURS_PER_WEEK,
        max_digits=4,
        decimal_places=1,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class PoolForm(_ServiceErrorsForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PoolKind.choices, initial=PoolKind.LABOUR_POOL)
    operator = forms.ModelChoiceField(
        label=_("Operator"),
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        empty_label=_("Choose the operator"),
        help_text=_("The SW company, Werkbedrijf, municipality or job-coach provider that runs the pool."),
    )
    job_coach = PersonChoiceField(
        label=_("Job coach"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("No job coach"),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, region, current_operator=None, current_job_coach=None, **kwargs):
        super().__init__(*args, **kwargs)
        operators = selectors.operator_choices(region=region)
        if current_operator is not None:
            operators = Organisation.objects.filter(
                pk__in=[*operators.values_list("pk", flat=True), current_operator.pk]
            ).order_by("name")
        self.fields["operator"].queryset = operators
        coaches = selectors.job_coach_choices(region=region)
        if current_job_coach is not None:
            # Kept selectable even if they lost the role, so that editing other fields still works.
            coaches = User.objects.filter(
                pk__in=[*coaches.values_list("pk", flat=True), current_job_coach.pk]
            ).order_by("last_name", "first_name", "username")
        self.fields["job_coach"].queryset = coaches


class PoolFilterForm(forms.Form):
    """The GET form above the list; Dutch parameter names, as they show in the address bar."""

    zoek = forms.CharField(label=_("Search by name or operator"), required=False, max_length=100)
    soort = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *PoolKind.choices]
    )
    uitvoerder = forms.ChoiceField(label=_("Operator"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (selectors.STATUS_ACTIVE, _("Active pools")),
            (selectors.STATUS_ENDED, _("Ended pools")),
            ("alle", _("All pools")),
        ],
    )

    # Set by links from an employer's or a candidate's page; kept through a new search.
    werkgever = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kandidaat = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitvoerder"].choices = [("", _("All operators"))] + [
            (str(o.uuid), o.name) for o in selectors.operator_choices(region=region)
        ]

    def filters(self) -> selectors.PoolFilters:
        self.is_valid()  # invalid fields are left out of cleaned_data; the valid ones still filter
        data = self.cleaned_data
        return selectors.PoolFilters(
            search=data.get("zoek", ""),
            kind=data.get("soort", ""),
            operator_uuid=data.get("uitvoerder", ""),
            status=data.get("status") or selectors.STATUS_ACTIVE,
            employer_uuid=str(data["werkgever"]) if data.get("werkgever") else "",
            candidate_uuid=str(data["kandidaat"]) if data.get("kandidaat") else "",
        )


class CandidateSearchForm(forms.Form):
    """Finds the candidates to choose from, so that the member form never lists the whole pool."""

    zoek = forms.CharField(
        label=_("Name or BSN"),
        required=False,
        max_length=100,
        help_text=_("Searches your own organisation's candidates."),
    )
    pc4 = forms.RegexField(
        label=_("Or postcode area (4 digits)"),
        regex=r"^[1-9][0-9]{3}$",
        required=False,
        help_text=_("Lists candidates in that area who consented to sharing their profile in the region."),
        error_messages={"invalid": _("Enter the 4 digits of a postcode, e.g. 1012.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "4"}),
    )


class MembershipForm(_ServiceErrorsForm):
    candidate = forms.UUIDField(
        label=_("Candidate"),
        widget=forms.Select,
        error_messages={"required": _("Choose a candidate."), "invalid": _("Choose a candidate.")},
    )
    started_on = forms.DateField(label=_("Member from"), widget=_date_widget())
    hours_per_week = _hours_field(_("Hours per week"), _("The hours a week the member works in the pool."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, choices, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["candidate"].widget.choices = [("", _("Choose a candidate"))] + [
            (str(c.uuid), c.label) for c in choices
        ]


class EndForm(_ServiceErrorsForm):
    ended_on = forms.DateField(label=_("End date"), widget=_date_widget())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.employer.organisation.name} – {obj.name} ({obj.postcode})"


class SecondmentForm(_ServiceErrorsForm):
    employer = EmployerChoiceField(
        label=_("Employer"), queryset=None, to_field_name="uuid", empty_label=_("Choose an employer")
    )
    location = LocationChoiceField(
        label=_("Location"),
        queryset=None,
        to_field_name="uuid",
        required=False,
        empty_label=_("No specific location"),
    )
    started_on = forms.DateField(label=_("From"), widget=_date_widget())
    ended_on = forms.DateField(
        label=_("Until"), required=False, widget=_date_widget(), help_text=_("Leave empty if not yet known.")
    )
    hours_per_week = _hours_field(_("Hours per week"))
    tasks = forms.CharField(label=_("Tasks"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, employers, locations, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["location"].queryset = locations


class GroupSecondmentForm(SecondmentForm):
    memberships = forms.MultipleChoiceField(
        label=_("Members"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member.")},
    )
    hours_per_week = _hours_field(_("Hours per week per member"))

    field_order = ["memberships", "employer", "location", "started_on", "ended_on", "hours_per_week", "tasks"]

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["memberships"].choices = [
            (
                str(row.membership.uuid),
                _("%(member)s (member for %(hours)s hours a week)")
                % {"member": row.member.label, "hours": selectors.hours_text(row.membership.hours_per_week)},
            )
            for row in members
        ]


class EmployerSearchForm(forms.Form):
    werkgever = forms.CharField(label=_("Find an employer"), required=False, max_length=100)
