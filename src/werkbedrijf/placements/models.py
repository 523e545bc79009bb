"""Placements (plaatsingen) and their aftercare.

A placement is a candidate at work at an employer: from an accepted proposal or registered directly. Its
hours over time are appended (PlacementHours), never edited, so job units can be counted for any date. The
aftercare is a job-coach plan (versions appended), the coaching activities logged against it, and the
checkpoints at 1, 3, 6, 12 and 24 months, each recorded once with its outcome. The rules about them (job
units, trial limits, checkpoint dates) are in rules.py; who may do what in permissions.py; every write in
services.py.

`municipality` and `target_group` are the candidate's when the placement started: the monitoring counts a
placement where the person lived and in the group they were in then.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.instruments.models import AppendOnlyModel, AppendOnlyQuerySet
from werkbedrijf.regions.models import Municipality, Region

from .choices import CheckpointOutcome, CoachingKind, CoachingPeriod, ContractType, EndReason
from .rules import CHECKPOINT_MONTHS

MAX_HOURS_PER_WEEK = 40
MAX_HOURLY_WAGE = 500


class Placement(UUIDModel):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="placements"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="placements"
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy",
        verbose_name=_("vacancy"),
        on_delete=models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
    )
    # A proposal gives at most one trial placement and one placement on a contract (the hire after the trial).
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
    )
    job_title = models.CharField(_("job"), max_length=200)
    contract_type = models.CharField(_("contract type"), max_length=20, choices=ContractType.choices)
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(
        _("planned end date"),
        null=True,
        blank=True,
        help_text=_("The last day of a fixed-term contract or a trial placement; empty when open-ended."),
    )
    trial_extension_reason = models.TextField(
        _("reason for extending the trial placement"),
        blank=True,
        help_text=_("Needed when a trial placement under the Participatiewet lasts longer than 2 months."),
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=2,
        help_text=_("From the latest change on; see the history."),
    )
    hourly_wage = models.DecimalField(
        _("gross hourly wage"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    grants = models.ManyToManyField(
        "instruments.Grant", verbose_name=_("grants"), related_name="placements", blank=True
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible for aftercare"),
        on_delete=models.PROTECT,
        related_name="placements_responsible",
        help_text=_("Gets the reminders before each checkpoint."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality of residence at the start"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_group = models.CharField(_("target group at the start"), max_length=30)
    ended_on = models.DateField(_("last working day"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for the end"), max_length=20, choices=EndReason.choices, blank=True, default=""
    )
    end_note = models.TextField(_("note on the end"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["region", "-start_date"], name="placement_region_start_idx"),
            models.Index(fields=["candidate", "start_date"], name="placement_candidate_idx"),
            models.Index(fields=["employer", "start_date"], name="placement_employer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_type__in=ContractType.values), name="placement_contract_known"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="placement_hours_0_to_40",
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage__isnull=True)
                | Q(hourly_wage__gt=0, hourly_wage__lte=MAX_HOURLY_WAGE),
                name="placement_wage_positive",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True) | Q(planned_end_date__gte=models.F("start_date")),
                name="placement_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(contract_type=ContractType.TRIAL) | Q(planned_end_date__isnull=False),
                name="placement_trial_has_end",
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_reason=""))
                | (
                    Q(ended_on__isnull=False)
                    & Q(ended_on__gte=models.F("start_date"))
                    & Q(end_reason__in=EndReason.values)
                ),
                name="placement_end_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(end_reason=EndReason.OTHER) | ~Q(end_note=""),
                name="placement_other_end_has_note",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(contract_type=ContractType.TRIAL),
                name="placement_one_trial_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=~Q(contract_type=ContractType.TRIAL),
                name="placement_one_contract_per_proposal",
            ),
        ]

    def __str__(self):
        return f"{self.job_title} ({self.start_date})"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class PlacementHours(AppendOnlyModel, UUIDModel):
    """The placement's hours a week from `valid_from`: the first row is its start, each change appended."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="hours_history")
    valid_from = models.DateField(_("from"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours of a placement")
        verbose_name_plural = _("hours of placements")
        ordering = ["valid_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "valid_from"], name="placement_hours_one_per_day"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="placement_hours_row_0_to_40",
            ),
        ]


class Checkpoint(UUIDModel):
    """An aftercare checkpoint, made with the placement and recorded once (the outcome is then fixed)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="checkpoints")
    months = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due on"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=CheckpointOutcome.choices, blank=True, default=""
    )
    new_hours = models.DecimalField(
        _("new hours per week"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    cancelled = models.BooleanField(
        _("cancelled"), default=False, help_text=_("The placement ended before this checkpoint was due.")
    )

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on", "outcome"], name="checkpoint_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"], name="checkpoint_one_per_moment"),
            models.CheckConstraint(condition=Q(months__in=CHECKPOINT_MONTHS), name="checkpoint_months_known"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=CheckpointOutcome.values),
                name="checkpoint_outcome_known",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(recorded_at__isnull=True))
                | (~Q(outcome="") & Q(recorded_at__isnull=False) & Q(cancelled=False)),
                name="checkpoint_recorded_iff_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=CheckpointOutcome.HOURS_CHANGED) | Q(new_hours__isnull=False),
                name="checkpoint_changed_hours_given",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return not self.outcome and not self.cancelled


class CoachingPlan(AppendOnlyModel, UUIDModel):
    """A job-coach plan for a placement; a change is a new version (the latest is in force)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="coaching_plans")
    provider = models.CharField(_("job-coach provider"), max_length=200)
    coach_name = models.CharField(_("job coach"), max_length=200, blank=True)
    hours = models.DecimalField(_("coaching hours"), max_digits=5, decimal_places=2)
    period = models.CharField(_("period"), max_length=10, choices=CoachingPeriod.choices)
    goals = models.TextField(_("goals"))
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("job-coach plan")
        verbose_name_plural = _("job-coach plans")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="coaching_plan_hours_positive"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="coaching_plan_until_after_from",
            ),
        ]


class CoachingActivity(AppendOnlyModel, UUIDModel):
    """Coaching given, logged against the plan in force."""

    plan = models.ForeignKey(CoachingPlan, on_delete=models.PROTECT, related_name="activities")
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=CoachingKind.choices)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("coaching activity")
        verbose_name_plural = _("coaching activities")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="coaching_activity_hours"),
        ]


class Reminder(UUIDModel):
    """A reminder to a person in the application (there is no e-mail): made by the nightly job before a
    checkpoint is due, shown on their home page until the checkpoint is recorded or they dismiss it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("for"), on_delete=models.CASCADE, related_name="reminders"
    )
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="reminders")
    created_at = models.DateTimeField(_("made at"))
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "checkpoint"], name="reminder_once_per_checkpoint"),
        ]
