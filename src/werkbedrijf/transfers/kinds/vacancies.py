"""Vacancies: import by account managers through the vacancies' services (new vacancies are drafts), export of
what the vacancy list shows (an employer user: only its own employer's).

A row names its employer by KvK number (an employer of the region) and its occupation by ESCO code or by its
Dutch name. A row with a Vacature-ID (as an export writes it) updates that vacancy; a row without one
updates the one current vacancy (draft, open or on hold) of the employer with the same job title, and
otherwise creates a new vacancy. So importing the same file twice, or an export, never doubles a vacancy;
when the employer has more than one current vacancy with that title, the row is an error that asks for the
Vacature-ID.
"""

import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.employers.models import Employer
from werkbedrijf.regions.models import Occupation
from werkbedrijf.regions.selectors import search_occupations
from werkbedrijf.vacancies import selectors as vacancy_selectors
from werkbedrijf.vacancies import services as vacancy_services
from werkbedrijf.vacancies.forms import VacancyFilterForm
from werkbedrijf.vacancies.models import (
    MAX_VACANCY_HOURS,
    MIN_VACANCY_HOURS,
    Vacancy,
    VacancyDemand,
    VacancyKind,
    VacancyStatus,
)
from werkbedrijf.vacancies.permissions import VacancyScope, vacancy_rule

from .base import (
    CellError,
    Column,
    ExportData,
    Kind,
    ParsedRow,
    boolean,
    choice,
    choice_label,
    format_date,
    integer,
    parse_date,
    text,
    yes_no,
)
from .employers import parse_kvk

CURRENT_STATUSES = (VacancyStatus.DRAFT, VacancyStatus.OPEN, VacancyStatus.ON_HOLD)

DEMAND_HEADERS = {
    AbilityRubric.PERSONAL_FUNCTIONING: "Eis persoonlijk functioneren",
    AbilityRubric.SOCIAL_FUNCTIONING: "Eis sociaal functioneren",
    AbilityRubric.PHYSICAL_ENVIRONMENT: "Eis fysieke omgeving",
    AbilityRubric.DYNAMIC_ACTIONS: "Eis dynamische handelingen",
    AbilityRubric.STATIC_POSTURES: "Eis statische houdingen",
    AbilityRubric.WORKING_HOURS: "Eis werktijden",
}
SUPPORT_HEADERS = {
    "support_job_coach": "Jobcoach op de werkplek",
    "support_workplace_adaptation": "Werkplekaanpassing",
    "support_buddy": "Buddy of mentor",
    "support_flexible_hours": "Flexibele werktijden",
    "support_transport": "Hulp bij vervoer",
}
HUNDREDTH = Decimal("0.01")


def demand_key(rubric: str) -> str:
    return f"demand_{rubric}"


def parse_uuid(raw: str, ctx) -> uuid.UUID | None:
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise CellError(_("Not a Vacature-ID: copy it from an export, or leave the cell empty.")) from None


def parse_employer(raw: str, ctx) -> Employer:
    number = parse_kvk(raw, ctx)
    found = ctx.employers.get(number)
    if found is None:
        raise CellError(_("No employer in this region has this KvK number. Add the employer first."))
    return found


def parse_occupation(raw: str, ctx) -> Occupation:
    key = raw.strip().casefold()
    found = ctx.occupations.get(key)
    if found is None:
        found = ctx.names.get(key)
    if found == "ambiguous":
        raise CellError(_("More than one occupation has this name: give its ESCO code (e.g. 5120.1)."))
    if found is None:
        matches = search_occupations(raw, limit=2)
        if len(matches) == 1:
            found = matches[0]
    if found is None:
        raise CellError(
            _(
                "Unknown occupation: give its ESCO code (e.g. 5120.1) or its exact Dutch name, as the "
                "occupation search on the vacancy form shows it."
            )
        )
    return found


