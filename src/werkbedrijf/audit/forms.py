from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessAction


class AccessLogFilterForm(forms.Form):
    gebruiker = forms.CharField(label=_("User name"), required=False, max_length=150)
    object = forms.UUIDField(
        label=_("Object (uuid)"),
        required=False,
        error_messages={"invalid": _("Enter a valid uuid, e.g. 3f2b8c1e-…")},
    )
    actie = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All"))] + AccessAction.choices
    )
    van = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("The end date lies before the start date."))
        return data
