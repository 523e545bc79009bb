from django import forms
from django.utils.translation import gettext_lazy as _

from werkbedrijf.candidates.models import TargetGroup

from .selectors import DEFAULT_LIMIT, MAX_LIMIT, MatchFilters


class MatchDateForm(forms.Form):
    datum = forms.DateField(
        label=_("Match on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Availability, registration and priority rules are checked on this date; today if empty."
        ),
    )
    aantal = forms.IntegerField(
        label=_("How many"), required=False, min_value=1, max_value=MAX_LIMIT, initial=DEFAULT_LIMIT
    )

    def values(self) -> tuple:
        """The date (None: today) and the limit, from a valid form or the defaults."""
        if not self.is_bound or not self.is_valid():
            return None, DEFAULT_LIMIT
        return self.cleaned_data.get("datum"), self.cleaned_data.get("aantal") or DEFAULT_LIMIT


class VacancyMatchForm(MatchDateForm):
    doelgroep = forms.ChoiceField(label=_("Target group"), required=False)
    eigen = forms.BooleanField(label=_("Only candidates of my organisation"), required=False)

    field_order = ["doelgroep", "eigen", "datum", "aantal"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doelgroep"].choices = [("", _("All target groups")), *TargetGroup.choices]

    def filters(self) -> MatchFilters:
        if not self.is_bound or not self.is_valid():
            return MatchFilters()
        return MatchFilters(target_group=self.cleaned_data["doelgroep"], own_only=self.cleaned_data["eigen"])
