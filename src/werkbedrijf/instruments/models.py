"""The regional instrument catalogue, grants, their payment schedules and the budgets they draw on.

The catalogue is one per region, the same for all its municipalities (that is the point of harmonising):
an `Instrument` is a stable identity (region, code, kind) and every change to what it says is a new
`InstrumentVersion` from a date; versions are never changed or deleted. A `Grant` records an application
and the decision on it for one candidate at one employer, against the version in force when it was applied
for; its status changes are appended as `GrantStatusChange` rows. `PaymentLine`s are the payment schedule:
planned lines follow the dated legal figures (re-determined every 1 January, Participatiewet art. 10d lid 7),
a paid line never changes again. A `Budget` is what a municipality allocated to an instrument for a year;
what is committed and paid is derived from the payment lines.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.parameters.models import Confidence
from werkbedrijf.regions.models import Region

MAX_HOURS_PER_WEEK = 40


class Provider(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    UWV = "uwv", _("UWV")
    TAX_ADMINISTRATION = "tax_administration", _("Tax administration (through the payroll tax return)")


class InstrumentKind(models.TextChoices):
    """What an instrument is; the kind decides how its amounts are calculated and which extra rules apply."""

    WAGE_COST_SUBSIDY = "wage_cost_subsidy", _("Wage-cost subsidy")
    WAGE_DISPENSATION = "wage_dispensation", _("Wage dispensation")
    NO_RISK_POLICY = "no_risk_policy", _("No-risk policy")
    LKV_JOBS_AGREEMENT = "lkv_jobs_agreement", _("Wage-cost benefit, jobs-agreement target group")
    LKV_DISABLED_WORKER = "lkv_disabled_worker", _("Wage-cost benefit, disabled worker")
    LKV_REDEPLOYMENT = "lkv_redeployment", _("Wage-cost benefit, redeploying a disabled worker")
    JOB_COACHING = "job_coaching", _("Job coaching")
    WORKPLACE_PROVISION = "workplace_provision", _("Workplace provision")
    SHELTERED_WORK = "sheltered_work", _("Sheltered work")
    PRACTICAL_ROUTE = "practical_route", _("Practical route into the register")
    TRIAL_PLACEMENT = "trial_placement", _("Trial placement")
    OTHER = "other", _("Other")


class PaymentMethod(models.TextChoices):
    MONTHLY_WAGE_COST_SUBSIDY = "monthly_wage_cost_subsidy", _("Monthly, calculated wage-cost subsidy")
    ONE_OFF = "one_off", _("Once, the amount granted")
    NONE = "none", _("No payment by the municipality")


class AmountPeriod(models.TextChoices):
    PER_MONTH = "per_month", _("per month")
    PER_YEAR = "per_year", _("per year")
    TOTAL = "total", _("in total")


class Instrument(UUIDModel):
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30, choices=InstrumentKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="instrument_code_per_region")]

    def __str__(self):
        return self.code


APPEND_ONLY_MESSAGE = "Append-only: add a new version or status change instead."


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(APPEND_ONLY_MESSAGE)

    def delete(self):
        raise PermissionError(APPEND_ONLY_MESSAGE)

    def bulk_update(self, objs, fields, *args, **kwargs):
        raise PermissionError(APPEND_ONLY_MESSAGE)


class AppendOnlyModel(models.Model):
    """A row that is written once: saving it again or deleting it is refused (also through the queryset)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(APPEND_ONLY_MESSAGE)


