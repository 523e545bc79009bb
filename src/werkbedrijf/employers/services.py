"""Every write about employers. Each checks the rules in employers/permissions.py, validates, runs in one
transaction and leaves an audit entry (field names only, never values)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbedrijf.accounts.models import Organisation, OrganisationKind, Role
from werkbedrijf.accounts.permissions import has_role
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change
from werkbedrijf.regions.models import PostcodeArea, Region, Sector, SectorClassification

from .models import (
    EMPLOYER_SECTOR_LEVELS,
    ContactMoment,
    ContactMomentKind,
    Employer,
    EmployerLocation,
    PartnershipPledge,
    PledgeKind,
    SectorType,
    SizeClass,
    normalise_kvk_number,
    normalise_postcode,
    validate_kvk_number,
)
from .permissions import employer_rule

UNCHANGED = object()  # default of employer_update's arguments: leave the field as it is

MAX_YEARLY_PAID_HOURS = 2_000_000_000
FIRST_PLEDGE_YEAR = 2015  # the jobs agreement (banenafspraak) started in 2015


def _check(user, region, column: str) -> None:
    if not getattr(employer_rule(user, region), column):
        raise PermissionDenied


def _in_region(employer: Employer, region: Region) -> None:
    if employer.organisation.region_id != region.pk:
        raise PermissionDenied


def _account_manager_error(account_manager, region) -> str | None:
    if account_manager is None:
        return None
    if (
        not account_manager.is_active
        or account_manager.is_external
        or not has_role(account_manager, region, Role.ACCOUNT_MANAGER)
    ):
        return _("%(name)s does not hold the account-manager role in this region.") % {
            "name": account_manager.get_full_name() or account_manager.get_username()
        }
    return None


def _duplicate_kvk_error(kvk_number: str, region: Region, *, exclude_organisation_id=None) -> str | None:
    existing = Organisation.objects.filter(
        kind=OrganisationKind.EMPLOYER, region=region, kvk_number=kvk_number
    )
    if exclude_organisation_id is not None:
        existing = existing.exclude(pk=exclude_organisation_id)
    found = existing.first()
    if found is None:
        return None
    return _("An employer with KvK number %(kvk)s already exists in this region: %(name)s.") % {
        "kvk": kvk_number,
        "name": found.name,
    }


def _field_errors(**values) -> dict[str, list[str]]:
    """Validation of the employer's own fields; only the ones passed are checked."""
    errors: dict[str, list[str]] = {}
    if "name" in values and not (values["name"] or "").strip():
        errors["name"] = [_("Enter the employer's name.")]
    if "kvk_number" in values:
        try:
            validate_kvk_number(values["kvk_number"])
        except ValidationError as error:
            errors["kvk_number"] = error.messages
    if "sector" in values:
        sector = values["sector"]
        if (
            not isinstance(sector, Sector)
            or sector.classification != SectorClassification.SBI_2008
            or sector.level not in EMPLOYER_SECTOR_LEVELS
        ):
            errors["sector"] = [
                _("Choose an SBI 2008 division (two digits) or a more detailed SBI 2008 code.")
            ]
    if "size_class" in values and values["size_class"] not in SizeClass.values:
        errors["size_class"] = [_("Choose a size class.")]
    if "sector_type" in values and values["sector_type"] not in SectorType.values:
        errors["sector_type"] = [_("Choose market or government sector.")]
    if "yearly_paid_hours" in values:
        hours = values["yearly_paid_hours"]
        if hours is not None and not (0 <= hours <= MAX_YEARLY_PAID_HOURS):
            errors["yearly_paid_hours"] = [_("Enter a number of hours of 0 or more.")]
    return errors


