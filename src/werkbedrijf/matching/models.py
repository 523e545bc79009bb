"""A region's matching configuration: the weights of the score and the dated priority rules.

Both are append-only. A change of the weights is a new `MatchWeights` version from a date; the version in
force on a date is the one with the latest `valid_from` on or before it (the highest number among versions of
the same date). A priority rule is identified by its `code`; a change is a new `PriorityRule` version of that
code, and the highest version of each code is its current definition (its own dates say when it applies,
`active` false retires it). selectors.py reads them; services.py writes them, audited.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.instruments.models import AppendOnlyModel, AppendOnlyQuerySet
from werkbedrijf.regions.models import Region

from . import engine

# The factors of engine.Weights, each a whole number of points at a perfect fit.
WEIGHT_FIELDS = (
    "occupation",
    "skills",
    "distance",
    "hours",
    "education",
    "preferences",
    "waiting",
    "cost",
)
MAX_WEIGHT = 1000
MAX_WAITING_CAP_MONTHS = 240
MAX_BONUS = 1000


def _weight_field(label, name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=getattr(engine.Weights("default"), name),
        validators=[MaxValueValidator(MAX_WEIGHT)],
    )


class MatchWeights(AppendOnlyModel, UUIDModel):
    """One version of a region's weights: the points each factor gives at a perfect fit."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    occupation = _weight_field(_("occupation"), "occupation")
    skills = _weight_field(_("skills"), "skills")
    distance = _weight_field(_("travel distance"), "distance")
    hours = _weight_field(_("hours"), "hours")
    education = _weight_field(_("education"), "education")
    preferences = _weight_field(_("preferred sectors"), "preferences")
    waiting = _weight_field(_("waiting time"), "waiting")
    cost = _weight_field(_("employer's net cost"), "cost")
    waiting_cap_months = models.PositiveSmallIntegerField(
        _("full points for waiting after (months)"),
        default=engine.Weights("default").waiting_cap_months,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WAITING_CAP_MONTHS)],
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")
        ordering = ["region", "number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="match_weights_version_number"),
            models.CheckConstraint(
                condition=Q(waiting_cap_months__gte=1), name="match_weights_waiting_cap_at_least_1"
            ),
        ]
        indexes = [models.Index(fields=["region", "valid_from", "number"], name="match_weights_in_force_idx")]

    def __str__(self):
        return f"{self.region_id} v{self.number} ({self.valid_from})"

    @property
    def version_label(self) -> str:
        return f"{self.region.code}-{self.number}"

    def as_weights(self) -> engine.Weights:
        return engine.Weights(
            version=self.version_label,
            waiting_cap_months=self.waiting_cap_months,
            **{name: getattr(self, name) for name in WEIGHT_FIELDS},
        )


class PriorityEffect(models.TextChoices):
    BONUS = engine.Effect.BONUS.value, _("Bonus points")
    FIRST_TIER = engine.Effect.FIRST_TIER.value, _("Ranks first")


class PriorityRule(AppendOnlyModel, UUIDModel):
    """One version of a dated priority rule, e.g. "Wajong and Wsw first for jobs-agreement jobs until 2017".

    In force from `valid_from` up to and including `valid_until` (open-ended when empty), for jobs of
    `job_kinds` (vacancies.VacancyKind values; every kind when empty) and candidates of `target_groups`
    (candidates.TargetGroup values; everyone when empty).
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=50)
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    job_kinds = models.JSONField(
        _("kinds of job"), default=list, blank=True, help_text=_("Empty: every kind.")
    )
    target_groups = models.JSONField(
        _("target groups"), default=list, blank=True, help_text=_("Empty: every target group.")
    )
    effect = models.CharField(_("effect"), max_length=12, choices=PriorityEffect.choices)
    bonus = models.PositiveSmallIntegerField(
        _("bonus points"), default=0, validators=[MaxValueValidator(MAX_BONUS)]
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Clear this to retire the rule from this version on.")
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority rules")
        ordering = ["region", "code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code", "number"], name="priority_rule_version_number"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="priority_rule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(effect=engine.Effect.BONUS.value) & Q(bonus__gt=0))
                | (Q(effect=engine.Effect.FIRST_TIER.value) & Q(bonus=0)),
                name="priority_rule_bonus_fits_effect",
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.number})"

    def as_rule(self) -> engine.PriorityRule:
        return engine.PriorityRule(
            code=self.code,
            name=self.name,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            effect=engine.Effect(self.effect),
            job_kinds=frozenset(self.job_kinds or ()),
            target_groups=frozenset(self.target_groups or ()),
            bonus=self.bonus,
        )
