"""Template filters of the page frame (core/templatetags/werkbedrijf.py)."""

from django import forms
from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load werkbedrijf %}" + source).render(Context(context))


def test_object_types_read_as_dutch_words():
    with translation.override("nl"):
        assert render("{{ t|object_type_label }}", t="candidate") == "kandidaat"
        assert render("{{ t|object_type_label }}", t="access_log") == "toegangslog"
        assert render("{{ t|object_type_label }}", t="legal_parameter") == "wettelijke parameter"
        assert render("{{ t|object_type_label }}", t="demo_region") == "demoregio"


def test_an_unknown_object_type_is_shown_as_stored():
    with translation.override("nl"):
        assert render("{{ t|object_type_label }}", t="employer_vacancy") == "employer_vacancy"


class ExampleForm(forms.Form):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    since = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def test_form_controls_get_the_design_system_classes():
    form = ExampleForm()
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in render(
        "{{ f|form_control }}", f=form["name"]
    )
    select = render("{{ f|form_control }}", f=form["kind"])
    assert select.startswith("<select") and 'class="utrecht-select utrecht-select--html-select"' in select
    assert 'type="date"' in render("{{ f|form_control }}", f=form["since"])


def test_an_invalid_field_points_assistive_technology_at_its_error():
    form = ExampleForm(data={"name": "", "kind": "a", "since": "2026-01-01"})
    assert not form.is_valid()
    html = render("{{ f|form_control }}", f=form["name"])
    assert "utrecht-textbox--invalid" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_error"' in html
    assert "aria-invalid" not in render("{{ f|form_control }}", f=form["kind"])
