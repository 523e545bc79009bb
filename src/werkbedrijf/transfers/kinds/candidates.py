"""Candidates: import by consultants and instrument officers (the rows become candidates of their own
organisation), export of what the candidate list shows.

A BSN that is already in the pool updates that candidate when the user may change it (own organisation, same
region); otherwise the row is an error. Export: own organisation's candidates in full, other partners'
candidates pseudonymised (the pseudonym, PC4, age band and the work profile; never BSN, name, birth date,
address or contact details), exactly the rows the list shows with the same filters. A pseudonymised row
read back by an import is skipped with a notice, so an export can be re-imported as it is.
"""

import copy
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.nl import bsn as bsn_check

from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, max_candidate_visibility
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates import selectors as candidate_selectors
from werkbedrijf.candidates import services as candidate_services
from werkbedrijf.candidates.forms import CandidateFilterForm
from werkbedrijf.candidates.models import (
    AbilityLevel,
    AbilityRubric,
    Candidate,
    CandidateStatus,
    EducationLevel,
    FunctionalAbility,
    Gender,
    OwnTransport,
    RegisterGround,
    TargetGroup,
)
from werkbedrijf.employers.models import normalise_postcode
from werkbedrijf.regions.models import Municipality, Occupation, Sector, SectorClassification

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
    split_list,
    text,
    yes_no,
)

ABILITY_HEADERS = {
    AbilityRubric.PERSONAL_FUNCTIONING: "Niveau persoonlijk functioneren",
    AbilityRubric.SOCIAL_FUNCTIONING: "Niveau sociaal functioneren",
    AbilityRubric.PHYSICAL_ENVIRONMENT: "Niveau fysieke omgeving",
    AbilityRubric.DYNAMIC_ACTIONS: "Niveau dynamische handelingen",
    AbilityRubric.STATIC_POSTURES: "Niveau statische houdingen",
    AbilityRubric.WORKING_HOURS: "Niveau werktijden",
}
FOREIGN_KEYS = ("municipality", "consultant", "region", "responsible_organisation")


def ability_key(rubric: str) -> str:
    return f"ability_{rubric}"


def parse_bsn(raw: str, ctx) -> str:
    digits = raw.replace(" ", "").replace(".", "").replace("-", "")
    if digits.isdigit() and len(digits) in (7, 8):
        digits = digits.zfill(9)  # Excel drops leading zeros of numbers
    if not bsn_check.is_valid(digits):
        raise CellError(_("This is not a valid BSN (9 digits that pass the 11-check)."))
    return digits


def parse_email(raw: str, ctx) -> str:
    if not raw:
        return ""
    try:
        validate_email(raw)
    except ValidationError:
        raise CellError(_("Not a valid e-mail address.")) from None
    return raw


def parse_postcode(raw: str, ctx) -> str:
    if not raw:
        return ""
    normalised = normalise_postcode(raw)
    if normalised is None:
        raise CellError(_("Not a Dutch postcode; write it as 1012 AB."))
    return normalised


def parse_municipality(raw: str, ctx) -> Municipality | None:
    if not raw:
        return None
    key = raw.strip().casefold()
    if key.isdigit():
        key = f"gm{int(key):04d}"
    found = ctx.municipalities.get(key)
    if found is None:
        raise CellError(
            _("Unknown municipality in this region: give the CBS code (e.g. GM0363) or the exact name.")
        )
    if found == "ambiguous":
        raise CellError(_("More than one municipality has this name: give the CBS code (e.g. GM0363)."))
    return found


def parse_consultant(raw: str, ctx):
    if not raw:
        return None
    found = ctx.consultants.get(raw.casefold())
    if found is None:
        raise CellError(_("No active user of your organisation has this user name or e-mail address."))
    return found


def parse_occupations(raw: str, ctx) -> list[Occupation]:
    result = []
    for code in split_list(raw):
        key = code.casefold()
        found = ctx.occupations.get(key)
        if found is None and key.isdigit() and len(key) == 4:
            in_group = ctx.occupations_by_isco.get(key, [])
            if len(in_group) == 1:
                found = in_group[0]
            elif in_group:
                raise CellError(
                    _("ISCO code %(code)s covers %(count)s occupations: give their ESCO codes instead.")
                    % {"code": code, "count": len(in_group)}
                )
        if found is None:
            raise CellError(
                _("Unknown occupation code %(code)s: use ESCO codes such as 5120.1.") % {"code": code}
            )
        if found not in result:
            result.append(found)
    return result


