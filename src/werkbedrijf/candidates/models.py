"""Candidates in the regional pool: identity, register status, work profile, status history and consent.

Identity (BSN, name, birth date, postcode, contact details) is shown only to the responsible organisation;
everything else is the work profile, which other partners see pseudonymised (selectors.py). Work capacity is
recorded as functional abilities on UWV's rubrics, never as a diagnosis.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as bsn_check

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.regions.models import Municipality, Occupation, Region, Sector

MAX_HOURS_PER_WEEK = 40
DEFAULT_FRESHNESS_DAYS = 90


def validate_bsn(value: str) -> None:
    if not bsn_check.is_valid(value):
        raise ValidationError(
            _("This is not a valid BSN (9 digits that pass the 11-check)."), code="invalid_bsn"
        )


class TargetGroup(models.TextChoices):
    PARTICIPATION_ACT = "participation_act", _("Participatiewet (municipality)")
    WAJONG = "wajong", _("Wajong (UWV)")
    SHELTERED_WORK_INDICATION = "wsw_indication", _("Wsw indication")
    SPECIAL_EDUCATION = "special_education", _("Former VSO / practical education pupil")
    WIA = "wia", _("WIA (UWV)")
    SHELTERED_WORK = "sheltered_work", _("Sheltered work (beschut werk)")


class RegisterGround(models.TextChoices):
    """The ground of registration in the target-group register (DOMAIN.md §3.3, Wfsv art. 38b)."""

    NONE = "none", _("Not in the register")
    WAJONG = "wajong", _("Wajong")
    WSW_INDICATION = "wsw_indication", _("Wsw indication")
    PARTICIPATION_BELOW_MINIMUM_WAGE = (
        "participation_below_minimum_wage",
        _("Participatiewet, UWV: cannot earn the minimum wage"),
    )
    PRACTICAL_ROUTE = "practical_route", _("Practical route (wage value below minimum wage)")
    FORMER_SPECIAL_EDUCATION = "former_special_education", _("Former VSO / practical education pupil")
    UWV_OWN_REQUEST = "uwv_own_request", _("UWV assessment on own request")


class EducationLevel(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    NONE_BASIC = "none_basic", _("None or primary education")
    VMBO_MBO1 = "vmbo_mbo1", _("VMBO or MBO 1 (entry level)")
    MBO_2_4 = "mbo_2_4", _("MBO 2 to 4")
    HAVO_VWO = "havo_vwo", _("HAVO or VWO")
    HBO_WO = "hbo_wo", _("HBO or university")


class OwnTransport(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    NONE = "none", _("None (public transport or on foot)")
    BICYCLE = "bicycle", _("Bicycle")
    MOPED = "moped", _("Moped or scooter")
    CAR = "car", _("Car")


class CandidateStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    IN_PROCESS = "in_process", _("In a process")
    PLACED = "placed", _("Placed")
    TEMPORARILY_UNAVAILABLE = "temporarily_unavailable", _("Temporarily unavailable")
    LEFT = "left", _("Left")


# The one table of allowed status changes (services.candidate_status_change applies it).
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    CandidateStatus.AVAILABLE: frozenset(
        {
            CandidateStatus.IN_PROCESS,
            CandidateStatus.PLACED,
            CandidateStatus.TEMPORARILY_UNAVAILABLE,
            CandidateStatus.LEFT,
        }
    ),
    CandidateStatus.IN_PROCESS: frozenset(
        {
            CandidateStatus.AVAILABLE,
            CandidateStatus.PLACED,
            CandidateStatus.TEMPORARILY_UNAVAILABLE,
            CandidateStatus.LEFT,
        }
    ),
    CandidateStatus.PLACED: frozenset(
        {CandidateStatus.AVAILABLE, CandidateStatus.TEMPORARILY_UNAVAILABLE, CandidateStatus.LEFT}
    ),
    CandidateStatus.TEMPORARILY_UNAVAILABLE: frozenset({CandidateStatus.AVAILABLE, CandidateStatus.LEFT}),
    # Someone who left can come back, and then starts as available again.
    CandidateStatus.LEFT: frozenset({CandidateStatus.AVAILABLE}),
}


class Gender(models.TextChoices):
    """As the person states it; used only for aggregate fairness reports, never for matching."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Not recorded")


