"""Organisations, users and their roles per region.

Who may see what is decided in accounts/permissions.py from these rows; selectors call it.
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.regions.models import Municipality, Region

# Demo users (werkbedrijf demo) have addresses under this domain and a published password; they may only
# log in where the settings allow the demo.
DEMO_EMAIL_DOMAIN = "demo.werkbedrijf.invalid"


class OrganisationKind(models.TextChoices):
    WERKBEDRIJF = "werkbedrijf", _("Werkbedrijf (regional partnership)")
    MUNICIPALITY = "municipality", _("Municipality")
    UWV = "uwv", _("UWV")
    EMPLOYER_SERVICE_POINT = "employer_service_point", _("Employer service point (WSP)")
    EMPLOYER = "employer", _("Employer")
    SHELTERED_WORK_COMPANY = "sheltered_work_company", _("SW company")
    JOB_COACH_PROVIDER = "job_coach_provider", _("Job-coach provider")


class Organisation(UUIDModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("The region the organisation works in."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Only for organisations of kind municipality."),
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="municipality", municipality__isnull=False)
                | (~Q(kind="municipality") & Q(municipality__isnull=True)),
                name="municipality_org_has_municipality",
            ),
            models.UniqueConstraint(
                fields=["kind", "municipality"],
                condition=Q(kind="municipality"),
                name="one_organisation_per_municipality",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kvk_number and not (len(self.kvk_number) == 8 and self.kvk_number.isdigit()):
            raise ValidationError({"kvk_number": _("A KvK number has exactly 8 digits.")})


class Role(models.TextChoices):
    ACCOUNT_MANAGER = "account_manager", _("WSP account manager")
    CONSULTANT = "consultant", _("Consultant / job coach")
    INSTRUMENT_OFFICER = "instrument_officer", _("Instrument officer")
    POLICY_ADVISER = "policy_adviser", _("Policy adviser")
    BOARD_MEMBER = "board_member", _("Board member")
    EMPLOYER_USER = "employer_user", _("Employer user")
    AUDITOR = "auditor", _("Auditor / privacy officer")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")
    WAGE_VALUE_EXPERT = "wage_value_expert", _("Wage-value expert")


class User(UUIDModel, AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Every user except a technical superuser belongs to one organisation."),
    )

    is_system_account = models.BooleanField(
        _("system account"),
        default=False,
        help_text=_("A technical account for another system's API calls; it cannot log in to the interface."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def is_external(self) -> bool:
        """Employer users are external: they use the portal and are not required to use 2FA."""
        return bool(self.organisation_id) and self.organisation.kind == OrganisationKind.EMPLOYER


class RoleAssignment(models.Model):
    """A user holds a role in a region. Someone working for two regions has assignments in both."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="unique_role_assignment")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.region.code})"


class ApiToken(UUIDModel):
    """A key with which a system account calls the API. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses this key."))
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
