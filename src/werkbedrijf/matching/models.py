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


# --- proposal rounds ----------------------------------------------------------------------------------------


class RoundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_ROUND_STATUSES = (RoundStatus.QUEUED, RoundStatus.RUNNING)


class RoundStage(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    LOADING = "loading", _("Loading candidates and vacancies")
    SCORING = "scoring", _("Scoring the pairs")
    SOLVING = "solving", _("Finding the best assignment")
    SAVING = "saving", _("Saving the suggestions")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped")


class RoundError(models.TextChoices):
    UNEXPECTED = (
        "unexpected",
        _(
            "The round stopped because of an unexpected error. No suggestions were saved. Try again later or "
            "contact the functional administrator."
        ),
    )
    STALE = "stale", _("The round did not finish in time and was stopped. No suggestions were saved.")


class MatchRound(UUIDModel):
    """A region-wide proposal round: the assignment of available candidates to open positions with the highest
    total score, each candidate suggested at most once. Its suggestions are for people to accept or change.

    At most one round per region is queued or running (`match_round_one_active_per_region`, a partial unique
    index, so two starts at the same moment cannot both pass). The counts are filled in when the round is
    done; `pool_groups` holds the composition of the round's pool per fairness dimension (counts only, no
    persons) as it was on the round's date, so the fairness report stays what it was when profiles change.
    """

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=10, choices=RoundStage.choices, default=RoundStage.QUEUED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    on = models.DateField(_("round date"), help_text=_("Availability, registration and rules on this date."))
    top_k = models.PositiveIntegerField(
        _("best pairs kept per position"),
        null=True,
        blank=True,
        help_text=_("Empty: every eligible pair is considered."),
    )
    weights_version = models.CharField(_("weights version"), max_length=30, blank=True)
    # Empty for a run from the command line without --user (a system run).
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    positions = models.PositiveIntegerField(_("open positions"), default=0)
    vacancies = models.PositiveIntegerField(_("vacancies with open positions"), default=0)
    candidates_considered = models.PositiveIntegerField(_("candidates in the pool"), default=0)
    candidates_eligible = models.PositiveIntegerField(
        _("candidates with at least one eligible pair"), default=0
    )
    candidates_in_process = models.PositiveIntegerField(
        _("candidates left out: in an active process"), default=0
    )
    declined_pairs_skipped = models.PositiveIntegerField(_("pairs left out: declined before"), default=0)
    eligible_edges = models.PositiveIntegerField(_("eligible pairs"), default=0)
    suggestions_count = models.PositiveIntegerField(_("suggestions"), default=0)
    objective = models.PositiveBigIntegerField(_("total points"), default=0)
    first_tier = models.PositiveIntegerField(_("suggestions ranked first by a priority rule"), default=0)
    seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    pool_groups = models.JSONField(_("pool per group"), default=dict, blank=True)
    # What went wrong, as a code with a fixed message: never personal data (the log has the type and stack).
    error = models.CharField(_("error"), max_length=12, choices=RoundError.choices, blank=True)

    class Meta:
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(status__in=["queued", "running"]),
                name="match_round_one_active_per_region",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="match_round_progress_at_most_100"),
        ]
        indexes = [models.Index(fields=["region", "-created_at"], name="match_round_region_idx")]

    def __str__(self):
        return f"{self.region_id} {self.on} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ROUND_STATUSES

    @property
    def unfilled(self) -> int:
        return max(0, self.positions - self.suggestions_count)


class SuggestionState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted: proposed")
    REJECTED = "rejected", _("Rejected")


class RoundSuggestion(UUIDModel):
    """One suggestion of a round: this candidate for this vacancy. Accepting it makes a proposal (through the
    proposals app, with its own checks); rejecting it records why. Nothing happens to the candidate or the
    vacancy by the round alone.

    The `group_*` fields are the candidate's groups on the round's date (municipality code, target group, age
    band, gender), for the fairness report only.
    """

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="suggestions")
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveIntegerField(_("points"))
    tier = models.PositiveSmallIntegerField(_("ranks first"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=SuggestionState.choices, default=SuggestionState.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    proposal_uuid = models.UUIDField(_("proposal"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    group_municipality = models.CharField(max_length=6, blank=True)
    group_target_group = models.CharField(max_length=30, blank=True)
    group_age_band = models.CharField(max_length=8, blank=True)
    group_gender = models.CharField(max_length=6, blank=True)

    class Meta:
        verbose_name = _("round suggestion")
        verbose_name_plural = _("round suggestions")
        ordering = ["round_id", "vacancy_id", "-tier", "-points", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "candidate"], name="round_suggestion_candidate_once"),
            models.CheckConstraint(condition=Q(tier__in=[0, 1]), name="round_suggestion_tier_0_or_1"),
            models.CheckConstraint(
                condition=(Q(state="open") & Q(decided_at__isnull=True) & Q(proposal_uuid__isnull=True))
                | (Q(state="accepted") & Q(decided_at__isnull=False) & Q(proposal_uuid__isnull=False))
                | (Q(state="rejected") & Q(decided_at__isnull=False) & ~Q(reject_reason="")),
                name="round_suggestion_decision_complete",
            ),
        ]
        indexes = [models.Index(fields=["round", "vacancy"], name="round_suggestion_vacancy_idx")]

    def __str__(self):
        return f"round {self.round_id}: candidate {self.candidate_id} → vacancy {self.vacancy_id}"