class Candidate(UUIDModel):
    # Identity: only ever shown to the responsible organisation.
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[validate_bsn])
    first_name = models.CharField(_("first name"), max_length=100)
    last_name_prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(
        _("gender"),
        max_length=6,
        choices=Gender.choices,
        blank=True,
        default=Gender.UNKNOWN,
        help_text=_("Only for reports on equal chances per group; never used in matching."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, help_text=_("e.g. 1012 AB"))
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality of residence"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="candidates"
    )
    responsible_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="candidates",
        help_text=_("The municipality or UWV that supports this candidate."),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consultant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates_as_consultant",
    )

    # Target group and register status.
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    register_ground = models.CharField(
        _("register ground"), max_length=40, choices=RegisterGround.choices, default=RegisterGround.NONE
    )
    registered_from = models.DateField(_("registered from"), null=True, blank=True)
    registered_until = models.DateField(
        _("registered until"), null=True, blank=True, help_text=_("Leave empty while no end date is known.")
    )
    in_target_group_register = models.BooleanField(
        _("in the target-group register"),
        default=False,
        help_text=_("Derived from the register ground and dates when the profile is saved."),
    )

    # Work capacity: functional abilities are rows of FunctionalAbility; these are the hours and support.
    hours_per_day = models.PositiveSmallIntegerField(
        _("hours per day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("How many hours a day the candidate can work."),
    )
    needs_job_coach = models.BooleanField(_("needs a job coach"), default=False)
    needs_workplace_adaptation = models.BooleanField(_("needs a workplace adaptation"), default=False)
    needs_transport_support = models.BooleanField(_("needs transport support"), default=False)

    # Preferences and assets.
    desired_occupations = models.ManyToManyField(
        Occupation, verbose_name=_("desired occupations"), blank=True, related_name="+"
    )
    sectors = models.ManyToManyField(
        Sector,
        verbose_name=_("sectors"),
        blank=True,
        related_name="+",
        limit_choices_to={"classification": "SBI2008", "level": "sectie"},
    )
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, blank=True, default=""
    )
    skills = models.TextField(_("skills"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("e.g. Dutch, English, Arabic")
    )
    driving_licence = models.BooleanField(_("driving licence (B)"), default=False)
    own_transport = models.CharField(
        _("own transport"), max_length=10, choices=OwnTransport.choices, blank=True, default=""
    )
    max_travel_km = models.PositiveSmallIntegerField(
        _("maximum travel distance (km)"), null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    hours_per_week_min = models.PositiveSmallIntegerField(
        _("minimum hours per week"), null=True, blank=True, validators=[MaxValueValidator(MAX_HOURS_PER_WEEK)]
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("maximum hours per week"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_HOURS_PER_WEEK)],
        help_text=_("At most 40."),
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)

    # Freshness and status.
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=CandidateStatus.choices, default=CandidateStatus.AVAILABLE
    )
    # Whether a region-wide consent is active: a copy of the Consent rows that the list can filter and index
    # on. Database triggers (migration 0002) keep it true to the Consent table on every write, whatever wrote
    # it, and reset any other value an UPDATE of the candidate row tries to store.
    shared_in_region = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["region", "last_confirmed_at"]),
            # What changed since: the matching index (matching/index.py) reads only these rows on each use.
            models.Index(fields=["region", "updated_at"], name="candidate_changed_since_idx"),
            # The list (selectors.CandidateListing). The own organisation's candidates come out of the first
            # in name order, and it holds every column the list filters and searches them on, so counting
            # them never reads the table. The other partners' shared candidates are paged municipality by
            # municipality in uuid order out of the second, and counted per municipality in the third.
            models.Index(
                fields=[
                    "region",
                    "responsible_organisation",
                    "last_name",
                    "first_name",
                    "status",
                    "target_group",
                    "last_confirmed_at",
                ],
                name="candidate_own_list_idx",
            ),
            models.Index(
                fields=[
                    "region",
                    "municipality",
                    "uuid",
                    "responsible_organisation",
                    "status",
                    "target_group",
                    "last_confirmed_at",
                ],
                condition=models.Q(shared_in_region=True),
                name="candidate_shared_list_idx",
            ),
            models.Index(
                fields=[
                    "region",
                    "status",
                    "target_group",
                    "last_confirmed_at",
                    "municipality",
                    "responsible_organisation",
                    "shared_in_region",  # makes it covering on SQLite too
                ],
                condition=models.Q(shared_in_region=True),
                name="candidate_shared_count_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week_min__isnull=True)
                | models.Q(hours_per_week__isnull=True)
                | models.Q(hours_per_week_min__lte=models.F("hours_per_week")),
                name="candidate_hours_min_not_above_max",
            ),
            models.CheckConstraint(
                condition=models.Q(registered_until__isnull=True)
                | models.Q(registered_from__isnull=True)
                | models.Q(registered_until__gte=models.F("registered_from")),
                name="candidate_registration_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name_prefix, self.last_name) if p)

    def clean(self):
        errors: dict[str, list[str]] = {}
        low, high = self.hours_per_week_min, self.hours_per_week
        if low is not None and high is not None and low > high:
            errors["hours_per_week_min"] = [_("The minimum cannot be more than the maximum hours per week.")]
        if self.register_ground == RegisterGround.NONE:
            if self.registered_from or self.registered_until:
                errors["register_ground"] = [
                    _("Choose the register ground, or leave the register dates empty.")
                ]
        elif self.registered_from is None:
            errors["registered_from"] = [_("Give the date of registration in the target-group register.")]
        if self.registered_from and self.registered_until and self.registered_until < self.registered_from:
            errors["registered_until"] = [_("The end of the registration cannot be before its start.")]
        if errors:
            raise ValidationError(errors)


class AbilityRubric(models.TextChoices):
    """The rubrics of UWV's functional abilities list (Functionele Mogelijkhedenlijst)."""

    PERSONAL_FUNCTIONING = "personal_functioning", _("Personal functioning")
    SOCIAL_FUNCTIONING = "social_functioning", _("Social functioning")
    PHYSICAL_ENVIRONMENT = "physical_environment", _("Physical environment")
    DYNAMIC_ACTIONS = "dynamic_actions", _("Dynamic actions")
    STATIC_POSTURES = "static_postures", _("Static postures")
    WORKING_HOURS = "working_hours", _("Working hours")


class AbilityLevel(models.IntegerChoices):
    """How far the candidate is limited on a rubric; 1 means no limitation (the legend shown to users)."""

    NORMAL = 1, _("1 – normal: no limitation")
    SLIGHTLY_LIMITED = 2, _("2 – slightly limited: minor adjustments")
    LIMITED = 3, _("3 – limited: clear adjustments or support needed")
    SEVERELY_LIMITED = 4, _("4 – severely limited: only with substantial adjustments")


class FunctionalAbility(UUIDModel):
    """One rubric of a candidate's functional abilities. What the person can do, never a diagnosis."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="abilities")
    rubric = models.CharField(_("rubric"), max_length=30, choices=AbilityRubric.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=AbilityLevel.choices)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the candidate can and cannot do; never a diagnosis or medical detail."),
    )

    class Meta:
        verbose_name = _("functional ability")
        verbose_name_plural = _("functional abilities")
        ordering = ["candidate", "rubric"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "rubric"], name="unique_ability_rubric_per_candidate"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="ability_level_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.get_rubric_display()}: {self.level}"


class CandidateStatusChange(UUIDModel):
    """Append-only history of a candidate's status."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=30, choices=CandidateStatus.choices)
    to_status = models.CharField(_("to"), max_length=30, choices=CandidateStatus.choices)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="status_change_has_reason"),
        ]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class ConsentScope(models.TextChoices):
    REGION_WIDE = "region_wide", _("Sharing with the partners in the region (pseudonymised)")
    EMPLOYERS = "employers", _("Sharing with employers")


class Consent(UUIDModel):
    """What the candidate agreed to share with whom; withdrawal sets withdrawn_at, the row stays."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "scope"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_scope",
            )
        ]
        indexes = [models.Index(fields=["candidate", "scope", "withdrawn_at"])]

    def __str__(self):
        return f"{self.get_scope_display()} ({self.given_at:%Y-%m-%d})"


class PoolSettings(models.Model):
    """Per-region settings of the candidate pool."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="pool_settings")
    freshness_days = models.PositiveSmallIntegerField(
        _("freshness period (days)"),
        default=DEFAULT_FRESHNESS_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_("A profile not confirmed within this many days is stale."),
    )

    class Meta:
        verbose_name = _("pool settings")
        verbose_name_plural = _("pool settings")

    def __str__(self):
        return f"{self.region.code}: {self.freshness_days}"
