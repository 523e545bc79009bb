"""The region's matching configuration: weights and priority rules, read by staff, edited by the functional
administrator (permissions.py).

Every change is a new version from a date (services.py); nothing is edited in place, so the pages show the
history next to what is in force, and a date picker shows what applied on another day. The configuration is
that of the active region (`request.region`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.vacancies.models import VacancyKind

from . import engine, selectors, services
from .configuration_forms import ConfigurationDateForm, RuleForm, WeightsForm
from .models import WEIGHT_FIELDS, MatchWeights, PriorityRule
from .permissions import may_edit_configuration, may_read_configuration

PREVIEW_ACTION = "voorbeeld"

# What each factor scores, in one line (engine.py has the exact arithmetic).
FACTOR_EXPLANATIONS = {
    "occupation": gettext_lazy(
        "A desired occupation of the candidate: full points for the same occupation, fewer for a related one "
        "(same ISCO group)."
    ),
    "skills": gettext_lazy("The share of the skills the job asks for that the candidate has."),
    "distance": gettext_lazy(
        "The travel distance: full points next door, none at the candidate's maximum travel distance."
    ),
    "hours": gettext_lazy("How much of the hours the candidate can work the job offers."),
    "education": gettext_lazy("Whether the candidate's education reaches the skill level of the occupation."),
    "preferences": gettext_lazy("Whether the employer's sector is one of the candidate's preferred sectors."),
    "waiting": gettext_lazy(
        "How long the candidate has been waiting for work: full points from the number of months set below."
    ),
    "cost": gettext_lazy(
        "The share of the wage cost that subsidies cover: a lower net cost for the employer scores higher."
    ),
}


def _label(name: str):
    return capfirst(MatchWeights._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class FactorRow:
    code: str
    label: str
    explanation: str
    points: int


def factor_rows(weights: engine.Weights) -> list[FactorRow]:
    return [
        FactorRow(name, _label(name), FACTOR_EXPLANATIONS[name], getattr(weights, name))
        for name in WEIGHT_FIELDS
    ]


@dataclass(frozen=True)
class PreviewRow:
    label: str
    now: int
    new: int
    share: int | None  # percent of the new total; None when the total is 0

    @property
    def changed(self) -> bool:
        return self.now != self.new


@dataclass(frozen=True)
class Preview:
    """What a perfect fit on every factor scores, now and with the weights entered."""

    rows: list[PreviewRow]
    total_now: int
    total_new: int | None  # None: a weight entered is not a whole number


def weights_preview(current: engine.Weights, entered: Mapping[str, int] | None) -> Preview:
    """A perfect fit gets each factor's full weight, so the maximum per factor is the weight itself and the
    maximum score is their sum (priority bonuses come on top)."""
    total_now = sum(getattr(current, name) for name in WEIGHT_FIELDS)
    if entered is None:
        rows = [PreviewRow(_label(name), getattr(current, name), 0, None) for name in WEIGHT_FIELDS]
        return Preview(rows=rows, total_now=total_now, total_new=None)
    total_new = sum(entered[name] for name in WEIGHT_FIELDS)
    rows = [
        PreviewRow(
            _label(name),
            getattr(current, name),
            entered[name],
            round(100 * entered[name] / total_new) if total_new else None,
        )
        for name in WEIGHT_FIELDS
    ]
    return Preview(rows=rows, total_now=total_now, total_new=total_new)


@dataclass(frozen=True)
class WeightChange:
    label: str
    old: int
    new: int


@dataclass(frozen=True)
class WeightsVersionRow:
    version: MatchWeights
    changes: list[WeightChange]
    in_force: bool  # on the date shown
    scheduled: bool  # starts after today


def _weights_history(versions: list[MatchWeights], *, in_force: str, today: date) -> list[WeightsVersionRow]:
    """Newest first, each with the figures that differ from the version before it (the first version is
    compared with the defaults)."""
    by_number = {version.number: version for version in versions}
    defaults = engine.Weights(selectors.DEFAULT_WEIGHTS_VERSION)
    rows = []
    for version in versions:
        previous = by_number.get(version.number - 1) or defaults
        changes = [
            WeightChange(_label(name), getattr(previous, name), getattr(version, name))
            for name in (*WEIGHT_FIELDS, "waiting_cap_months")
            if getattr(previous, name) != getattr(version, name)
        ]
        rows.append(
            WeightsVersionRow(
                version=version,
                changes=changes,
                in_force=version.version_label == in_force,
                scheduled=version.valid_from > today,
            )
        )
    return rows


@dataclass(frozen=True)
class RuleVersion:
    rule: PriorityRule
    job_kinds: list[str]  # labels; empty: every kind
    target_groups: list[str]  # labels; empty: every target group


@dataclass
class RuleEntry:
    """A priority rule with its versions; its current definition is the newest."""

    code: str
    versions: list[RuleVersion] = field(default_factory=list)  # newest first
    in_force: bool = False  # on the date shown

    @property
    def current(self) -> RuleVersion:
        return self.versions[0]


def _rule_version(rule: PriorityRule) -> RuleVersion:
    kinds, groups = dict(VacancyKind.choices), dict(TargetGroup.choices)
    return RuleVersion(
        rule=rule,
        job_kinds=[kinds.get(value, value) for value in rule.job_kinds or ()],
        target_groups=[groups.get(value, value) for value in rule.target_groups or ()],
    )


def _rule_cards(config: selectors.MatchingConfiguration) -> list[RuleEntry]:
    """One card per rule, by name, with its versions (the selector gives them by code, newest first)."""
    in_force = {rule.code for rule in config.rules}
    cards: dict[str, RuleEntry] = {}
    for rule in config.rule_history:
        card = cards.setdefault(rule.code, RuleEntry(code=rule.code, in_force=rule.code in in_force))
        card.versions.append(_rule_version(rule))
    return sorted(cards.values(), key=lambda card: card.current.rule.name.casefold())


def _configuration(request, on: date | None = None) -> selectors.MatchingConfiguration:
    config = selectors.matching_configuration(user=request.user, region=request.region, on=on)
    prefetch_related_objects([*config.weight_history, *config.rule_history], "created_by")
    return config


def _today() -> date:
    return timezone.localdate()


def _check_edit(request) -> None:
    if not may_edit_configuration(request.user, request.region):
        raise PermissionDenied


# --- the overview, with the weights form -------------------------------------------------------------------


def _weights_form(request, *, current: engine.Weights, has_versions: bool):
    """The functional administrator's weights form: (form, preview, response), with a response when the
    request is done (saved: back to the page; an htmx preview: the preview region alone)."""
    form = WeightsForm(
        request.POST or None, has_versions=has_versions, initial=WeightsForm.initial_from(current, _today())
    )
    if request.method != "POST":
        return form, weights_preview(current, {name: getattr(current, name) for name in WEIGHT_FIELDS}), None
    if request.POST.get("actie") == PREVIEW_ACTION:
        preview = weights_preview(current, form.entered_weights())
        if request.htmx:
            return None, None, render(request, "matching/configuration_preview.html", {"preview": preview})
        # Keep what was entered without judging it yet: a preview is no attempt to save.
        keep = {name: request.POST.get(name, "") for name in form.fields}
        return WeightsForm(has_versions=has_versions, initial=keep), preview, None
    if form.is_valid():
        try:
            version = services.match_weights_create(
                user=request.user,
                region=request.region,
                valid_from=form.cleaned_data["valid_from"],
                change_note=form.cleaned_data["change_note"],
                request=request,
                **form.weights(),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(
                request,
                _("Version %(number)s of the weights has been saved; it applies from %(date)s.")
                % {"number": version.number, "date": date_format(version.valid_from, "j F Y")},
            )
            return None, None, redirect("matching:configuration")
    return form, weights_preview(current, form.entered_weights()), None


@login_required
@require_http_methods(["GET", "POST"])
def configuration_view(request):
    """What is in force (today, or on ?op=YYYY-MM-DD), the history, and for the functional administrator a
    new version of the weights. A POST with actie=voorbeeld only previews the weights entered."""
    region, user = request.region, request.user
    if not may_read_configuration(user, region):
        raise PermissionDenied
    may_edit = may_edit_configuration(user, region)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    today = _today()
    date_form = ConfigurationDateForm(request.GET or None)
    on = date_form.day() or today
    config = _configuration(request, on)
    form = preview = None
    if may_edit:
        current = config.weights if on == today else selectors.weights_in_force(region=region, on=today)
        form, preview, response = _weights_form(
            request, current=current, has_versions=bool(config.weight_history)
        )
        if response is not None:
            return response
    invalid = (form is not None and form.errors) or (date_form.is_bound and not date_form.is_valid())

    in_force_version = next(
        (v for v in config.weight_history if v.version_label == config.weights.version), None
    )
    context = {
        "config": config,
        "today": today,
        "on": on,
        "date_form": date_form,
        "factors": factor_rows(config.weights),
        "total": sum(getattr(config.weights, name) for name in WEIGHT_FIELDS),
        "in_force_version": in_force_version,
        "weights_history": _weights_history(
            config.weight_history, in_force=config.weights.version, today=today
        ),
        "rule_cards": _rule_cards(config),
        "rules_in_force": sorted(config.rules, key=lambda rule: rule.name.casefold()),
        "may_edit": may_edit,
        "form": form,
        "preview": preview,
    }
    return render(request, "matching/configuration.html", context, status=400 if invalid else 200)


# --- priority rules ---------------------------------------------------------------------------------------


def _render_rule_form(request, form, card: RuleEntry | None):
    return render(
        request,
        "matching/configuration_rule_form.html",
        {"form": form, "card": card},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_create_view(request):
    _check_edit(request)
    config = _configuration(request)
    form = RuleForm(request.POST or None, has_versions=False, initial={"valid_from": _today()})
    if request.method == "POST" and form.is_valid():
        code = slugify(form.cleaned_data["name"])[:50]
        if any(rule.code == code for rule in config.rule_history):
            # The service would take the name for a new version of that rule.
            form.add_error(
                "name",
                _("A priority rule with this name exists already: change that rule, or choose another name."),
            )
        else:
            try:
                rule = services.priority_rule_save(
                    user=request.user, region=request.region, request=request, **form.rule_values()
                )
            except ValidationError as error:
                form.add_service_errors(error.message_dict)
            else:
                messages.success(
                    request, _("The priority rule “%(name)s” has been added.") % {"name": rule.name}
                )
                return redirect("matching:configuration")
    return _render_rule_form(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit_view(request, code):
    """A new version of a rule; clearing "active" retires it (a later version can bring it back)."""
    _check_edit(request)
    card = next((card for card in _rule_cards(_configuration(request)) if card.code == code), None)
    if card is None:
        raise Http404
    form = RuleForm(request.POST or None, has_versions=True, initial=RuleForm.initial_from(card.current.rule))
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.priority_rule_save(
                user=request.user,
                region=request.region,
                code=code,
                change_note=form.cleaned_data["change_note"],
                request=request,
                **form.rule_values(),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            if rule.active:
                message = _("Version %(number)s of the priority rule “%(name)s” has been saved.")
            else:
                message = _("The priority rule “%(name)s” is retired; its history stays.")
            messages.success(request, message % {"number": rule.number, "name": rule.name})
            return redirect("matching:configuration")
    return _render_rule_form(request, form, card)
