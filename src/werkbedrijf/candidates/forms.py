"""Forms for the candidate pages. Validation of invariants lives in the model and the services; the forms
only shape the input and keep it when something is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from werkbedrijf.regions.forms import OccupationMultipleChoiceField
from werkbedrijf.regions.models import Municipality, Sector

from .models import AbilityLevel, AbilityRubric, Candidate, CandidateStatus, ConsentScope
from .selectors import Freshness, consultant_choices
from .services import EDITABLE_FIELDS, M2M_FIELDS


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def ability_field_names(rubric: str) -> tuple[str, str]:
    return f"ability_{rubric}", f"ability_{rubric}_note"


class CandidateForm(forms.ModelForm):
    """Identity, register status, work capacity and preferences in one form, with a level per rubric."""

    desired_occupations = OccupationMultipleChoiceField(required=False, label=_("Desired occupations"))

    class Meta:
        model = Candidate
        fields = [*EDITABLE_FIELDS, *M2M_FIELDS]
        widgets = {
            "date_of_birth": _date_widget(),
            "registered_from": _date_widget(),
            "registered_until": _date_widget(),
            "available_from": _date_widget(),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "sectors": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, region, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            memberships__region=region
        ).distinct()
        self.fields["consultant"].queryset = consultant_choices(organisation_id=organisation_id)
        self.fields["sectors"].queryset = Sector.objects.filter(classification="SBI2008", level="sectie")
        self.fields["bsn"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["desired_occupations"].help_text = _(
            "Search by name or ISCO code and choose one or more; untick to remove."
        )
        self.fields["sectors"].help_text = _("SBI 2008 sections. Hold Ctrl (or Cmd) to choose more than one.")
        levels = [("", _("Not assessed")), *AbilityLevel.choices]
        current = {}
        if self.instance.pk:
            current = {a.rubric: a for a in self.instance.abilities.all()}
        for rubric, label in AbilityRubric.choices:
            level_name, note_name = ability_field_names(rubric)
            ability = current.get(rubric)
            self.fields[level_name] = forms.TypedChoiceField(
                label=label,
                choices=levels,
                coerce=int,
                empty_value=None,
                required=False,
                initial=ability.level if ability else "",
            )
            self.fields[note_name] = forms.CharField(
                label=_("Note on %(rubric)s") % {"rubric": label},
                max_length=300,
                required=False,
                initial=ability.note if ability else "",
                help_text=_("What the candidate can and cannot do; never a diagnosis or medical detail."),
            )

    def profile_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in (*EDITABLE_FIELDS, *M2M_FIELDS)}

    def abilities(self) -> list[tuple[str, int | None, str]]:
        result = []
        for rubric in AbilityRubric.values:
            level_name, note_name = ability_field_names(rubric)
            result.append((rubric, self.cleaned_data.get(level_name), self.cleaned_data.get(note_name, "")))
        return result

    def identity_fields(self):
        return [
            self[n]
            for n in (
                "bsn",
                "first_name",
                "last_name_prefix",
                "last_name",
                "date_of_birth",
                "gender",
                "email",
                "phone",
                "postcode",
                "municipality",
            )
        ]

    def register_fields(self):
        return [
            self[n]
            for n in ("target_group", "register_ground", "registered_from", "registered_until", "consultant")
        ]

    def capacity_fields(self):
        names = []
        for rubric in AbilityRubric.values:
            names += ability_field_names(rubric)
        names += ["hours_per_day", "needs_job_coach", "needs_workplace_adaptation", "needs_transport_support"]
        return [self[n] for n in names]

    def preference_fields(self):
        return [
            self[n]
            for n in (
                "desired_occupations",
                "sectors",
                "education_level",
                "skills",
                "languages",
                "driving_licence",
                "own_transport",
                "max_travel_km",
                "hours_per_week_min",
                "hours_per_week",
                "available_from",
            )
        ]


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, CandidateStatus(s).label) for s in allowed]


class PoolSettingsForm(forms.Form):
    freshness_days = forms.IntegerField(
        label=_("Freshness period (days)"),
        min_value=7,
        max_value=730,
        help_text=_(
            "A profile not confirmed within this many days is stale: other partners and employers no longer "
            "see it, it is left out of matching, and it lands on the consultant's to-do list. From 7 to 730."
        ),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example the decision of the steering group; the change is logged with this reason."),
    )


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(choices=ConsentScope.choices)
    action = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")])


class CandidateFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or BSN"),
        required=False,
        help_text=_("Searches only the candidates of your own organisation."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    doelgroep = forms.ChoiceField(label=_("Target group"), required=False)
    actualiteit = forms.ChoiceField(
        label=_("Freshness"),
        required=False,
        choices=[
            (Freshness.DEFAULT, _("Hide stale profiles of other partners")),
            (Freshness.INCLUDE, _("Also stale profiles")),
            (Freshness.ONLY, _("Only stale profiles")),
        ],
    )
    eigen = forms.BooleanField(label=_("Only candidates of my organisation"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import TargetGroup

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *CandidateStatus.choices]
        self.fields["doelgroep"].choices = [("", _("All target groups")), *TargetGroup.choices]