def parse_hours(raw: str, ctx) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise CellError(_("Not a number of hours, e.g. 24 or 12,5.")) from None
    if not value.is_finite() or value != value.quantize(HUNDREDTH):
        raise CellError(_("Enter hours with at most two decimals, e.g. 12.5."))
    if not MIN_VACANCY_HOURS <= value <= MAX_VACANCY_HOURS:
        raise CellError(
            _("Enter from %(low)s to %(high)s hours a week.")
            % {"low": MIN_VACANCY_HOURS, "high": MAX_VACANCY_HOURS}
        )
    return value


def parse_demand(raw: str, ctx) -> int | None:
    if not raw:
        return None
    value = raw.strip()
    # "2" or the label as the interface shows it ("2 – a slight limitation can be accommodated")
    if value[:1] in "1234" and not value[1:2].isdigit():
        return int(value[:1])
    raise CellError(_("Give a level from 1 to 4, or leave the cell empty for no special demand."))


def format_hours(value: Decimal) -> str:
    text_value = f"{value.normalize():f}"
    return text_value.replace(".", ",")


COLUMNS: tuple[Column, ...] = (
    Column(
        "uuid",
        "Vacature-ID",
        gettext_lazy("Empty for a new vacancy; the ID from an export updates that vacancy."),
        parse_uuid,
    ),
    Column(
        "employer",
        "KvK-nummer werkgever",
        gettext_lazy("KvK number of an employer in this region (8 digits)."),
        parse_employer,
        required=True,
    ),
    Column("employer_name", "Werkgever", gettext_lazy("Export only."), export_only=True),
    Column("title", "Functietitel", gettext_lazy("The job title."), text(200), required=True),
    Column(
        "occupation",
        "Beroep (ESCO)",
        gettext_lazy("ESCO code (e.g. 5120.1) or the exact Dutch name of the occupation."),
        parse_occupation,
        required=True,
    ),
    Column("occupation_name", "Beroepsnaam", gettext_lazy("Export only."), export_only=True),
    Column("tasks", "Taken", gettext_lazy("What the job consists of."), text(5000), required=True),
    Column("skills", "Vaardigheden", gettext_lazy("Skills asked for, separated by commas."), text(2000)),
    Column(
        "hours_per_week",
        "Uren per week",
        gettext_lazy("1 to 40, at most two decimals (12,5)."),
        parse_hours,
        required=True,
    ),
    Column(
        "kind",
        "Soort baan",
        gettext_lazy("One of the kinds of job, by name or code; empty: regular job."),
        choice(lambda: VacancyKind.choices, blank=VacancyKind.REGULAR),
        choices=lambda: VacancyKind.choices,
    ),
    Column("wage_scale", "Loonschaal", gettext_lazy("e.g. cao Schoonmaak, schaal 2"), text(200)),
    Column("start_date", "Startdatum", gettext_lazy("dd-mm-jjjj; empty if not known."), parse_date),
    Column(
        "number_of_positions",
        "Aantal plaatsen",
        gettext_lazy("1 to 1000; empty: 1."),
        integer(1, vacancy_services.MAX_POSITIONS),
    ),
    *(Column(name, header, gettext_lazy("ja or nee."), boolean) for name, header in SUPPORT_HEADERS.items()),
    Column("support_other", "Andere ondersteuning", gettext_lazy("Free text."), text(300)),
    *(
        Column(
            demand_key(rubric),
            DEMAND_HEADERS[rubric],
            gettext_lazy(
                "The greatest limitation the job can accommodate: 1 (none) to 4 (severe); empty: no "
                "special demand."
            ),
            parse_demand,
        )
        for rubric in AbilityRubric.values
    ),
    Column(
        "status",
        "Status",
        gettext_lazy("Export only; an imported vacancy starts as a draft."),
        export_only=True,
    ),
)
FIELDS = tuple(
    name
    for name in vacancy_services.VACANCY_FIELDS
    if name in {c.key for c in COLUMNS} and name != "location"
)


