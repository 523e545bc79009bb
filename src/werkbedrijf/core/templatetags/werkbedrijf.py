from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str) -> str:
    """aria-current="page" for the navigation link of the section the page belongs to."""
    request = context.get("request")
    if request is None:
        return ""
    path = request.path
    current = path == prefix if prefix == "/" else path.startswith(prefix)
    return mark_safe(' aria-current="page"') if current else ""  # noqa: S308 (constant string)


@register.filter
def alert_kind(message) -> str:
    """The Utrecht alert modifier for a django.contrib.messages level."""
    return {"error": "error", "warning": "warning", "success": "ok"}.get(message.level_tag, "info")


@register.filter
def in_minutes(delta) -> int:
    """Whole minutes of a timedelta, rounded up (for "try again in N minutes")."""
    return max(1, -(-int(delta.total_seconds()) // 60))


OBJECT_TYPE_LABELS = {
    "candidate": pgettext_lazy("object type", "candidate"),
    "access_log": pgettext_lazy("object type", "access log"),
    "legal_parameter": pgettext_lazy("object type", "legal parameter"),
    "demo_region": pgettext_lazy("object type", "demo region"),
    "employer": pgettext_lazy("object type", "employer"),
    "employer_location": pgettext_lazy("object type", "employer location"),
    "employer_contact_moment": pgettext_lazy("object type", "employer contact moment"),
    "employer_contact_history": pgettext_lazy("object type", "employer contact history"),
    "employer_pledge": pgettext_lazy("object type", "employer pledge"),
    "vacancy": pgettext_lazy("object type", "vacancy"),
    "employer_task": pgettext_lazy("object type", "employer task (job carving)"),
    "labour_pool": pgettext_lazy("object type", "labour pool"),
    "labour_pool_membership": pgettext_lazy("object type", "labour pool membership"),
    "labour_pool_secondment": pgettext_lazy("object type", "secondment"),
    "labour_pool_members": pgettext_lazy("object type", "labour pool member list"),
    "import_job": pgettext_lazy("object type", "import"),
    "pool_settings": pgettext_lazy("object type", "pool settings"),
    "wage_value_assessment": pgettext_lazy("object type", "wage-value assessment"),
    "wage_value_assessments": pgettext_lazy("object type", "wage-value assessments (list)"),
    "wage_value_assessment_task": pgettext_lazy("object type", "main task of a wage-value assessment"),
    "instrument": pgettext_lazy("object type", "instrument"),
    "instrument_version": pgettext_lazy("object type", "instrument version"),
    "instrument_budget": pgettext_lazy("object type", "budget"),
    "instrument_grant": pgettext_lazy("object type", "grant"),
    "instrument_payment_line": pgettext_lazy("object type", "payment line"),
    "instrument_payment_schedule": pgettext_lazy("object type", "payment schedule"),
    "matchweights": pgettext_lazy("object type", "matching weights"),
    "priorityrule": pgettext_lazy("object type", "matching priority rule"),
    "proposal": pgettext_lazy("object type", "proposal"),
    "match_round": pgettext_lazy("object type", "matching round"),
    "round_suggestion": pgettext_lazy("object type", "round proposal"),
    "placement": pgettext_lazy("object type", "placement"),
    "region_target_share": pgettext_lazy("object type", "region's share of the target"),
    "monitoring_report": pgettext_lazy("object type", "monitoring report"),
}


@register.filter
def object_type_label(object_type: str) -> str:
    """The readable name of an access-log object type; unknown types are shown as stored."""
    return OBJECT_TYPE_LABELS.get(object_type, object_type)


FORM_CONTROL_CLASSES = {
    "select": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
}


@register.filter
def form_control(field, extra_class: str = ""):
    """A bound field's widget with the NL Design System classes, its help and error texts linked for screen
    readers and, if invalid, its error state. `extra_class` adds a class (e.g. `wb-code-input`)."""
    widget_type = field.widget_type
    if widget_type in FORM_CONTROL_CLASSES:
        css = FORM_CONTROL_CLASSES[widget_type]
        invalid_modifier = css.split()[0] + "--invalid"
    else:
        css = "utrecht-textbox utrecht-textbox--html-input"
        invalid_modifier = "utrecht-textbox--invalid"
    classes = [css, extra_class] if extra_class else [css]
    attrs = {}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if field.errors:
        classes.append(invalid_modifier)
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}_error")
    attrs["class"] = " ".join(classes)
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
