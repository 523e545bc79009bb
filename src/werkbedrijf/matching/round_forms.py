from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SuggestionState
from .rounds import MAX_TOP_K


class RoundStartForm(forms.Form):
    datum = forms.DateField(
        label=_("Round date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Availability, registration and priority rules are checked on this date; today if empty."
        ),
    )
    top_k = forms.IntegerField(
        label=_("Best pairs per open position"),
        required=False,
        min_value=1,
        max_value=MAX_TOP_K,
        help_text=_(
            "Optional. Only the best pairs per open position are considered: faster in a large region, and "
            "nearly as good. Empty: every pair that fits."
        ),
    )


class SuggestionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), required=False)
    eigen = forms.BooleanField(label=_("Only candidates of my organisation"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All suggestions")), *SuggestionState.choices]

    def values(self) -> tuple[str, bool]:
        if not self.is_bound or not self.is_valid():
            return "", False
        return self.cleaned_data["status"], self.cleaned_data["eigen"]


class SuggestionDecisionForm(forms.Form):
    ACCEPT, REJECT = "accepteren", "afwijzen"

    suggestie = forms.UUIDField(widget=forms.HiddenInput)
    actie = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (REJECT, _("Reject"))], widget=forms.HiddenInput
    )
    toelichting = forms.CharField(
        label=_("Note with the proposal"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reden_dubbel = forms.CharField(
        label=_("Why propose while the candidate is in another process"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reden = forms.CharField(
        label=_("Why this suggestion is not followed"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # Set by the view when the proposal would double-book the candidate: the override reason is asked.
    needs_override = False