class _Context:
    def __init__(self, region):
        self.employers = {
            e.organisation.kvk_number: e
            for e in Employer.objects.filter(organisation__region=region).select_related("organisation")
        }
        self.occupations: dict[str, Occupation] = {}
        self.names: dict[str, Any] = {}
        for occupation in Occupation.objects.only("pk", "uuid", "esco_code", "esco_uri", "name_nl"):
            self.occupations[occupation.esco_code.casefold()] = occupation
            self.occupations[occupation.esco_uri.casefold()] = occupation
            name = occupation.name_nl.casefold()
            current = self.names.get(name)
            self.names[name] = "ambiguous" if current not in (None, occupation) else occupation
        self.claimed: dict[int, int] = {}  # vacancy pk → the row that updates it


def _demands(row: ParsedRow) -> dict[str, int | None]:
    return {
        rubric: row.values[demand_key(rubric)]
        for rubric in AbilityRubric.values
        if demand_key(rubric) in row.values
    }


def _values(row: ParsedRow) -> dict[str, Any]:
    values = {name: row.values[name] for name in FIELDS if name in row.values}
    if "number_of_positions" in values and values["number_of_positions"] is None:
        values["number_of_positions"] = 1
    return values


def _current(vacancy: Vacancy, name: str):
    return vacancy.occupation_id if name == "occupation" else getattr(vacancy, name)


def _comparable(name: str, value):
    return value.pk if name == "occupation" else value


