"""Employers: import by account managers (create, or update the employer with the same KvK number in the
region), export of what the employer list shows (an employer user: only its own employer)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbedrijf.accounts.models import Organisation, OrganisationKind
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.employers import selectors as employer_selectors
from werkbedrijf.employers import services as employer_services
from werkbedrijf.employers.forms import EmployerFilterForm
from werkbedrijf.employers.models import (
    EMPLOYER_SECTOR_LEVELS,
    Employer,
    SectorType,
    SizeClass,
    normalise_kvk_number,
    validate_kvk_number,
)
from werkbedrijf.employers.permissions import EmployerScope, employer_rule
from werkbedrijf.regions.models import Sector, SectorClassification

from .base import CellError, Column, ExportData, Kind, ParsedRow, choice, choice_label, integer, text


def parse_kvk(raw: str, ctx) -> str:
    number = normalise_kvk_number(raw)
    if number.isdigit() and len(number) == 7:
        number = number.zfill(8)  # Excel drops leading zeros of numbers
    try:
        validate_kvk_number(number)
    except Exception:  # noqa: BLE001 - django ValidationError; the message is ours
        raise CellError(_("A KvK number has exactly 8 digits.")) from None
    return number


def parse_sector(raw: str, ctx) -> Sector | None:
    if not raw:
        return None
    code = raw.replace(".", "").replace(" ", "")
    found = ctx.sectors.get(code)
    if found is None:
        raise CellError(
            _("Unknown SBI 2008 code: give a division (two digits, e.g. 62) or a more detailed code.")
        )
    return found


def parse_account_manager(raw: str, ctx):
    if not raw:
        return None
    found = ctx.account_managers.get(raw.casefold())
    if found is None:
        raise CellError(_("No account manager in this region has this user name or e-mail address."))
    return found


COLUMNS: tuple[Column, ...] = (
    Column("name", "Naam", gettext_lazy("The employer's name."), text(200), required=True),
    Column(
        "kvk_number",
        "KvK-nummer",
        gettext_lazy("8 digits; spaces and dots are allowed (1234 5678)."),
        parse_kvk,
        required=True,
    ),
    Column(
        "sector",
        "SBI-code",
        gettext_lazy("SBI 2008: a division (two digits, e.g. 62) or a more detailed code (62.01)."),
        parse_sector,
        required=True,
    ),
    Column("sector_name", "Sector", gettext_lazy("Export only."), export_only=True),
    Column(
        "size_class",
        "Grootteklasse",
        gettext_lazy("1-9, 10-49, 50-249 or 250+ employees."),
        choice(lambda: SizeClass.choices),
        choices=lambda: SizeClass.choices,
        required=True,
    ),
    Column(
        "sector_type",
        "Markt of overheid",
        gettext_lazy("Market sector or government sector; empty: market sector."),
        choice(lambda: SectorType.choices, blank=SectorType.MARKET),
        choices=lambda: SectorType.choices,
    ),
    Column(
        "yearly_paid_hours",
        "Verloonde uren per jaar",
        gettext_lazy("Total paid hours of all employees in a year."),
        integer(0, employer_services.MAX_YEARLY_PAID_HOURS),
    ),
    Column(
        "account_manager",
        "Accountmanager",
        gettext_lazy("User name or e-mail address of an account manager in this region."),
        parse_account_manager,
    ),
)
WRITABLE = (
    "name",
    "kvk_number",
    "sector",
    "size_class",
    "sector_type",
    "yearly_paid_hours",
    "account_manager",
)


class _Context:
    def __init__(self, region):
        self.sectors = {
            s.code: s
            for s in Sector.objects.filter(
                classification=SectorClassification.SBI_2008, level__in=EMPLOYER_SECTOR_LEVELS
            )
        }
        self.account_managers: dict[str, Any] = {}
        for manager in employer_selectors.account_managers(region=region):
            self.account_managers[manager.username.casefold()] = manager
            if manager.email:
                self.account_managers.setdefault(manager.email.casefold(), manager)


def _current(employer: Employer, name: str):
    if name in ("name", "kvk_number"):
        return getattr(employer.organisation, name)
    if name in ("sector", "account_manager"):
        return getattr(employer, f"{name}_id")
    return getattr(employer, name)


def _comparable(name: str, value):
    return value.pk if name in ("sector", "account_manager") and value is not None else value


class EmployerKind(Kind):
    code = "employers"
    label = gettext_lazy("Employers")
    sheet_names = ("Werkgevers", "employers")
    file_stem = "werkgevers"
    key = "kvk_number"
    columns = COLUMNS
    position = 20

    def may_import(self, user, region) -> bool:
        return employer_rule(user, region).edit

    def may_export(self, user, region) -> bool:
        return employer_rule(user, region).scope >= EmployerScope.OWN

    def prepare(self, user, region):
        return _Context(region)

    def _existing(self, rows: list[ParsedRow], region) -> dict[str, Organisation]:
        numbers = [row.values["kvk_number"] for row in rows]
        return {
            o.kvk_number: o
            for o in Organisation.objects.filter(
                kind=OrganisationKind.EMPLOYER, region=region, kvk_number__in=numbers
            ).select_related("employer", "employer__sector")
        }

    def check_rows(self, rows, ctx, *, user, region) -> None:
        existing = self._existing(rows, region)
        for row in rows:
            organisation = existing.get(row.values["kvk_number"])
            if organisation is not None and not hasattr(organisation, "employer"):
                row.errors.append(
                    (
                        "kvk_number",
                        _("This KvK number belongs to an organisation that is not an employer account."),
                    )
                )

    def load_existing(self, rows, ctx, *, user, region) -> dict[int, Employer]:
        existing = self._existing(rows, region)
        return {
            row.number: existing[row.values["kvk_number"]].employer
            for row in rows
            if row.values["kvk_number"] in existing
        }

    def write_row(self, row, current, ctx, *, user, region) -> str:
        values = {k: v for k, v in row.values.items() if k in WRITABLE}
        if current is None:
            employer_services.employer_create(user=user, region=region, **values)
            return "created"
        changed = {k: v for k, v in values.items() if _current(current, k) != _comparable(k, v)}
        if not changed:
            return "unchanged"
        employer_services.employer_update(user=user, region=region, employer=current, **changed)
        return "updated"

    def export(self, *, user, region, params: Mapping[str, str], request, context: str) -> ExportData:
        filters = (
            EmployerFilterForm(params, region=region).filters()
            if params
            else employer_selectors.EmployerFilters()
        )
        queryset = employer_selectors.employer_search(user=user, region=region, filters=filters)
        log_access(
            actor=user,
            action=AccessAction.EXPORT,
            object_type="employer",
            context=context,
            region_code=region.code,
            request=request,
        )

        def rows():
            for e in queryset.iterator(chunk_size=1000):
                values = {
                    "name": e.organisation.name,
                    "kvk_number": e.organisation.kvk_number,
                    "sector": e.sector.code,
                    "sector_name": e.sector.name_nl,
                    "size_class": e.size_class,
                    "sector_type": choice_label(SectorType.choices, e.sector_type),
                    "yearly_paid_hours": "" if e.yearly_paid_hours is None else str(e.yearly_paid_hours),
                    "account_manager": e.account_manager.username if e.account_manager_id else "",
                }
                yield [values.get(column.key, "") for column in COLUMNS]

        return ExportData(header=[c.header for c in COLUMNS], rows=rows(), file_stem=self.file_stem)


KIND = EmployerKind()
