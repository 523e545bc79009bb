"""Wage-value assessments (loonwaardemetingen): a candidate measured at a real workplace of an employer.

An assessment is a draft while the wage-value expert works on it (main tasks, reference job, observation,
the employer's and the candidate's views) and becomes immutable when finalised: its result, report (PDF)
and next re-assessment date are then fixed. A mistake is corrected by a new assessment that `corrects` the
old one; the old one stays as it was. The rules (who may, what must be there before finalising) are in
services.py and permissions.py; the arithmetic in calculation.py.
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.regions.models import Region

from .calculation import WageValueMethod

IMMUTABLE_MESSAGE = "A finalised assessment cannot be changed: record a correction as a new assessment."


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINALISED = "finalised", _("Finalised")


METHOD_CHOICES = [
    (WageValueMethod.ULM_2021.value, _("Uniform wage-value method 2021")),
    (WageValueMethod.TKI_BT_2015.value, _("Historical method 2015 (T × K × I × BT)")),
]


class AssessmentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(status=AssessmentStatus.FINALISED).exists():
            raise PermissionError(IMMUTABLE_MESSAGE)
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=AssessmentStatus.FINALISED).exists():
            raise PermissionError(IMMUTABLE_MESSAGE)
        return super().delete()

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if self.filter(pk__in=[obj.pk for obj in objs], status=AssessmentStatus.FINALISED).exists():
            raise PermissionError(IMMUTABLE_MESSAGE)
        return super().bulk_update(objs, fields, *args, **kwargs)


class Assessment(UUIDModel):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="wage_value_assessments"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="wage_value_assessments",
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="wage_value_assessments",
    )
    location = models.ForeignKey(
        "employers.EmployerLocation",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    workplace = models.CharField(
        _("job at the workplace"),
        max_length=200,
        help_text=_("The work the candidate actually does at this employer."),
    )
    assessor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("wage-value expert"),
        on_delete=models.PROTECT,
        related_name="wage_value_assessments",
    )
    method = models.CharField(_("method"), max_length=20, choices=METHOD_CHOICES)
    reference_job = models.CharField(
        _("reference job"),
        max_length=200,
        blank=True,
        help_text=_("The job of an average worker closest in tasks to the work actually done (normfunctie)."),
    )
    reference_job_scale = models.CharField(
        _("wage scale of the reference job"), max_length=100, blank=True, help_text=_("e.g. CAO scale 3")
    )
    reference_hourly_wage = models.DecimalField(
        _("hourly wage of the reference job"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    observed_on = models.DateField(_("observation date"), null=True, blank=True)

    employer_view = models.TextField(_("employer's view"), blank=True)
    employer_view_by = models.CharField(
        _("view given by"), max_length=200, blank=True, help_text=_("Who gave the employer's view.")
    )
    employer_view_recorded_at = models.DateTimeField(_("employer's view recorded at"), null=True, blank=True)
    candidate_view = models.TextField(_("candidate's view"), blank=True)
    candidate_view_recorded_at = models.DateTimeField(
        _("candidate's view recorded at"), null=True, blank=True
    )

    computed_pct = models.DecimalField(
        _("calculated sum"), max_digits=9, decimal_places=4, null=True, blank=True, editable=False
    )
    computed_wage_value = models.PositiveSmallIntegerField(
        _("calculated wage value"), null=True, blank=True, editable=False
    )
    result_percent = models.PositiveSmallIntegerField(
        _("wage value"),
        null=True,
        blank=True,
        help_text=_("The wage value reported by the expert, in whole percent: the figure that counts."),
    )
    deviation_reason = models.TextField(
        _("reason for a different figure"),
        blank=True,
        help_text=_("Why the reported wage value differs from the calculated one."),
    )
    conclusion = models.TextField(_("findings"), blank=True)
    next_assessment_on = models.DateField(_("next re-assessment"), null=True, blank=True)
    next_assessment_agreed = models.BooleanField(
        _("next re-assessment agreed with employer and candidate"), default=False
    )

    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_pdf = models.BinaryField(_("report"), null=True, blank=True, editable=False)
    report_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("wage-value assessment")
        verbose_name_plural = _("wage-value assessments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "status", "next_assessment_on"], name="assessment_due_idx"),
            models.Index(fields=["assessor", "status"], name="assessment_assessor_idx"),
            models.Index(fields=["employer", "status"], name="assessment_employer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(result_percent__isnull=True) | Q(result_percent__lte=100),
                name="assessment_result_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(computed_wage_value__isnull=True) | Q(computed_wage_value__lte=100),
                name="assessment_computed_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(
                    result_percent__isnull=False,
                    computed_wage_value__isnull=False,
                    finalised_at__isnull=False,
                    observed_on__isnull=False,
                    next_assessment_on__isnull=False,
                    employer_view_recorded_at__isnull=False,
                    candidate_view_recorded_at__isnull=False,
                ),
                name="assessment_finalised_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(next_assessment_on__isnull=True)
                | Q(observed_on__isnull=True)
                | Q(next_assessment_on__gt=F("observed_on")),
                name="assessment_next_after_observation",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(corrects=F("id")),
                name="assessment_not_correcting_itself",
            ),
            models.UniqueConstraint(
                fields=["corrects"], condition=Q(corrects__isnull=False), name="one_correction_per_assessment"
            ),
        ]

    def __str__(self):
        return f"{self.employer} – {self.workplace}"

    @property
    def is_finalised(self) -> bool:
        return self.status == AssessmentStatus.FINALISED

    def save(self, *args, **kwargs):
        # Immutable once finalised: the finalising save itself goes through, any later one is refused.
        if self.pk is not None and (
            Assessment.objects.filter(pk=self.pk, status=AssessmentStatus.FINALISED).exists()
        ):
            raise PermissionError(IMMUTABLE_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and (
            Assessment.objects.filter(pk=self.pk, status=AssessmentStatus.FINALISED).exists()
        ):
            raise PermissionError(IMMUTABLE_MESSAGE)
        return super().delete(*args, **kwargs)


def _refuse_finalised_targets(assessment_ids) -> None:
    ids = {pk for pk in assessment_ids if pk is not None}
    if ids and Assessment.objects.filter(pk__in=ids, status=AssessmentStatus.FINALISED).exists():
        raise PermissionError(IMMUTABLE_MESSAGE)


class AssessmentTaskQuerySet(models.QuerySet):
    """Refuses every bulk path that would change the tasks of a finalised assessment or move a task to one
    (also the related manager's add(), which updates through the base manager: Meta.base_manager_name)."""

    def _refuse_finalised(self):
        if self.filter(assessment__status=AssessmentStatus.FINALISED).exists():
            raise PermissionError(IMMUTABLE_MESSAGE)

    def update(self, **kwargs):
        self._refuse_finalised()
        target = kwargs.get("assessment", kwargs.get("assessment_id"))
        _refuse_finalised_targets([getattr(target, "pk", target)])
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _refuse_finalised_targets(obj.assessment_id for obj in objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        _refuse_finalised_targets(obj.assessment_id for obj in objs)
        self.filter(pk__in=[obj.pk for obj in objs])._refuse_finalised()
        return super().bulk_update(objs, fields, *args, **kwargs)

    def delete(self):
        self._refuse_finalised()
        return super().delete()


PCT = {"max_digits": 7, "decimal_places": 4}


class AssessmentTask(UUIDModel):
    """One main task (hoofdtaak): its share of the week, minutes a day and scores against the reference job.

    `third_factor_pct` is net working time under the uniform method 2021 and deployability (inzetbaarheid)
    under the historical method.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("main task"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    share_pct = models.DecimalField(_("share of the working week (%)"), **PCT)
    minutes_per_day = models.DecimalField(_("minutes per working day"), max_digits=6, decimal_places=2)
    tempo_pct = models.DecimalField(_("tempo (%)"), **PCT)
    quality_pct = models.DecimalField(_("quality (%)"), **PCT)
    third_factor_pct = models.DecimalField(_("net working time (%)"), **PCT)

    objects = AssessmentTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("main task")
        verbose_name_plural = _("main tasks")
        ordering = ["position", "id"]
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(share_pct__gt=0, share_pct__lte=Decimal(100)), name="task_share_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(
                    tempo_pct__gte=0,
                    tempo_pct__lte=Decimal(100),
                    quality_pct__gte=0,
                    quality_pct__lte=Decimal(100),
                    third_factor_pct__gte=0,
                    third_factor_pct__lte=Decimal(100),
                ),
                name="task_scores_0_to_100",
            ),
        ]

    def __str__(self):
        return self.name

    def _refuse_if_finalised(self):
        stored = AssessmentTask.objects.filter(pk=self.pk).values_list("assessment_id", flat=True).first()
        _refuse_finalised_targets([self.assessment_id, stored])

    def save(self, *args, **kwargs):
        self._refuse_if_finalised()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_finalised()
        return super().delete(*args, **kwargs)
