"""Vacancies of the region's employers, their job demands on UWV's functional rubrics, and job carving.

A vacancy belongs to an employer; its region is the employer organisation's region, copied onto the vacancy
(`region`) by the services so that the region's list can be filtered and sorted on one table's indexes.

Job carving: an account manager records an employer's existing tasks (EmployerTask, each from a source job,
with its hours and demands) and composes a new job profile from a selection of them. The composed job is an
ordinary Vacancy whose `carved_tasks` (through CarvedTask) keep the link to where each task came from.
The composition itself is a pure calculation in carving.py; business rules are in services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.core.models import UUIDModel
from werkbedrijf.regions.models import Occupation, Region

MIN_VACANCY_HOURS = 1
MAX_VACANCY_HOURS = 40


class VacancyKind(models.TextChoices):
    REGULAR = "regular", _("Regular job")
    JOBS_AGREEMENT = "jobs_agreement", _("Jobs-agreement job (banenafspraak)")
    SHELTERED_WORK = "sheltered_work", _("Sheltered work (beschut werk)")
    LEARNING_WORK = "learning_work", _("Learning/working place")
    GROUP_SECONDMENT = "group_secondment", _("Group secondment")
    LABOUR_POOL = "labour_pool", _("Labour pool")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    FILLED = "filled", _("Filled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The one table of allowed status changes (services.vacancy_status_change applies it).
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    VacancyStatus.DRAFT: frozenset({VacancyStatus.OPEN, VacancyStatus.WITHDRAWN}),
    VacancyStatus.OPEN: frozenset({VacancyStatus.ON_HOLD, VacancyStatus.FILLED, VacancyStatus.WITHDRAWN}),
    VacancyStatus.ON_HOLD: frozenset({VacancyStatus.OPEN, VacancyStatus.WITHDRAWN}),
    # A placement that ends early opens the job again.
    VacancyStatus.FILLED: frozenset({VacancyStatus.OPEN}),
    # A withdrawn vacancy can be taken up again, starting as a draft.
    VacancyStatus.WITHDRAWN: frozenset({VacancyStatus.DRAFT}),
}


class DemandLevel(models.IntegerChoices):
    """The greatest limitation a job (or task) can accommodate on a rubric.

    Same numbers as candidates.models.AbilityLevel (1 no limitation … 4 severely limited), worded for a job:
    a candidate with ability level L fits the rubric when L <= the job's level.
    """

    NORMAL_ONLY = 1, _("1 – requires full ability: no limitation can be accommodated")
    SLIGHT = 2, _("2 – a slight limitation can be accommodated")
    LIMITED = 3, _("3 – a clear limitation can be accommodated with adjustments or support")
    SEVERE = 4, _("4 – a severe limitation can be accommodated with substantial adjustments")


# The support an employer can give, as (model field, label); the order is the order on the pages.
SUPPORT_FIELDS: tuple[tuple[str, str], ...] = (
    ("support_job_coach", _("Job coach on site")),
    ("support_workplace_adaptation", _("Workplace adaptation")),
    ("support_buddy", _("Buddy or mentor")),
    ("support_flexible_hours", _("Flexible working hours")),
    ("support_transport", _("Help with transport or travel")),
)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The status history is append-only.")

    def delete(self):
        raise PermissionError("The status history is append-only.")


class Vacancy(UUIDModel):
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="vacancies"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The employer's region; set by the services, never chosen."),
    )
    location = models.ForeignKey(
        "employers.EmployerLocation",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    title = models.CharField(_("job title"), max_length=200)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation (ESCO)"), on_delete=models.PROTECT, related_name="+"
    )
    tasks = models.TextField(_("tasks"), blank=True)
    skills = models.TextField(
        _("skills asked for"),
        blank=True,
        help_text=_("Separated by commas, e.g. “kassa, klantcontact, heftruck”; matching compares them."),
    )
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=2)
    wage_scale = models.CharField(
        _("wage scale"), max_length=200, blank=True, help_text=_("e.g. cao Schoonmaak, schaal 2")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    number_of_positions = models.PositiveSmallIntegerField(_("number of positions"), default=1)
    kind = models.CharField(_("kind of job"), max_length=20, choices=VacancyKind.choices)

    support_job_coach = models.BooleanField(_("job coach on site"), default=False)
    support_workplace_adaptation = models.BooleanField(_("workplace adaptation"), default=False)
    support_buddy = models.BooleanField(_("buddy or mentor"), default=False)
    support_flexible_hours = models.BooleanField(_("flexible working hours"), default=False)
    support_transport = models.BooleanField(_("help with transport or travel"), default=False)
    support_other = models.CharField(_("other support"), max_length=300, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    carved_tasks = models.ManyToManyField(
        "EmployerTask", through="CarvedTask", related_name="carved_into", verbose_name=_("carved tasks")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "-created_at"], name="vacancy_region_new_idx"),
            models.Index(fields=["region", "status", "-created_at"], name="vacancy_region_status_idx"),
            models.Index(fields=["region", "start_date"], name="vacancy_region_start_idx"),
            models.Index(fields=["region", "title"], name="vacancy_region_title_idx"),
            models.Index(fields=["region", "kind"], name="vacancy_region_kind_idx"),
            models.Index(fields=["employer", "-created_at"], name="vacancy_employer_new_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_of_positions__gte=1), name="vacancy_at_least_one_position"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=MIN_VACANCY_HOURS, hours_per_week__lte=MAX_VACANCY_HOURS),
                name="vacancy_hours_1_to_40",
            ),
        ]

    def __str__(self):
        return self.title

    def support_given(self) -> list[str]:
        """The labels of the support the employer can give, the free-text 'other' last."""
        given = [str(label) for field, label in SUPPORT_FIELDS if getattr(self, field)]
        if self.support_other:
            given.append(self.support_other)
        return given


class VacancyDemand(UUIDModel):
    """A job demand on one functional rubric.

    `level` is the greatest limitation the job can accommodate on that rubric (DemandLevel, the numbers of
    candidates.models.AbilityLevel): a candidate with ability level L fits the rubric when L <= level. Level 1
    means the job needs full ability there; level 4 accommodates even a severe limitation. A rubric without a
    demand row means "no special demand": any level fits.
    """

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="demands")
    rubric = models.CharField(_("rubric"), max_length=30, choices=AbilityRubric.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=DemandLevel.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("job demand")
        verbose_name_plural = _("job demands")
        ordering = ["vacancy", "rubric"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "rubric"], name="unique_demand_rubric_per_vacancy"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="vacancy_demand_level_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.get_rubric_display()}: {self.level}"


class VacancyStatusChange(UUIDModel):
    """Append-only history of a vacancy's status."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=10, choices=VacancyStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=VacancyStatus.choices)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("at"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy status change")
        verbose_name_plural = _("vacancy status changes")
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="vacancy_status_change_has_reason"),
        ]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The status history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The status history is append-only.")