def parse_sections(raw: str, ctx) -> list[Sector]:
    result = []
    for letter in split_list(raw):
        found = ctx.sections.get(letter.upper())
        if found is None:
            raise CellError(_("Unknown SBI section %(code)s: use the letters A to U.") % {"code": letter})
        if found not in result:
            result.append(found)
    return result


def parse_level(raw: str, ctx) -> int | None:
    if not raw:
        return None
    value = raw.strip()
    # "2" or the label as exported by the interface ("2 – slightly limited: …")
    if value[:1].isdigit() and not value[1:2].isdigit() and int(value[:1]) in AbilityLevel.values:
        return int(value[:1])
    raise CellError(_("Give a level from 1 (no limitation) to 4 (severely limited)."))


COLUMNS: tuple[Column, ...] = (
    Column("pseudonym", "Pseudoniem", gettext_lazy("Export only."), export_only=True),
    Column("bsn", "BSN", gettext_lazy("9 digits that pass the 11-check."), parse_bsn, required=True),
    Column("first_name", "Voornaam", gettext_lazy("First name."), text(100), required=True),
    Column("last_name_prefix", "Tussenvoegsel", gettext_lazy("e.g. van der."), text(20)),
    Column("last_name", "Achternaam", gettext_lazy("Last name."), text(100), required=True),
    Column(
        "date_of_birth",
        "Geboortedatum",
        gettext_lazy("dd-mm-jjjj, e.g. 17-05-1990 (2 May 1990 may also be written 1990-05-02)."),
        parse_date,
        required=True,
    ),
    Column(
        "gender",
        "Geslacht",
        gettext_lazy(
            "As the person states it: vrouw, man or anders (by name or code); empty: not recorded. "
            "Used for the fairness reports only."
        ),
        choice(lambda: Gender.choices),
        choices=lambda: Gender.choices,
    ),  # fmt: skip
    Column("email", "E-mail", gettext_lazy("E-mail address."), parse_email),
    Column("phone", "Telefoon", gettext_lazy("Phone number."), text(20)),
    Column("postcode", "Postcode", gettext_lazy("e.g. 1012 AB or 1012ab."), parse_postcode, required=True),
    Column(
        "municipality",
        "Gemeente",
        gettext_lazy("Municipality of residence in this region: CBS code (GM0363) or name."),
        parse_municipality,
        required=True,
    ),
    Column(
        "consultant",
        "Consulent",
        gettext_lazy("User name or e-mail address of a colleague in your organisation."),
        parse_consultant,
    ),
    Column(
        "target_group",
        "Doelgroep",
        gettext_lazy("One of the target groups, by name or code."),
        choice(lambda: TargetGroup.choices),
        choices=lambda: TargetGroup.choices,
        required=True,
    ),
    Column(
        "register_ground",
        "Registergrond",
        gettext_lazy("Ground of registration in the target-group register; empty: not in the register."),
        choice(lambda: RegisterGround.choices, blank=RegisterGround.NONE),
        choices=lambda: RegisterGround.choices,
    ),
    Column("registered_from", "Geregistreerd vanaf", gettext_lazy("dd-mm-jjjj."), parse_date),
    Column(
        "registered_until",
        "Geregistreerd tot en met",
        gettext_lazy("dd-mm-jjjj; empty if not known."),
        parse_date,
    ),
    Column("hours_per_day", "Uren per dag", gettext_lazy("1 to 12."), integer(1, 12)),
    Column("needs_job_coach", "Jobcoach nodig", gettext_lazy("ja or nee."), boolean),
    Column("needs_workplace_adaptation", "Werkplekaanpassing nodig", gettext_lazy("ja or nee."), boolean),
    Column("needs_transport_support", "Vervoersondersteuning nodig", gettext_lazy("ja or nee."), boolean),
    Column(
        "education_level",
        "Opleidingsniveau",
        gettext_lazy("One of the education levels, by name or code."),
        choice(lambda: EducationLevel.choices),
        choices=lambda: EducationLevel.choices,
    ),
    Column("skills", "Vaardigheden", gettext_lazy("Free text."), text(5000)),
    Column("languages", "Talen", gettext_lazy("e.g. Nederlands, Engels."), text(200)),
    Column("driving_licence", "Rijbewijs B", gettext_lazy("ja or nee."), boolean),
    Column(
        "own_transport",
        "Eigen vervoer",
        gettext_lazy("One of the kinds of transport, by name or code."),
        choice(lambda: OwnTransport.choices),
        choices=lambda: OwnTransport.choices,
    ),
    Column("max_travel_km", "Maximale reisafstand (km)", gettext_lazy("0 to 200."), integer(0, 200)),
    Column("hours_per_week_min", "Minimaal uren per week", gettext_lazy("0 to 40."), integer(0, 40)),
    Column("hours_per_week", "Maximaal uren per week", gettext_lazy("0 to 40."), integer(0, 40)),
    Column("available_from", "Beschikbaar vanaf", gettext_lazy("dd-mm-jjjj."), parse_date),
    Column(
        "desired_occupations",
        "Gewenste beroepen (ESCO-codes)",
        gettext_lazy(
            "ESCO codes separated by commas, e.g. 5120.1, 9412.1; an ISCO code if it has one occupation."
        ),
        parse_occupations,
    ),
    Column(
        "sectors",
        "Sectoren (SBI-secties)",
        gettext_lazy("SBI 2008 section letters separated by commas, e.g. G, I."),
        parse_sections,
    ),
    *(
        Column(
            ability_key(rubric),
            ABILITY_HEADERS[rubric],
            gettext_lazy(
                "Functional ability: 1 (no limitation) to 4 (severely limited); empty: not assessed."
            ),
            parse_level,
        )
        for rubric in AbilityRubric.values
    ),
    Column("age_band", "Leeftijdsklasse", gettext_lazy("Export only."), export_only=True),
    Column("status", "Status", gettext_lazy("Export only."), export_only=True),
)

