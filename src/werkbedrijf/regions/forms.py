"""Form fields for reference data. The occupation picker replaces a select of 3,039 ESCO occupations by a
search box (htmx) with the chosen occupations as ordinary checkboxes or radio buttons, so the form posts
plain values and keeps them when it is shown again with errors."""

from django import forms
from django.urls import reverse

from .models import Occupation


class OccupationPickerWidget(forms.Widget):
    template_name = "regions/widgets/occupation_picker.html"

    def __init__(self, *, multiple: bool, attrs=None):
        super().__init__(attrs)
        self.multiple = multiple

    def use_required_attribute(self, initial):
        return False  # the search box is not the value; a required search box would block the form

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.multiple else name not in data

    def format_value(self, value):
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v.pk if isinstance(v, Occupation) else v) for v in values if v not in (None, "")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ids = [v for v in self.format_value(value) if v.isdigit()]
        selected = Occupation.objects.filter(pk__in=ids).select_related("group").order_by("name_nl")
        context["widget"].update(
            {
                "multiple": self.multiple,
                "selected": selected,
                "search_url": reverse("regions:occupation_search"),
            }
        )
        return context


class OccupationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Occupation.objects.all())
        kwargs.setdefault("widget", OccupationPickerWidget(multiple=True))
        super().__init__(**kwargs)


class OccupationChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Occupation.objects.all())
        kwargs.setdefault("widget", OccupationPickerWidget(multiple=False))
        super().__init__(**kwargs)
