"""Reading employers, always as a given user in a given region (rules in employers/permissions.py).

The contact history may hold personal data about the employer's contact persons, so every read of it is
access-logged here (object type "employer_contact_history").
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from werkbedrijf.accounts.models import Role, User
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.regions.models import Sector, SectorClassification

from .models import ContactMoment, Employer, SizeClass
from .permissions import EmployerScope, employer_rule

CONTACT_HISTORY_OBJECT_TYPE = "employer_contact_history"

SORT_NAME = "name"
SORT_NAME_DESC = "-name"
SORT_LAST_CONTACT = "last_contact"
SORT_LAST_CONTACT_OLDEST = "-last_contact"
SORTS = (SORT_NAME, SORT_NAME_DESC, SORT_LAST_CONTACT, SORT_LAST_CONTACT_OLDEST)


def _last_contact_subquery():
    return Subquery(
        ContactMoment.objects.filter(employer=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


def employer_queryset(*, user, region) -> QuerySet[Employer]:
    """The employers the user may see in the region (all, or only its own); raises if none at all."""
    rule = employer_rule(user, region)
    if rule.scope < EmployerScope.OWN:
        raise PermissionDenied
    qs = Employer.objects.filter(organisation__region=region).select_related(
        "organisation", "sector", "account_manager"
    )
    if rule.scope == EmployerScope.OWN:
        qs = qs.filter(organisation_id=user.organisation_id)
    return qs


def own_employer(*, user, region) -> Employer | None:
    """An employer user's own employer in the region (for the redirect from the list)."""
    if employer_rule(user, region).scope != EmployerScope.OWN:
        return None
    return employer_queryset(user=user, region=region).first()


@dataclass(frozen=True)
class EmployerFilters:
    search: str = ""
    sector_section: str = ""
    size_class: str = ""
    account_manager_uuid: str = ""
    mine: bool = False
    sort: str = SORT_NAME


def employer_search(*, user, region, filters: EmployerFilters) -> QuerySet[Employer]:
    """Search (name, KvK number), filters and sorting, with the last contact annotated (no N+1)."""
    qs = employer_queryset(user=user, region=region).annotate(last_contact_at=_last_contact_subquery())
    term = filters.search.strip()
    if term:
        digits = term.replace(" ", "").replace(".", "")
        condition = Q(organisation__name__icontains=term)
        if digits.isdigit():
            condition |= Q(organisation__kvk_number__startswith=digits)
        qs = qs.filter(condition)
    if filters.sector_section:
        qs = qs.filter(sector__section=filters.sector_section)
    if filters.size_class:
        qs = qs.filter(size_class=filters.size_class)
    if filters.mine:
        qs = qs.filter(account_manager=user)
    elif filters.account_manager_uuid:
        qs = qs.filter(account_manager__uuid=filters.account_manager_uuid)
    sort = filters.sort if filters.sort in SORTS else SORT_NAME
    if sort == SORT_NAME:
        order = ["organisation__name", "uuid"]
    elif sort == SORT_NAME_DESC:
        order = ["-organisation__name", "-uuid"]
    elif sort == SORT_LAST_CONTACT:
        order = [F("last_contact_at").desc(nulls_last=True), "organisation__name", "uuid"]
    else:
        order = [F("last_contact_at").asc(nulls_first=True), "organisation__name", "uuid"]
    return qs.order_by(*order)


def employer_list(*, user, region, filters: EmployerFilters, page_number=None, per_page: int = 50) -> Page:
    """One page of employers; employer data is business data, so a list is not access-logged."""
    qs = employer_search(user=user, region=region, filters=filters)
    return Paginator(qs, per_page).get_page(page_number)


def employer_get(*, user, region, employer_uuid) -> Employer:
    """One employer the user may see in the region; anything else (another region or employer) is 404."""
    try:
        return (
            employer_queryset(user=user, region=region)
            .annotate(last_contact_at=_last_contact_subquery())
            .get(uuid=employer_uuid)
        )
    except (Employer.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    except PermissionDenied as exc:
        raise Http404 from exc


def contact_history(*, user, region, employer: Employer, request=None, context: str) -> list[ContactMoment]:
    """The contact moments of an employer, newest first; access-logged. Employer users may not read it."""
    if employer.organisation.region_id != region.pk:
        raise Http404
    if not employer_rule(user, region).contact_history:
        raise PermissionDenied
    moments = list(
        ContactMoment.objects.filter(employer=employer)
        .select_related("author", "corrects")
        .order_by("-occurred_at", "-id")
    )
    log_access(
        actor=user,
        action=AccessAction.READ,
        object_type=CONTACT_HISTORY_OBJECT_TYPE,
        object_uuid=employer.uuid,
        object_label=employer.organisation.name,
        context=context,
        region_code=region.code,
        request=request,
    )
    return moments


def may_read_contact_history(*, user, region) -> bool:
    return employer_rule(user, region).contact_history


@dataclass(frozen=True)
class EmployerCounts:
    total: int
    by_size_class: list[tuple[str, int]]
    with_account_manager: int


def employer_counts(*, user, region) -> EmployerCounts:
    """Totals for the region in one query, for everyone from COUNTS upwards (board members); never a name."""
    rule = employer_rule(user, region)
    if rule.scope < EmployerScope.COUNTS or rule.scope == EmployerScope.OWN:
        raise PermissionDenied
    aggregates = {
        f"size_{i}": Count("id", filter=Q(size_class=value)) for i, value in enumerate(SizeClass.values)
    }
    totals = Employer.objects.filter(organisation__region=region).aggregate(
        total=Count("id"),
        with_account_manager=Count("id", filter=Q(account_manager__isnull=False)),
        **aggregates,
    )
    return EmployerCounts(
        total=totals["total"],
        by_size_class=[(label, totals[f"size_{i}"]) for i, (_, label) in enumerate(SizeClass.choices)],
        with_account_manager=totals["with_account_manager"],
    )


def sector_divisions() -> QuerySet[Sector]:
    """The SBI 2008 divisions offered when choosing an employer's sector."""
    return Sector.objects.filter(classification=SectorClassification.SBI_2008, level="afdeling").order_by(
        "code"
    )


def sector_sections() -> QuerySet[Sector]:
    return Sector.objects.filter(classification=SectorClassification.SBI_2008, level="sectie").order_by(
        "code"
    )


def account_managers(*, region) -> QuerySet[User]:
    """Users who hold the account-manager role in the region (candidates for the account-manager field)."""
    return (
        User.objects.filter(
            role_assignments__role=Role.ACCOUNT_MANAGER, role_assignments__region=region, is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
