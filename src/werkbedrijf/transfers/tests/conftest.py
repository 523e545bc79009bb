import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
    synthetic_bsn,
)
from werkbedrijf.candidates.tests.factories import place_in_region
from werkbedrijf.employers.tests.factories import EmployerFactory, EmployerOrganisationFactory, sbi_division
from werkbedrijf.regions.models import Occupation, OccupationGroup, Sector, SectorClassification
from werkbedrijf.transfers import services
from werkbedrijf.transfers.models import ImportJob

CANDIDATE_HEADER = [
    "BSN",
    "Voornaam",
    "Tussenvoegsel",
    "Achternaam",
    "Geboortedatum",
    "Postcode",
    "Gemeente",
    "Doelgroep",
    "Maximaal uren per week",
    "Gewenste beroepen (ESCO-codes)",
    "Niveau werktijden",
]
EMPLOYER_HEADER = ["Naam", "KvK-nummer", "SBI-code", "Grootteklasse", "Markt of overheid", "Accountmanager"]


@pytest.fixture
def world(db):
    """AM18 with two municipalities (a consultant each), a WSP account manager, and AM17 beside it."""
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    other_region = RegionFactory(code="AM17", name="Zaanstreek/Waterland")
    org_a = MunicipalityOrganisationFactory(
        region=region, municipality__name="Amsterdam", municipality__code="GM0363"
    )
    org_b = MunicipalityOrganisationFactory(
        region=region, municipality__name="Diemen", municipality__code="GM0384"
    )
    org_c = MunicipalityOrganisationFactory(
        region=other_region, municipality__name="Zaanstad", municipality__code="GM0479"
    )
    for org in (org_a, org_b):
        place_in_region(org.municipality, region)
    place_in_region(org_c.municipality, other_region)
    wsp = OrganisationFactory(
        region=region, kind=OrganisationKind.EMPLOYER_SERVICE_POINT, name="WSP Amsterdam"
    )

    def user(org, role, username, the_region=region):
        u = UserFactory(organisation=org, username=username)
        give_role(u, role, the_region)
        return u

    group = OccupationGroup.objects.create(code="5120", level=4, name_nl="Koks", name_en="Cooks")
    Occupation.objects.create(
        esco_uri="http://data.europa.eu/esco/occupation/test-kok",
        esco_code="5120.1",
        group=group,
        name_nl="kok",
    )
    cleaners = OccupationGroup.objects.create(
        code="9112", level=4, name_nl="Schoonmakers", name_en="Cleaners"
    )
    for n in (1, 2):
        Occupation.objects.create(
            esco_uri=f"http://data.europa.eu/esco/occupation/test-schoonmaker-{n}",
            esco_code=f"9112.{n}",
            group=cleaners,
            name_nl=f"schoonmaker {n}",
        )
    for letter in ("G", "I"):
        Sector.objects.get_or_create(
            classification=SectorClassification.SBI_2008,
            code=letter,
            defaults={"level": "sectie", "section": letter, "name_nl": f"Sectie {letter}"},
        )
    sbi_division()
    sbi_division(code="56", section="I", name="Eet- en drinkgelegenheden")
    employer = EmployerFactory(
        organisation=EmployerOrganisationFactory(
            region=region, name="Schoonmaakbedrijf Glans", kvk_number="11111111"
        )
    )
    other_employer = EmployerFactory(
        organisation=EmployerOrganisationFactory(
            region=region, name="Restaurant De Kom", kvk_number="22222222"
        )
    )
    foreign_employer = EmployerFactory(
        organisation=EmployerOrganisationFactory(
            region=other_region, name="Zaanse Bouw", kvk_number="33333333"
        )
    )
    employer_user = UserFactory(organisation=employer.organisation, username="werkgever.glans")
    give_role(employer_user, Role.EMPLOYER_USER, region)
    return {
        "employer": employer,
        "other_employer": other_employer,
        "foreign_employer": foreign_employer,
        "employer_user": employer_user,
        "manager_c": user(org_c, Role.ACCOUNT_MANAGER, "accountmanager.c", the_region=other_region),
        "region": region,
        "other_region": other_region,
        "org_a": org_a,
        "org_b": org_b,
        "org_c": org_c,
        "consultant_a": user(org_a, Role.CONSULTANT, "consulent.a"),
        "consultant_b": user(org_b, Role.CONSULTANT, "consulent.b"),
        "officer_a": user(org_a, Role.INSTRUMENT_OFFICER, "instrument.a"),
        "manager": user(wsp, Role.ACCOUNT_MANAGER, "accountmanager"),
        "board": user(org_a, Role.BOARD_MEMBER, "bestuurder"),
        "consultant_c": user(org_c, Role.CONSULTANT, "consulent.c", the_region=other_region),
    }


def candidate_row(**overrides) -> dict[str, str]:
    row = {
        "BSN": synthetic_bsn(),
        "Voornaam": "Sanne",
        "Tussenvoegsel": "de",
        "Achternaam": "Vries",
        "Geboortedatum": "17-05-1990",
        "Postcode": "1012ab",
        "Gemeente": "GM0363",
        "Doelgroep": "participation_act",
        "Maximaal uren per week": "24",
        "Gewenste beroepen (ESCO-codes)": "5120.1",
        "Niveau werktijden": "2",
    }
    row.update(overrides)
    return row


def candidate_rows(count: int, **overrides) -> list[dict[str, str]]:
    """`count` candidate rows with distinct BSNs: random 11-check numbers repeat now and then among a few
    thousand, and a repeated BSN makes the file a different test."""
    bsns: dict[str, None] = {}
    while len(bsns) < count:
        bsns[synthetic_bsn()] = None
    return [candidate_row(BSN=bsn, Voornaam=f"Rij{i}", **overrides) for i, bsn in enumerate(bsns)]


def employer_row(**overrides) -> dict[str, str]:
    row = {
        "Naam": "Bakkerij Het Volkoren",
        "KvK-nummer": "1234 5678",
        "SBI-code": "62",
        "Grootteklasse": "10-49",
        "Markt of overheid": "",
        "Accountmanager": "accountmanager",
    }
    row.update(overrides)
    return row


def make_csv(header, rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def make_xlsx(header, rows, *, sheet="Kandidaten", first_sheet=None) -> bytes:
    workbook = Workbook()
    active = workbook.active
    if first_sheet:
        active.title = first_sheet
        active.append(["Dit blad is geen data"])
        data = workbook.create_sheet(sheet)
    else:
        active.title = sheet
        data = active
    if header is not None:
        data.append(header)
    for row in rows:
        data.append([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def run_import(django_capture_on_commit_callbacks):
    """Upload through the service and run the job (in-process, as without a broker); the job afterwards."""

    def _run(user, region, kind, content: bytes, name: str = "bestand.csv") -> ImportJob:
        upload = SimpleUploadedFile(name, content)
        with django_capture_on_commit_callbacks(execute=True):
            job = services.import_job_create(user=user, region=region, kind=kind, upload=upload)
        job.refresh_from_db()
        return job

    return _run


def read_csv(response) -> list[dict[str, str]]:
    """An export or report response (streamed, UTF-8 with BOM, `;`) as dicts by header."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def read_xlsx(response) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]