PROFILE_FIELDS = tuple(
    name for name in candidate_services.EDITABLE_FIELDS if name in {c.key for c in COLUMNS}
)
M2M_FIELDS = tuple(name for name in candidate_services.M2M_FIELDS if name in {c.key for c in COLUMNS})


class _Context:
    def __init__(self, user, region):
        self.municipalities: dict[str, Any] = {}
        for municipality in Municipality.objects.filter(memberships__region=region).distinct():
            self.municipalities[municipality.code.casefold()] = municipality
            name = municipality.name.casefold()
            current = self.municipalities.get(name)
            self.municipalities[name] = "ambiguous" if current not in (None, municipality) else municipality
        self.consultants: dict[str, Any] = {}
        for consultant in candidate_selectors.consultant_choices(organisation_id=user.organisation_id):
            self.consultants[consultant.username.casefold()] = consultant
            if consultant.email:
                self.consultants.setdefault(consultant.email.casefold(), consultant)
        self.occupations: dict[str, Occupation] = {}
        self.occupations_by_isco: dict[str, list[Occupation]] = {}
        for occupation in Occupation.objects.select_related("group").only(
            "pk", "uuid", "esco_code", "esco_uri", "group__code", "name_nl"
        ):
            self.occupations[occupation.esco_code.casefold()] = occupation
            self.occupations[occupation.esco_uri.casefold()] = occupation
            self.occupations_by_isco.setdefault(occupation.group.code, []).append(occupation)
        self.sections = {
            s.code: s
            for s in Sector.objects.filter(classification=SectorClassification.SBI_2008, level="sectie")
        }


def _changes(row: ParsedRow) -> dict[str, Any]:
    return {k: v for k, v in row.values.items() if k in PROFILE_FIELDS or k in M2M_FIELDS}


def _abilities(row: ParsedRow) -> dict[str, int | None]:
    return {
        rubric: row.values[ability_key(rubric)]
        for rubric in AbilityRubric.values
        if ability_key(rubric) in row.values
    }


def _differs(candidate: Candidate, name: str, value: Any) -> bool:
    if name in ("municipality", "consultant"):
        return getattr(candidate, f"{name}_id") != (value.pk if value is not None else None)
    if name in M2M_FIELDS:
        return {o.pk for o in getattr(candidate, name).all()} != {o.pk for o in value}
    return getattr(candidate, name) != value


