"""Forms for the matching configuration pages: input and format only. The rules (bounds, a bonus that fits
the effect, a change note once a version exists) are checked by services.py, whose errors are put next to
their fields."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.vacancies.models import VacancyKind

from . import engine
from .models import WEIGHT_FIELDS, MatchWeights, PriorityEffect


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _whole_number(label, **kwargs) -> forms.IntegerField:
    """A text box with a numeric keyboard rather than type=number, which would show wrong input as empty."""
    return forms.IntegerField(label=label, widget=forms.TextInput(attrs={"inputmode": "numeric"}), **kwargs)


def _change_note() -> forms.CharField:
    """Not required here: the service says when it is (once a version exists), together with its other
    errors, so one attempt shows every error."""
    return forms.CharField(
        label=_("What changed"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class _ServiceErrorsForm(forms.Form):
    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class ConfigurationDateForm(forms.Form):
    """The "in force on" date picker (GET ?op=YYYY-MM-DD)."""

    op = _date(
        _("In force on"),
        required=False,
        help_text=_("Show the weights and priority rules that applied on another date; today if empty."),
    )

    def day(self):
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data["op"]


class WeightsForm(_ServiceErrorsForm):
    """A new version of the region's weights, prefilled with the weights in force."""

    valid_from = _date(
        _("Valid from"), error_messages={"required": _("Enter the date from which this version applies.")}
    )

    def __init__(self, *args, has_versions: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for name in WEIGHT_FIELDS:
            label = capfirst(MatchWeights._meta.get_field(name).verbose_name)
            self.fields[name] = _whole_number(label)
        self.fields["waiting_cap_months"] = _whole_number(
            capfirst(MatchWeights._meta.get_field("waiting_cap_months").verbose_name),
            help_text=_("A shorter wait gives a proportional share of the waiting-time points."),
        )
        self.fields["change_note"] = _change_note()
        self.change_note_optional = not has_versions

    @staticmethod
    def initial_from(weights: engine.Weights, valid_from) -> dict:
        initial = {name: getattr(weights, name) for name in (*WEIGHT_FIELDS, "waiting_cap_months")}
        initial["valid_from"] = valid_from
        return initial

    def weights(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in (*WEIGHT_FIELDS, "waiting_cap_months")}

    def entered_weights(self) -> dict[str, int] | None:
        """The weights as entered, for the preview, also when another field is wrong; None when a weight
        is not a whole number."""
        values = {}
        for name in WEIGHT_FIELDS:
            field = self.fields[name]
            try:
                value = field.clean(
                    field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
                )
            except forms.ValidationError:
                return None
            values[name] = value
        return values


class RuleForm(_ServiceErrorsForm):
    """A new priority rule, or a new version of one (every field prefilled from the current version)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("As shown with a match, e.g. “Wajong and Wsw first for jobs-agreement jobs”."),
    )
    valid_from = _date(
        _("Valid from"), error_messages={"required": _("Enter the date from which the rule applies.")}
    )
    valid_until = _date(
        _("Valid until"),
        required=False,
        help_text=_("The last day on which the rule applies; empty for no end date."),
    )
    job_kinds = forms.MultipleChoiceField(
        label=_("Kinds of job"),
        choices=VacancyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind of job."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every target group."),
    )
    effect = forms.ChoiceField(
        label=_("Effect"),
        choices=[("", "—"), *PriorityEffect.choices],
        help_text=_(
            "Bonus points are added to the score. A rule that ranks first puts the candidates it applies to "
            "before everyone else, whatever their points."
        ),
    )
    bonus = _whole_number(
        _("Bonus points"),
        required=False,
        help_text=_("Only for the effect “Bonus points”."),
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_(
            "Clear this to retire the rule from today; earlier dates keep it as it was. To end the rule on "
            "another date, fill in “Valid until” instead."
        ),
    )

    def __init__(self, *args, has_versions: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if has_versions:
            self.fields["change_note"] = _change_note()
        else:
            del self.fields["active"]

    @staticmethod
    def initial_from(rule) -> dict:
        return {
            "name": rule.name,
            "valid_from": rule.valid_from,
            "valid_until": rule.valid_until,
            "job_kinds": list(rule.job_kinds or ()),
            "target_groups": list(rule.target_groups or ()),
            "effect": rule.effect,
            "bonus": rule.bonus or None,
            "active": rule.active,
        }

    def rule_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("change_note", None)
        if data["bonus"] is None:
            data["bonus"] = 0
        return data