def employer_create(
    *,
    user,
    region: Region,
    name: str,
    kvk_number: str,
    sector: Sector,
    size_class: str,
    sector_type: str = SectorType.MARKET,
    yearly_paid_hours: int | None = None,
    account_manager=None,
    request=None,
) -> Employer:
    """Create the employer's Organisation (kind employer, in `region`) and its Employer together."""
    _check(user, region, "edit")
    name = (name or "").strip()
    kvk_number = normalise_kvk_number(kvk_number)
    errors = _field_errors(
        name=name,
        kvk_number=kvk_number,
        sector=sector,
        size_class=size_class,
        sector_type=sector_type,
        yearly_paid_hours=yearly_paid_hours,
    )
    if message := _account_manager_error(account_manager, region):
        errors["account_manager"] = [message]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Serialises employer creation per region, so two people cannot register the same KvK number at once.
        Region.objects.select_for_update().get(pk=region.pk)
        if message := _duplicate_kvk_error(kvk_number, region):
            raise ValidationError({"kvk_number": [message]})
        organisation = Organisation.objects.create(
            name=name, kind=OrganisationKind.EMPLOYER, region=region, kvk_number=kvk_number
        )
        employer = Employer.objects.create(
            organisation=organisation,
            sector=sector,
            size_class=size_class,
            sector_type=sector_type,
            yearly_paid_hours=yearly_paid_hours,
            account_manager=account_manager,
        )
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type="employer",
            object_uuid=employer.uuid,
            object_label=name,
            context="Werkgever aangemaakt",
            changed_fields=[
                "name",
                "kvk_number",
                "sector",
                "size_class",
                "sector_type",
                "yearly_paid_hours",
                "account_manager",
            ],
            region_code=region.code,
            request=request,
        )
    return employer


def employer_update(
    *,
    user,
    region: Region,
    employer: Employer,
    name=UNCHANGED,
    kvk_number=UNCHANGED,
    sector=UNCHANGED,
    size_class=UNCHANGED,
    sector_type=UNCHANGED,
    yearly_paid_hours=UNCHANGED,
    account_manager=UNCHANGED,
    request=None,
) -> Employer:
    """Change the given fields (the others stay as they are); records which fields changed."""
    _check(user, region, "edit")
    _in_region(employer, region)
    given = {
        key: value
        for key, value in {
            "name": (name or "").strip() if name is not UNCHANGED else name,
            "kvk_number": normalise_kvk_number(kvk_number) if kvk_number is not UNCHANGED else kvk_number,
            "sector": sector,
            "size_class": size_class,
            "sector_type": sector_type,
            "yearly_paid_hours": yearly_paid_hours,
            "account_manager": account_manager,
        }.items()
        if value is not UNCHANGED
    }
    errors = _field_errors(**{k: v for k, v in given.items() if k != "account_manager"})
    manager_changes = "account_manager" in given and given["account_manager"] != employer.account_manager
    if manager_changes and (message := _account_manager_error(given["account_manager"], region)):
        errors["account_manager"] = [message]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Region.objects.select_for_update().get(pk=region.pk)
        employer = Employer.objects.select_for_update().select_related("organisation").get(pk=employer.pk)
        organisation = employer.organisation
        kvk_changes = "kvk_number" in given and given["kvk_number"] != organisation.kvk_number
        if kvk_changes and (
            message := _duplicate_kvk_error(
                given["kvk_number"], region, exclude_organisation_id=organisation.pk
            )
        ):
            raise ValidationError({"kvk_number": [message]})
        changed = []
        for field in ("name", "kvk_number"):
            if field in given and getattr(organisation, field) != given[field]:
                setattr(organisation, field, given[field])
                changed.append(field)
        if changed:
            organisation.save(update_fields=changed)
        employer_changed = []
        for field in ("sector", "size_class", "sector_type", "yearly_paid_hours", "account_manager"):
            if field in given and getattr(employer, field) != given[field]:
                setattr(employer, field, given[field])
                employer_changed.append(field)
        if employer_changed:
            employer.save(update_fields=[*employer_changed, "updated_at"])
        changed += employer_changed
        if changed:
            log_change(
                actor=user,
                action=AccessAction.UPDATE,
                object_type="employer",
                object_uuid=employer.uuid,
                object_label=organisation.name,
                context="Werkgever gewijzigd",
                changed_fields=changed,
                region_code=region.code,
                request=request,
            )
    return employer


def employer_assign_account_manager(
    *, user, region: Region, employer: Employer, account_manager, request=None
) -> Employer:
    """Make `account_manager` (who must hold that role in the region) the employer's one account manager;
    None leaves the employer without one."""
    return employer_update(
        user=user, region=region, employer=employer, account_manager=account_manager, request=request
    )