class CandidateKind(Kind):
    code = "candidates"
    label = gettext_lazy("Candidates")
    sheet_names = ("Kandidaten", "candidates")
    file_stem = "kandidaten"
    key = "bsn"
    columns = COLUMNS
    position = 10

    def may_import(self, user, region) -> bool:
        return candidate_visibility(user, region, user.organisation_id) == Visibility.FULL

    def may_export(self, user, region) -> bool:
        return max_candidate_visibility(user, region) >= Visibility.PSEUDONYMISED

    def prepare(self, user, region):
        return _Context(user, region)

    def skip_reason(self, row: ParsedRow) -> str | None:
        if row.values.get("pseudonym") and not row.values.get("bsn"):
            return _("A pseudonymised profile of another organisation (from an export) is not imported.")
        return None

    def _existing(self, rows: list[ParsedRow]) -> dict[str, Candidate]:
        bsns = [row.values["bsn"] for row in rows]
        return {
            c.bsn: c
            for c in Candidate.objects.filter(bsn__in=bsns).prefetch_related(
                "desired_occupations", "sectors", Prefetch("abilities", FunctionalAbility.objects.all())
            )
        }

    def check_rows(self, rows, ctx, *, user, region) -> None:
        existing = self._existing(rows)
        refused = {
            bsn
            for bsn, current in existing.items()
            if not candidate_services.may_write(user, region, current)
        }
        if refused:
            # BSNs are unique nationwide, so the report tells the uploader that these people are registered
            # elsewhere: that is recorded, like a search.
            log_access(
                actor=user,
                action=AccessAction.SEARCH,
                object_type="candidate",
                context="Import kandidaten: BSN bestaat bij een kandidaat die de gebruiker niet mag wijzigen",
                subject_uuids=[existing[bsn].uuid for bsn in sorted(refused)],
                region_code=region.code,
            )
        for row in rows:
            current = existing.get(row.values["bsn"])
            if row.values["bsn"] in refused:
                row.errors.append(
                    (
                        "bsn",
                        _(
                            "A candidate with this BSN is registered by another organisation or in another "
                            "region; you may not change it."
                        ),
                    )
                )
                continue
            if current is not None:
                candidate = copy.copy(current)
            else:
                candidate = Candidate(region=region, responsible_organisation=user.organisation)
            for name in PROFILE_FIELDS:
                if name in row.values:
                    setattr(candidate, name, row.values[name])
            try:
                # The foreign keys come from this job's lookups, and clean() checks what the check
                # constraints check, without a query per row; the service validates all of it again.
                candidate.full_clean(
                    exclude=[*FOREIGN_KEYS, *M2M_FIELDS], validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    key = name if name in row.values else ""
                    row.errors.extend((key, message) for message in messages)

    def load_existing(self, rows, ctx, *, user, region) -> dict[int, Candidate]:
        existing = self._existing(rows)
        return {row.number: existing[row.values["bsn"]] for row in rows if row.values["bsn"] in existing}

    def write_row(self, row, current, ctx, *, user, region) -> str:
        changes = _changes(row)
        abilities = _abilities(row)
        if current is None:
            candidate = candidate_services.candidate_create(user=user, region=region, **changes)
            if any(level is not None for level in abilities.values()):
                candidate_services.functional_abilities_set(
                    user=user,
                    region=region,
                    candidate=candidate,
                    abilities=[(rubric, level, "") for rubric, level in abilities.items()],
                )
            return "created"
        changed = {name: value for name, value in changes.items() if _differs(current, name, value)}
        if changed:
            candidate_services.candidate_update(user=user, region=region, candidate=current, changes=changed)
        notes = {a.rubric: (a.level, a.note) for a in current.abilities.all()}
        changed_abilities = [
            (rubric, level, notes.get(rubric, (None, ""))[1])
            for rubric, level in abilities.items()
            if notes.get(rubric, (None, ""))[0] != level
        ]
        if changed_abilities:
            candidate_services.functional_abilities_set(
                user=user, region=region, candidate=current, abilities=changed_abilities
            )
        return "updated" if changed or changed_abilities else "unchanged"

    # Export

    def export(self, *, user, region, params: Mapping[str, str], request, context: str) -> ExportData:
        form = CandidateFilterForm(params or None)
        filters = form.cleaned_data if form.is_valid() else {}
        queryset = candidate_selectors.candidate_queryset(
            user=user,
            region=region,
            own_only=bool(filters.get("eigen")),
            status=filters.get("status", ""),
            target_group=filters.get("doelgroep", ""),
            freshness=filters.get("actualiteit", ""),
            search=filters.get("q", ""),
        )
        visibility: dict[int, Visibility] = {}

        def visibility_of(organisation_id: int) -> Visibility:
            if organisation_id not in visibility:
                visibility[organisation_id] = candidate_visibility(user, region, organisation_id)
            return visibility[organisation_id]

        full = [
            uuid
            for uuid, organisation_id in queryset.values_list("uuid", "responsible_organisation_id")
            if visibility_of(organisation_id) == Visibility.FULL
        ]
        log_access(
            actor=user,
            action=AccessAction.EXPORT,
            object_type="candidate",
            context=context,
            subject_uuids=full,
            region_code=region.code,
            request=request,
        )
        cutoff = candidate_selectors.stale_before(region)
        rows_qs = queryset.select_related("consultant").prefetch_related("sectors")

        def rows():
            for candidate in rows_qs.iterator(chunk_size=1000):
                if visibility_of(candidate.responsible_organisation_id) == Visibility.FULL:
                    yield self._full_row(candidate, cutoff)
                else:
                    profile = candidate_selectors.candidate_profile(
                        user=user, region=region, candidate=candidate, cutoff=cutoff
                    )
                    yield self._pseudonymised_row(candidate, profile)

        return ExportData(header=[c.header for c in COLUMNS], rows=rows(), file_stem=self.file_stem)

    def _full_row(self, c: Candidate, cutoff) -> list[str]:
        levels = {a.rubric: str(a.level) for a in c.abilities.all()}
        values = {
            "bsn": c.bsn,
            "first_name": c.first_name,
            "last_name_prefix": c.last_name_prefix,
            "last_name": c.last_name,
            "date_of_birth": format_date(c.date_of_birth),
            "gender": choice_label(Gender.choices, c.gender) if c.gender else "",
            "email": c.email,
            "phone": c.phone,
            "postcode": c.postcode,
            "municipality": c.municipality.code,
            "consultant": c.consultant.username if c.consultant_id else "",
            "target_group": choice_label(TargetGroup.choices, c.target_group),
            "register_ground": ""
            if c.register_ground == RegisterGround.NONE
            else choice_label(RegisterGround.choices, c.register_ground),
            "registered_from": format_date(c.registered_from),
            "registered_until": format_date(c.registered_until),
            "hours_per_day": _number(c.hours_per_day),
            "needs_job_coach": yes_no(c.needs_job_coach),
            "needs_workplace_adaptation": yes_no(c.needs_workplace_adaptation),
            "needs_transport_support": yes_no(c.needs_transport_support),
            "education_level": choice_label(EducationLevel.choices, c.education_level)
            if c.education_level
            else "",
            "skills": c.skills,
            "languages": c.languages,
            "driving_licence": yes_no(c.driving_licence),
            "own_transport": choice_label(OwnTransport.choices, c.own_transport) if c.own_transport else "",
            "max_travel_km": _number(c.max_travel_km),
            "hours_per_week_min": _number(c.hours_per_week_min),
            "hours_per_week": _number(c.hours_per_week),
            "available_from": format_date(c.available_from),
            "desired_occupations": ", ".join(o.esco_code for o in c.desired_occupations.all()),
            "sectors": ", ".join(sorted(s.code for s in c.sectors.all())),
            **{ability_key(r): levels.get(r, "") for r in AbilityRubric.values},
            "age_band": candidate_selectors.age_band(c.date_of_birth, _today()),
            "status": choice_label(CandidateStatus.choices, c.status),
        }
        return [values.get(column.key, "") for column in COLUMNS]

    def _pseudonymised_row(self, c: Candidate, profile) -> list[str]:
        levels = {a.rubric: str(a.level) for a in profile.abilities}
        values = {
            "pseudonym": profile.label,
            "postcode": profile.pc4,
            "municipality": c.municipality.code,
            "target_group": choice_label(TargetGroup.choices, profile.target_group),
            "education_level": choice_label(EducationLevel.choices, profile.education_level)
            if profile.education_level
            else "",
            "hours_per_week_min": _number(profile.hours_per_week_min),
            "hours_per_week": _number(profile.hours_per_week),
            "available_from": format_date(profile.available_from),
            "desired_occupations": ", ".join(o.esco_code for o in c.desired_occupations.all()),
            **{ability_key(r): levels.get(r, "") for r in AbilityRubric.values},
            "age_band": profile.age_band,
            "status": choice_label(CandidateStatus.choices, profile.status),
        }
        return [values.get(column.key, "") for column in COLUMNS]


def _number(value) -> str:
    return "" if value is None else str(value)


def _today():
    from django.utils import timezone

    return timezone.localdate()


KIND = CandidateKind()