class EmployerTask(UUIDModel):
    """An existing task at an employer, split off from a job (`source_job`) for job carving.

    Tasks are archived, never deleted, so that carved jobs keep their link to where their tasks came from.
    """

    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="tasks"
    )
    name = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source_job = models.CharField(
        _("source job"), max_length=200, help_text=_("The existing job the task is now part of.")
    )
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=2)
    suitable_for_target_group = models.BooleanField(
        _("suitable for the target group"),
        default=True,
        help_text=_("The account manager's judgement: can someone from the target group do this task?"),
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer task")
        verbose_name_plural = _("employer tasks")
        ordering = ["source_job", "name", "id"]
        indexes = [models.Index(fields=["employer", "archived", "source_job"], name="task_employer_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_VACANCY_HOURS),
                name="task_hours_positive_at_most_40",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.source_job})"


class TaskDemand(UUIDModel):
    """A task's demand on one rubric; `level` has VacancyDemand's meaning (the greatest limitation the task
    can accommodate). A rubric without a row is no special demand."""

    task = models.ForeignKey(EmployerTask, on_delete=models.CASCADE, related_name="demands")
    rubric = models.CharField(_("rubric"), max_length=30, choices=AbilityRubric.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=DemandLevel.choices)

    class Meta:
        verbose_name = _("task demand")
        verbose_name_plural = _("task demands")
        ordering = ["task", "rubric"]
        constraints = [
            models.UniqueConstraint(fields=["task", "rubric"], name="unique_demand_rubric_per_task"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="task_demand_level_1_to_4"),
        ]

    def __str__(self):
        return f"{self.get_rubric_display()}: {self.level}"


class CarvedTask(UUIDModel):
    """A task taken into a carved job, with the hours taken from it (at most the task's hours)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="carved_task_links")
    task = models.ForeignKey(EmployerTask, on_delete=models.PROTECT, related_name="carved_links")
    hours_per_week = models.DecimalField(_("hours per week taken"), max_digits=4, decimal_places=2)

    class Meta:
        verbose_name = _("carved task")
        verbose_name_plural = _("carved tasks")
        ordering = ["task__source_job", "task__name"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "task"], name="unique_task_per_carved_job"),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="carved_task_hours_positive"),
        ]

    def __str__(self):
        return f"{self.task.name}: {self.hours_per_week}"