def employer_location_add(
    *,
    user,
    region: Region,
    employer: Employer,
    name: str,
    postcode: str,
    is_main: bool = False,
    request=None,
) -> EmployerLocation:
    """Add a location; its municipality follows from the postcode's PC4 area. The first location is the main
    one; a new main location takes over from the previous one."""
    _check(user, region, "edit")
    _in_region(employer, region)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Enter a name for the location.")]
    normalised = normalise_postcode(postcode)
    area = None
    if normalised is None:
        errors["postcode"] = [_("Enter a Dutch postcode, e.g. 1012 AB.")]
    else:
        area = PostcodeArea.objects.select_related("municipality").filter(pc4=normalised[:4]).first()
        if area is None:
            errors["postcode"] = [_("Postcode area %(pc4)s is unknown.") % {"pc4": normalised[:4]}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        has_main = EmployerLocation.objects.filter(employer=employer, is_main=True).exists()
        if is_main and has_main:
            EmployerLocation.objects.filter(employer=employer, is_main=True).update(is_main=False)
        location = EmployerLocation.objects.create(
            employer=employer,
            name=name,
            postcode=normalised,
            postcode_area=area,
            municipality=area.municipality,
            is_main=is_main or not has_main,
        )
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type="employer_location",
            object_uuid=location.uuid,
            object_label=employer.organisation.name,
            context="Locatie van werkgever toegevoegd",
            changed_fields=["name", "postcode", "is_main"],
            region_code=region.code,
            request=request,
        )
    return location


def contact_moment_add(
    *,
    user,
    region: Region,
    employer: Employer,
    occurred_at: datetime,
    kind: str,
    summary: str,
    next_step: str = "",
    next_step_date: date | None = None,
    corrects: ContactMoment | None = None,
    request=None,
) -> ContactMoment:
    """Append a contact moment. The history is never edited: a correction is a new moment that `corrects`
    the earlier one. It may name contact persons, so it is logged like personal data."""
    _check(user, region, "add_contact")
    _in_region(employer, region)
    errors: dict[str, list[str]] = {}
    summary = (summary or "").strip()
    next_step = (next_step or "").strip()
    if occurred_at is None:
        errors["occurred_at"] = [_("Enter when the contact took place.")]
    elif occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = [_("A contact moment cannot be in the future; plan it as a next step.")]
    if kind not in ContactMomentKind.values:
        errors["kind"] = [_("Choose the kind of contact.")]
    if not summary:
        errors["summary"] = [_("Describe briefly what was discussed or agreed.")]
    if next_step_date is not None and not next_step:
        errors["next_step"] = [_("Describe the next step that belongs to this date.")]
    if (
        next_step_date is not None
        and occurred_at is not None
        and next_step_date < timezone.localdate(occurred_at)
    ):
        errors["next_step_date"] = [_("The next step cannot be before the contact itself.")]
    if corrects is not None and corrects.employer_id != employer.pk:
        errors["corrects"] = [_("A correction must be about a contact moment of the same employer.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moment = ContactMoment.objects.create(
            employer=employer,
            author=user,
            occurred_at=occurred_at,
            kind=kind,
            summary=summary,
            next_step=next_step,
            next_step_date=next_step_date,
            corrects=corrects,
        )
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type="employer_contact_moment",
            object_uuid=moment.uuid,
            object_label=employer.organisation.name,
            context="Contactmoment met werkgever vastgelegd",
            changed_fields=[
                f
                for f, v in (
                    ("occurred_at", occurred_at),
                    ("kind", kind),
                    ("summary", summary),
                    ("next_step", next_step),
                    ("next_step_date", next_step_date),
                    ("corrects", corrects),
                )
                if v
            ],
            region_code=region.code,
            request=request,
        )
    return moment


def pledge_add(
    *,
    user,
    region: Region,
    employer: Employer,
    year: int,
    number_of_jobs: int,
    kind: str = PledgeKind.JOBS_AGREEMENT,
    note: str = "",
    request=None,
) -> PartnershipPledge:
    """Record a partnership pledge ("we will create 5 jobs in 2027")."""
    _check(user, region, "edit")
    _in_region(employer, region)
    errors: dict[str, list[str]] = {}
    last_year = timezone.localdate().year + 10
    if year is None or not (FIRST_PLEDGE_YEAR <= year <= last_year):
        errors["year"] = [
            _("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_PLEDGE_YEAR, "last": last_year}
        ]
    if number_of_jobs is None or number_of_jobs < 1:
        errors["number_of_jobs"] = [_("Enter a number of jobs of at least 1.")]
    if kind not in PledgeKind.values:
        errors["kind"] = [_("Choose the kind of jobs.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pledge = PartnershipPledge.objects.create(
            employer=employer,
            year=year,
            number_of_jobs=number_of_jobs,
            kind=kind,
            note=(note or "").strip(),
            recorded_by=user,
        )
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type="employer_pledge",
            object_uuid=pledge.uuid,
            object_label=employer.organisation.name,
            context="Toezegging van werkgever vastgelegd",
            changed_fields=["year", "number_of_jobs", "kind", "note"],
            region_code=region.code,
            request=request,
        )
    return pledge
