from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .keys import DEFINITIONS, variant_label
from .models import Confidence
from .selectors import versions_of
from .validation import find_overlap, overlap_message, version_errors


def _key_choices():
    return [("", "---------")] + [
        (definition.key, f"{definition.label} ({definition.unit_label})")
        for definition in DEFINITIONS.values()
    ]


def _variant_choices():
    variants = list(dict.fromkeys(v for d in DEFINITIONS.values() for v in d.variants if v))
    return [("", _("None (the general value)"))] + [(v, variant_label(v)) for v in variants]


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _AccessibleForm(forms.Form):
    """Rendered with includes/form_field.html, which adds the design-system classes and ARIA attributes."""

    def add_errors(self, errors: dict[str, list[str]], *, field_map: dict[str, str] | None = None):
        """Add service or validation errors, each to its field unless that field already has one."""
        for name, messages in errors.items():
            name = (field_map or {}).get(name, name)
            target = name if name in self.fields else None
            if target is not None and target in self.errors:
                continue
            for message in messages:
                self.add_error(target, message)


class LegalParameterForm(_AccessibleForm):
    """A new dated version. Users give the last day (inclusive); cleaned_data['valid_to'] is the day after."""

    key = forms.ChoiceField(label=_("Parameter"), choices=_key_choices)
    variant = forms.ChoiceField(
        label=_("Variant"),
        choices=_variant_choices,
        required=False,
        help_text=_(
            "Only for parameters with variants: the youth minimum wage per age and the quota percentage "
            "per sector."
        ),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=4)
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=_date_widget(),
        help_text=_("An earlier version of this parameter without an end date ends the day before."),
    )
    valid_through = forms.DateField(
        label=_("Valid through"),
        required=False,
        widget=_date_widget(),
        help_text=_("The last day the value applies. Leave empty while no end date is known."),
    )
    source = forms.CharField(
        label=_("Source"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The law article, regulation or publication, e.g. 'Wet minimumloon art. 14; Stcrt. 2026, 12345'."
        ),
    )
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        valid_through = data.get("valid_through")
        data["valid_to"] = valid_through + timedelta(days=1) if valid_through else None
        self.add_errors(
            version_errors(
                key=data.get("key"),
                variant=data.get("variant") if "variant" in data else None,
                value=data.get("value"),
                valid_from=data.get("valid_from"),
                valid_to=data["valid_to"],
                source=data.get("source"),
                confidence=data.get("confidence"),
            ),
            field_map={"valid_to": "valid_through"},
        )
        period_fields = ("key", "variant", "valid_from", "valid_through")
        if data.get("key") and data.get("valid_from") and not any(f in self.errors for f in period_fields):
            versions = versions_of(data["key"], data.get("variant", ""))
            _, conflict = find_overlap(versions, valid_from=data["valid_from"], valid_to=data["valid_to"])
            if conflict is not None:
                self.add_errors({"valid_from": [overlap_message(conflict)]})
        return data


class LegalParameterCorrectionForm(_AccessibleForm):
    """Correct an existing version; its period stays as it is."""

    value = forms.DecimalField(label=_("Corrected value"), max_digits=14, decimal_places=4)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    source = forms.CharField(
        label=_("Source of the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required: the law article, regulation or publication that shows the correct value, e.g. "
            "'Regeling … art. 2; Stcrt. 2026, 12345'. It replaces the current source."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Remove a remark such as “unconfirmed” once it no longer applies."),
    )

    def __init__(self, *args, parameter, **kwargs):
        self.parameter = parameter
        value = parameter.value
        plain_value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        kwargs.setdefault(
            "initial", {"value": plain_value, "confidence": parameter.confidence, "note": parameter.note}
        )
        super().__init__(*args, **kwargs)
        definition = DEFINITIONS.get(parameter.key)
        if definition is not None:
            self.fields["value"].help_text = _("Unit: %(unit)s.") % {"unit": definition.unit_label}

    def clean(self):
        data = super().clean()
        self.add_errors(
            version_errors(
                key=self.parameter.key,
                variant=None,
                value=data.get("value"),
                valid_from=None,
                valid_to=None,
                source=data.get("source"),
                confidence=data.get("confidence"),
            )
        )
        return data