class VacancyKindDefinition(Kind):
    code = "vacancies"
    label = gettext_lazy("Vacancies")
    sheet_names = ("Vacatures", "vacancies")
    file_stem = "vacatures"
    key = "uuid"
    columns = COLUMNS
    position = 30

    def may_import(self, user, region) -> bool:
        return vacancy_rule(user, region).edit

    def may_export(self, user, region) -> bool:
        return vacancy_rule(user, region).scope >= VacancyScope.OWN

    def prepare(self, user, region):
        return _Context(region)

    def duplicate_key(self, row: ParsedRow) -> tuple[str, Any] | None:
        if row.values.get("uuid"):
            return ("uuid", row.values["uuid"])
        employer, title = row.values.get("employer"), row.values.get("title")
        if employer is None or not title:
            return None
        return ("title", (employer.pk, title.casefold()))

    def duplicate_message(self, first_row: int) -> str:
        return _(
            "Row %(row)s has the same vacancy (the same Vacature-ID, or the same employer and job title)."
        ) % {"row": first_row}

    def _resolve(self, rows: list[ParsedRow], region) -> dict[int, Vacancy | tuple[str, str]]:
        """Per row number: the vacancy it updates, or (column key, error); rows that create are left out."""
        queryset = Vacancy.objects.filter(region=region).prefetch_related(
            Prefetch("demands", VacancyDemand.objects.all())
        )
        ids = [row.values["uuid"] for row in rows if row.values.get("uuid")]
        by_uuid = {v.uuid: v for v in queryset.filter(uuid__in=ids)} if ids else {}
        pairs = [row for row in rows if not row.values.get("uuid")]
        by_title: dict[tuple[int, str], list[Vacancy]] = {}
        if pairs:
            employers = {row.values["employer"].pk for row in pairs}
            titles = {row.values["title"].casefold() for row in pairs}
            for vacancy in queryset.filter(employer_id__in=employers, status__in=CURRENT_STATUSES):
                if vacancy.title.casefold() in titles:
                    by_title.setdefault((vacancy.employer_id, vacancy.title.casefold()), []).append(vacancy)
        result: dict[int, Vacancy | tuple[str, str]] = {}
        for row in rows:
            if row.values.get("uuid"):
                vacancy = by_uuid.get(row.values["uuid"])
                if vacancy is None:
                    result[row.number] = ("uuid", _("No vacancy in this region has this Vacature-ID."))
                elif vacancy.employer_id != row.values["employer"].pk:
                    result[row.number] = (
                        "employer",
                        _(
                            "This vacancy belongs to another employer; a vacancy cannot move to another "
                            "employer."
                        ),
                    )
                else:
                    result[row.number] = vacancy
                continue
            matches = by_title.get((row.values["employer"].pk, row.values["title"].casefold()), [])
            if len(matches) == 1:
                result[row.number] = matches[0]
            elif matches:
                result[row.number] = (
                    "title",
                    _(
                        "This employer has more than one current vacancy with this job title: give the "
                        "Vacature-ID (from an export) of the one to update."
                    ),
                )
        return result

    def check_rows(self, rows, ctx, *, user, region) -> None:
        resolved = self._resolve(rows, region)
        for row in rows:
            found = resolved.get(row.number)
            if isinstance(found, tuple):
                row.errors.append(found)
            elif found is not None:
                first = ctx.claimed.setdefault(found.pk, row.number)
                if first != row.number:
                    row.errors.append(("", self.duplicate_message(first)))

    def load_existing(self, rows, ctx, *, user, region) -> dict[int, Vacancy]:
        return {number: v for number, v in self._resolve(rows, region).items() if isinstance(v, Vacancy)}

    def write_row(self, row, current, ctx, *, user, region) -> str:
        values = _values(row)
        demands = _demands(row)
        if current is None:
            vacancy_services.vacancy_create(
                user=user,
                region=region,
                employer=row.values["employer"],
                demands=[(rubric, level, "") for rubric, level in demands.items() if level is not None],
                **values,
            )
            return "created"
        changed = {k: v for k, v in values.items() if _current(current, k) != _comparable(k, v)}
        existing = {d.rubric: (d.level, d.note) for d in current.demands.all()}
        changed_demands = [
            (rubric, level, existing.get(rubric, (None, ""))[1])
            for rubric, level in demands.items()
            if existing.get(rubric, (None, ""))[0] != level
        ]
        if not changed and not changed_demands:
            return "unchanged"
        vacancy_services.vacancy_update(
            user=user,
            region=region,
            vacancy=current,
            demands=changed_demands if changed_demands else vacancy_services.UNCHANGED,
            **changed,
        )
        return "updated"

    def export(self, *, user, region, params: Mapping[str, str], request, context: str) -> ExportData:
        filters = (
            VacancyFilterForm(params, region=region).filters()
            if params
            else vacancy_selectors.VacancyFilters()
        )
        queryset = vacancy_selectors.vacancy_search(
            user=user, region=region, filters=filters
        ).prefetch_related("demands")
        log_access(
            actor=user,
            action=AccessAction.EXPORT,
            object_type="vacancy",
            context=context,
            region_code=region.code,
            request=request,
        )

        def rows():
            for v in queryset.iterator(chunk_size=1000):
                levels = {d.rubric: str(d.level) for d in v.demands.all()}
                values = {
                    "uuid": str(v.uuid),
                    "employer": v.employer.organisation.kvk_number,
                    "employer_name": v.employer.organisation.name,
                    "title": v.title,
                    "occupation": v.occupation.esco_code,
                    "occupation_name": v.occupation.name_nl,
                    "tasks": v.tasks,
                    "skills": v.skills,
                    "hours_per_week": format_hours(v.hours_per_week),
                    "kind": choice_label(VacancyKind.choices, v.kind),
                    "wage_scale": v.wage_scale,
                    "start_date": format_date(v.start_date),
                    "number_of_positions": str(v.number_of_positions),
                    **{name: yes_no(getattr(v, name)) for name in SUPPORT_HEADERS},
                    "support_other": v.support_other,
                    **{demand_key(r): levels.get(r, "") for r in AbilityRubric.values},
                    "status": choice_label(VacancyStatus.choices, v.status),
                }
                yield [values.get(column.key, "") for column in COLUMNS]

        return ExportData(header=[c.header for c in COLUMNS], rows=rows(), file_stem=self.file_stem)


KIND = VacancyKindDefinition()