class InstrumentVersion(AppendOnlyModel, UUIDModel):
    """What an instrument says from `valid_from`: basis, provider, eligibility rules, maximums and documents.

    The version in force on a date is the one with the latest valid_from on or before it (the highest number
    among versions of the same date). The eligibility rules are structured fields read by eligibility.py;
    `conditions` holds what cannot be checked automatically, in words.
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    provider = models.CharField(_("provided by"), max_length=20, choices=Provider.choices)
    payment_method = models.CharField(
        _("payment"), max_length=30, choices=PaymentMethod.choices, default=PaymentMethod.NONE
    )
    offered = models.BooleanField(
        _("offered in the region"),
        default=True,
        help_text=_("Clear this to stop offering the instrument from the date of this version."),
    )
    target_groups = models.JSONField(
        _("target groups"), default=list, blank=True, help_text=_("Empty: every target group.")
    )
    requires_register = models.BooleanField(
        _("requires registration in the target-group register"), default=False
    )
    requires_reduced_wage_value = models.BooleanField(_("requires a wage value below 100%"), default=False)
    min_productivity_loss_pct = models.PositiveSmallIntegerField(
        _("minimum productivity loss (%)"), null=True, blank=True
    )
    min_hours_per_week = models.DecimalField(
        _("minimum hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    min_contract_months = models.PositiveSmallIntegerField(
        _("minimum contract (months)"), null=True, blank=True
    )
    excluded_job_kinds = models.JSONField(_("not for jobs of kind"), default=list, blank=True)
    apply_within_months = models.PositiveSmallIntegerField(
        _("apply within (months after the start of the job)"), null=True, blank=True
    )
    max_amount = models.DecimalField(
        _("maximum amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_amount_period = models.CharField(
        _("maximum amount applies"), max_length=10, choices=AmountPeriod.choices, blank=True, default=""
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("maximum duration (months)"), null=True, blank=True
    )
    decision_period_weeks = models.PositiveSmallIntegerField(_("decision period (weeks)"), default=8)
    decision_period_basis = models.CharField(_("basis of the decision period"), max_length=300, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    documents = models.JSONField(_("documents needed"), default=list, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=12, choices=Confidence.choices, default=Confidence.LAW
    )
    source_note = models.TextField(_("sources and what is not confirmed"), blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="instrument_version_number"),
            models.CheckConstraint(
                condition=Q(min_productivity_loss_pct__isnull=True) | Q(min_productivity_loss_pct__lte=100),
                name="instrument_version_loss_pct_at_most_100",
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.number}, {self.valid_from})"

    @property
    def target_group_labels(self) -> list[str]:
        from werkbedrijf.candidates.models import TargetGroup

        return [str(TargetGroup(g).label) if g in TargetGroup.values else g for g in self.target_groups or ()]

    @property
    def grantable(self) -> bool:
        """Whether a municipality decides on it here (UWV and tax instruments are applied for there)."""
        return self.provider == Provider.MUNICIPALITY


class GrantStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACTIVE = "active", _("Running")
    ENDED = "ended", _("Ended")


# The one table of allowed status changes (services apply it).
GRANT_TRANSITIONS: dict[str, frozenset[str]] = {
    GrantStatus.APPLIED: frozenset({GrantStatus.GRANTED, GrantStatus.REFUSED, GrantStatus.WITHDRAWN}),
    GrantStatus.GRANTED: frozenset({GrantStatus.ACTIVE, GrantStatus.ENDED}),
    GrantStatus.ACTIVE: frozenset({GrantStatus.ENDED}),
    GrantStatus.REFUSED: frozenset(),
    GrantStatus.WITHDRAWN: frozenset(),
    GrantStatus.ENDED: frozenset(),
}

# Statuses whose payment lines count as committed budget.
COMMITTING_STATUSES = (GrantStatus.GRANTED, GrantStatus.ACTIVE, GrantStatus.ENDED)


class Grant(UUIDModel):
    """An application for an instrument for a candidate at an employer, and the decision on it.

    The wage value is recorded here as a whole percent with where it comes from (`wage_value_source`); empty
    means the flat rate of art. 10d lid 5 (no wage value determined yet). selectors.wage_value_for_grant is
    where a finalised wage-value assessment will supply it.
    """

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    instrument_version = models.ForeignKey(
        InstrumentVersion, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="grants"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="grants"
    )
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="grants"
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    # The finalised wage-value assessment whose figure the grant uses, when it does (services.grant_apply).
    assessment = models.ForeignKey(
        "wage_value.Assessment",
        verbose_name=_("wage-value assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    paying_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("paying municipality"),
        on_delete=models.PROTECT,
        related_name="instrument_grants",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.APPLIED
    )
    applied_on = models.DateField(_("application received on"))
    term_starts_on = models.DateField(
        _("decision period starts on"),
        help_text=_(
            "For wage-cost subsidy: the day the wage value was determined or skipping it was decided."
        ),
    )
    decision_due_on = models.DateField(_("decision due on"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=2)
    full_time_hours_per_week = models.DecimalField(
        _("full-time hours per week in the sector"), max_digits=4, decimal_places=2, default=36
    )
    wage_value = models.PositiveSmallIntegerField(_("wage value (%)"), null=True, blank=True)
    wage_value_source = models.CharField(_("source of the wage value"), max_length=300, blank=True)
    wage_value_from = models.DateField(_("wage value applies from"), null=True, blank=True)
    # The wage value before `wage_value_from` (None: the flat rate), for the months before a re-assessment.
    previous_wage_value = models.PositiveSmallIntegerField(_("earlier wage value (%)"), null=True, blank=True)
    requested_amount = models.DecimalField(
        _("amount applied for"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    granted_amount = models.DecimalField(
        _("amount granted"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("grounds of the decision"), blank=True)
    budget_override_reason = models.TextField(_("reason for exceeding the budget"), blank=True)
    budget_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-applied_on", "-id"]
        indexes = [
            models.Index(fields=["region", "status", "decision_due_on"], name="grant_deadline_idx"),
            models.Index(fields=["paying_organisation", "status"], name="grant_payer_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_value__isnull=True) | Q(wage_value__lte=100),
                name="grant_wage_value_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="grant_hours_0_to_40",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="grant_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.instrument_version.name} {self.period_start}"

    @property
    def open_for_decision(self) -> bool:
        return self.status == GrantStatus.APPLIED


class GrantStatusChange(AppendOnlyModel, UUIDModel):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, choices=GrantStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=GrantStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant status change")
        verbose_name_plural = _("grant status changes")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status or '–'} → {self.to_status}"


class PaymentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


PAID_MESSAGE = "A paid payment line never changes: correct it with a new line."


class PaymentLineQuerySet(models.QuerySet):
    def _refuse_paid(self):
        if self.filter(status=PaymentStatus.PAID).exists():
            raise PermissionError(PAID_MESSAGE)

    def update(self, **kwargs):
        self._refuse_paid()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_paid()
        return super().delete()

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        self.filter(pk__in=[obj.pk for obj in objs])._refuse_paid()
        return super().bulk_update(objs, fields, *args, **kwargs)


class PaymentLine(UUIDModel):
    """One month (or one payment) of a grant's schedule. Once paid it never changes (save, delete and the
    queryset refuse).

    `monthly_amount` is the amount for a whole month, determined with the legal figures of `determined_on`;
    `amount` is what is paid for `period_start`..`period_end`, pro rata to calendar days when the grant
    starts or ends within the month.
    """

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="payment_lines")
    month = models.DateField(_("month"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    monthly_amount = models.DecimalField(_("amount per whole month"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    determined_on = models.DateField(_("figures of"))
    wage_value = models.PositiveSmallIntegerField(_("wage value (%)"), null=True, blank=True)
    flat_rate = models.BooleanField(_("flat rate"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PLANNED
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment line")
        verbose_name_plural = _("payment lines")
        ordering = ["month", "id"]
        indexes = [models.Index(fields=["month", "status"], name="payment_line_month_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "month"],
                condition=~Q(status="cancelled"),
                name="one_payment_line_per_grant_month",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_line_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="payment_line_period_not_empty"
            ),
        ]

    objects = PaymentLineQuerySet.as_manager()

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.amount}"

    def _refuse_if_paid(self):
        if self.pk is not None and PaymentLine.objects.filter(pk=self.pk, status=PaymentStatus.PAID).exists():
            raise PermissionError(PAID_MESSAGE)

    def save(self, *args, **kwargs):
        self._refuse_if_paid()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_paid()
        return super().delete(*args, **kwargs)


class Budget(UUIDModel):
    """What a municipality allocated to an instrument of the regional catalogue for a calendar year."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    allocated = models.DecimalField(_("allocated"), max_digits=14, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["year", "organisation__name", "instrument__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument", "year"],
                name="one_budget_per_organisation_instrument_year",
            ),
            models.CheckConstraint(condition=Q(allocated__gte=0), name="budget_allocated_not_negative"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.instrument} {self.year}"
