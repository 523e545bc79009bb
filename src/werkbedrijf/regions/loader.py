"""Load the reference data files in regions/data/ into the database.

All files are read and validated first; only when every row is valid is anything written, in one
transaction, with bulk upserts on each table's natural key. Loading twice gives the same state: existing rows
keep their id and uuid, changed rows are updated. Rows that disappeared from a file are kept (other tables may
refer to them), except the municipality -> region memberships of the loaded year, which are replaced exactly.

Provenance of every file is in data/SOURCES.md; the same facts are recorded per load in ReferenceDataSet.
"""

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import (
    Municipality,
    Occupation,
    OccupationGroup,
    PostcodeArea,
    Province,
    ReferenceDataSet,
    Region,
    RegionMembership,
    Sector,
    SectorClassification,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

# The municipality -> region membership in municipalities.csv: the situation on 1 January 2026 (CBS 86247NED).
MEMBERSHIP_YEAR = 2026

# A generous box around the European Netherlands: catches swapped or mistyped coordinates.
LAT_RANGE = (Decimal("50.7"), Decimal("53.7"))
LON_RANGE = (Decimal("3.3"), Decimal("7.3"))

# Provenance as shown on /regio/brongegevens/, so in Dutch; repository references are kept exactly.
_CBS_LICENCE = "Open data van het CBS: CC BY 4.0"
_ESCO_LICENCE = (
    "Niet vermeld in de bronrepository's; hergebruikbeleid van ESCO (Europese Commissie), met bronvermelding"
)
_CBS_2026 = (
    "cedanl/onderwijsdata-chat:data/arbeidsmarktregio_gemeente.json@bff1d3e0fe97bb5b7ca03e1fa4a5beec79c51e6d "
    "(CBS 86247NED Gebieden in Nederland 2026); regiocodes uit "
    "cartomap/nl:wgs84/arbeidsmarktregio_2025.geojson@01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6 (2025)"
)
_CENTROIDS = (
    "middelpunten afgeleid van PDOK/CBS gemeente_gegeneraliseerd 2022 "
    "(RishikeshGovind/nlstat:data/gemeenten.geojson@275ef3ee6ed5f4478c0206b9f1d320ff4349ee5e)"
)


@dataclass(frozen=True)
class DataSetSpec:
    name: str
    title: Any  # lazily translated, for the interface
    year: int
    file_name: str
    source: str
    publisher: str
    licence: str
    columns: tuple[str, ...] = field(default=())


DATASETS: tuple[DataSetSpec, ...] = (
    DataSetSpec(
        name="labour_market_regions",
        title=_("Labour-market regions"),
        year=MEMBERSHIP_YEAR,
        file_name="labour_market_regions.csv",
        source=f"{_CBS_2026}; {_CENTROIDS}",
        publisher="CBS (via PDOK)",
        licence=_CBS_LICENCE,
        columns=(
            "arbeidsmarktregio_code",
            "arbeidsmarktregio_naam",
            "aantal_gemeenten",
            "centroid_lat",
            "centroid_lon",
        ),
    ),
    DataSetSpec(
        name="municipalities",
        title=_("Municipalities and their region"),
        year=MEMBERSHIP_YEAR,
        file_name="municipalities.csv",
        source=f"{_CBS_2026}; provincies uit "
        f"rubensan19/kaarten:KoppelCodes.csv@41a7629043d962ebf15d7b97e5fcfdb77f70fbc7; {_CENTROIDS}",
        publisher="CBS (via PDOK)",
        licence=_CBS_LICENCE,
        columns=(
            "gemeente_code",
            "cbs_code",
            "gemeente_naam",
            "provincie_code",
            "provincie_naam",
            "arbeidsmarktregio_code",
            "arbeidsmarktregio_naam",
            "centroid_lat",
            "centroid_lon",
            "centroid_in_gemeente",
        ),
    ),
    DataSetSpec(
        name="postcode_areas",
        title=_("Postcode areas (PC4)"),
        year=2024,
        file_name="pc4.csv",
        source="symerio/postal-codes-data:data/geonames/NL.txt@3a94317a6192e7e576c078538dfe665048d42edf "
        "(postcodes NL van GeoNames, gegevens bijgewerkt op 12-4-2024)",
        publisher="GeoNames",
        licence="CC BY 4.0",
        columns=(
            "pc4",
            "lat",
            "lon",
            "gemeente_code",
            "gemeente_naam",
            "arbeidsmarktregio_code",
            "plaatsnamen",
            "opmerking",
        ),
    ),
    DataSetSpec(
        name="isco08_groups",
        title=_("Occupation groups (ISCO-08)"),
        year=2024,
        file_name="isco08_groups.csv",
        source="threehook/esco-search:data/ISCOGroups_nl.csv@dbf363d553db6f984bd49200ae38a325989d9101 "
        "(ESCO v1.2.0, Nederlands); "
        "MohamedGouaouri/esco:ISCOGroups_en.csv@381d16fb6ae1c22f7c7b16a0631dbdc4bada5e8d (Engels)",
        publisher="Europese Commissie (ESCO), naar ILO ISCO-08",
        licence=_ESCO_LICENCE,
        columns=("isco_code", "niveau", "parent_code", "naam_nl", "naam_en", "esco_uri"),
    ),
    DataSetSpec(
        name="esco_occupations",
        title=_("Occupations (ESCO v1.2.0, Dutch)"),
        year=2024,
        file_name="esco_occupations_nl.csv",
        source="threehook/esco-search:data/occupations_nl.csv@dbf363d553db6f984bd49200ae38a325989d9101 "
        "(ESCO v1.2.0)",
        publisher="Europese Commissie (ESCO)",
        licence=_ESCO_LICENCE,
        columns=(
            "esco_uri",
            "esco_code",
            "isco_code",
            "isco_naam_nl",
            "naam_nl",
            "alternatieve_namen_nl",
            "omschrijving_nl",
        ),
    ),
    DataSetSpec(
        name="sbi2008",
        title=_("Sectors (SBI 2008)"),
        year=2018,
        file_name="sbi2008_all_levels.csv",
        source="Amsterdam/handelsregister:web/handelsregister/datasets/sbicodes/fixtures/sections.json en "
        "section_tree.json@a767539cbd87bc50ba0a0742510678ddfaebdb7e "
        "(uit de API van de SBI-typeermodule van het CBS)",
        publisher="CBS",
        licence=_CBS_LICENCE,
        columns=("sbi_code", "niveau", "sectie", "parent_code", "naam_nl"),
    ),
    DataSetSpec(
        name="sbi2025",
        title=_("Sectors (SBI 2025)"),
        year=2025,
        file_name="sbi2025_all_levels.csv",
        source="minvws/generiekefuncties-docs:input/fsh/codesystem-sbi.fsh@"
        "e90bec211e3e69b4fcdb6a8af34483c384ba4194 (FHIR CodeSystem NL GF Standaard Bedrijfsindeling 2025)",
        publisher="CBS",
        licence=_CBS_LICENCE,
        columns=("sbi_code", "niveau", "sectie", "parent_code", "naam_nl", "naam_en"),
    ),
)
DATASETS_BY_NAME = {spec.name: spec for spec in DATASETS}


class ReferenceDataError(Exception):
    """A reference file is missing or has a malformed row; nothing was loaded."""


# --- reading and validating -------------------------------------------------------------------------------


class _File:
    """One CSV file: yields (line number, row dict) and formats errors with file and line."""

    def __init__(self, spec: DataSetSpec, data_dir: Path):
        self.spec = spec
        self.path = data_dir / spec.file_name
        if not self.path.is_file():
            raise ReferenceDataError(f"{spec.file_name}: file not found in {data_dir}")
        raw = self.path.read_bytes()
        self.sha256 = hashlib.sha256(raw).hexdigest()
        try:
            self.text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReferenceDataError(f"{spec.file_name}: not valid UTF-8 ({exc})") from exc
        self.row_count = 0

    def error(self, line: int, message: str) -> ReferenceDataError:
        return ReferenceDataError(f"{self.spec.file_name}, line {line}: {message}")

    def rows(self):
        stream: TextIO = io.StringIO(self.text, newline="")
        reader = csv.reader(stream, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise self.error(1, "the file is empty") from None
        missing = [c for c in self.spec.columns if c not in header]
        if missing:
            raise self.error(1, f"missing column(s) {', '.join(missing)}")
        previous_line = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise self.error(previous_line + 1, f"malformed CSV ({exc})") from exc
            line = previous_line + 1
            previous_line = reader.line_num
            if not values:
                continue
            if len(values) != len(header):
                raise self.error(line, f"expected {len(header)} fields, found {len(values)}")
            self.row_count += 1
            yield line, dict(zip(header, values, strict=True))


class _Row:
    """Typed access to one row's fields; every failure names the file, line and column."""

    def __init__(self, file: _File, line: int, values: dict[str, str]):
        self.file, self.line, self.values = file, line, values

    def fail(self, message: str) -> ReferenceDataError:
        return self.file.error(self.line, message)

    def text(self, column: str, max_length: int, *, required: bool = True) -> str:
        value = self.values[column].strip()
        if required and not value:
            raise self.fail(f"{column} is empty")
        if len(value) > max_length:
            raise self.fail(f"{column} is longer than {max_length} characters")
        return value

    def code(self, column: str, pattern: str, *, required: bool = True) -> str:
        value = self.values[column].strip()
        if not value and not required:
            return ""
        if not re.fullmatch(pattern, value):
            raise self.fail(f"{column} {value!r} does not match the expected format")
        return value

    def decimal(self, column: str, valid_range: tuple[Decimal, Decimal]) -> Decimal:
        raw = self.values[column].strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise self.fail(f"{column} {raw!r} is not a number") from None
        low, high = valid_range
        if not value.is_finite() or not low <= value <= high:
            raise self.fail(f"{column} {raw!r} lies outside the Netherlands ({low}..{high})")
        return value

    def integer(self, column: str) -> int:
        raw = self.values[column].strip()
        if not raw.isdigit():
            raise self.fail(f"{column} {raw!r} is not a whole number")
        return int(raw)

    def boolean(self, column: str) -> bool:
        raw = self.values[column].strip().lower()
        if raw not in ("true", "false"):
            raise self.fail(f"{column} {raw!r} is not true or false")
        return raw == "true"


def _unique(row: _Row, seen: dict, key, what: str) -> None:
    if key in seen:
        raise row.fail(f"duplicate {what} {key!r} (also on line {seen[key]})")
    seen[key] = row.line


def _read_regions(file: _File) -> dict[str, dict]:
    regions: dict[str, dict] = {}
    seen: dict = {}
    for line, values in file.rows():
        row = _Row(file, line, values)
        code = row.code("arbeidsmarktregio_code", r"AM\d{2}")
        _unique(row, seen, code, "region code")
        regions[code] = {
            "name": row.text("arbeidsmarktregio_naam", 100),
            "centroid_lat": row.decimal("centroid_lat", LAT_RANGE),
            "centroid_lon": row.decimal("centroid_lon", LON_RANGE),
            "municipality_count": row.integer("aantal_gemeenten"),
            "line": line,
        }
    return regions


def _read_municipalities(file: _File, regions: dict[str, dict]) -> dict[str, dict]:
    municipalities: dict[str, dict] = {}
    seen: dict = {}
    for line, values in file.rows():
        row = _Row(file, line, values)
        code = row.code("gemeente_code", r"GM\d{4}")
        _unique(row, seen, code, "municipality code")
        region_code = row.code("arbeidsmarktregio_code", r"AM\d{2}")
        if region_code not in regions:
            raise row.fail(
                f"region {region_code} is not in {DATASETS_BY_NAME['labour_market_regions'].file_name}"
            )
        municipalities[code] = {
            "name": row.text("gemeente_naam", 100),
            "province_code": row.code("provincie_code", r"PV\d{2}"),
            "province_name": row.text("provincie_naam", 100),
            "region_code": region_code,
            "centroid_lat": row.decimal("centroid_lat", LAT_RANGE),
            "centroid_lon": row.decimal("centroid_lon", LON_RANGE),
            "centroid_inside": row.boolean("centroid_in_gemeente"),
        }
    counts = Counter(m["region_code"] for m in municipalities.values())
    for code, region in regions.items():
        if counts[code] != region["municipality_count"]:
            regions_file = DATASETS_BY_NAME["labour_market_regions"].file_name
            raise ReferenceDataError(
                f"{regions_file}, line {region['line']}: aantal_gemeenten "
                f"of {code} is {region['municipality_count']}, but {file.spec.file_name} lists {counts[code]}"
            )
    return municipalities


def _read_postcode_areas(file: _File, municipalities: dict[str, dict]) -> list[dict]:
    areas = []
    seen: dict = {}
    for line, values in file.rows():
        row = _Row(file, line, values)
        pc4 = row.code("pc4", r"[1-9]\d{3}")
        _unique(row, seen, pc4, "postcode")
        municipality_code = row.code("gemeente_code", r"GM\d{4}")
        municipality = municipalities.get(municipality_code)
        if municipality is None:
            raise row.fail(
                f"municipality {municipality_code} is not in {DATASETS_BY_NAME['municipalities'].file_name}"
            )
        region_code = row.code("arbeidsmarktregio_code", r"AM\d{2}")
        if region_code != municipality["region_code"]:
            raise row.fail(
                f"region {region_code} differs from {municipality['region_code']}, the region of "
                f"{municipality_code} in {DATASETS_BY_NAME['municipalities'].file_name}"
            )
        areas.append(
            {
                "pc4": pc4,
                "lat": row.decimal("lat", LAT_RANGE),
                "lon": row.decimal("lon", LON_RANGE),
                "municipality_code": municipality_code,
                "place_names": row.text("plaatsnamen", 500, required=False),
                "flags": row.text("opmerking", 200, required=False),
            }
        )
    return areas


def _read_occupation_groups(file: _File) -> dict[str, dict]:
    groups: dict[str, dict] = {}
    seen: dict = {}
    for line, values in file.rows():
        row = _Row(file, line, values)
        code = row.code("isco_code", r"\d{1,4}")
        _unique(row, seen, code, "ISCO code")
        level = row.integer("niveau")
        if level != len(code):
            raise row.fail(f"niveau {level} does not fit ISCO code {code} ({len(code)} digits)")
        parent = row.code("parent_code", r"\d{1,3}", required=level > 1)
        if level > 1 and (parent != code[:-1] or parent not in groups):
            raise row.fail(f"parent_code {parent!r} is not the group above {code} listed earlier in the file")
        if level == 1 and parent:
            raise row.fail(f"a major group has no parent_code (found {parent!r})")
        groups[code] = {
            "level": level,
            "parent_code": parent,
            "name_nl": row.text("naam_nl", 300),
            "name_en": row.text("naam_en", 300),
            "esco_uri": row.text("esco_uri", 200, required=False),
        }
    return groups


def _read_occupations(file: _File, groups: dict[str, dict]) -> list[dict]:
    occupations = []
    seen: dict = {}
    for line, values in file.rows():
        row = _Row(file, line, values)
        uri = row.code("esco_uri", r"http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}")
        _unique(row, seen, uri, "ESCO URI")
        isco_code = row.code("isco_code", r"\d{4}")
        if isco_code not in groups:
            raise row.fail(
                f"ISCO unit group {isco_code} is not in {DATASETS_BY_NAME['isco08_groups'].file_name}"
            )
        occupations.append(
            {
                "esco_uri": uri,
                "esco_code": row.code("esco_code", r"\d{4}(\.\d+)+"),
                "isco_code": isco_code,
                "name_nl": row.text("naam_nl", 300),
                "alternative_names_nl": row.text("alternatieve_namen_nl", 100_000, required=False),
                "description_nl": row.text("omschrijving_nl", 100_000, required=False),
            }
        )
    return occupations


_SBI_LEVELS = {"sectie": 1, "afdeling": 2, "groep": 3, "klasse": 4, "subklasse": 5}


def _read_sectors(file: _File, *, with_english: bool) -> list[dict]:
    sectors: dict[str, dict] = {}
    for line, values in file.rows():
        row = _Row(file, line, values)
        code = row.code("sbi_code", r"[A-Z]|\d{2,5}")
        if code in sectors:
            raise row.fail(f"duplicate SBI code {code!r} (also on line {sectors[code]['line']})")
        level = row.text("niveau", 10)
        if level not in _SBI_LEVELS:
            raise row.fail(f"niveau {level!r} is not one of {', '.join(_SBI_LEVELS)}")
        expected_length = 1 if level == "sectie" else _SBI_LEVELS[level]
        if len(code) != expected_length:
            raise row.fail(f"SBI code {code!r} does not fit niveau {level}")
        section = row.code("sectie", r"[A-Z]")
        parent = row.code("parent_code", r"[A-Z]|\d{2,4}", required=level != "sectie")
        if level == "sectie":
            if parent or section != code:
                raise row.fail(f"section {code} must have sectie {code} and no parent_code")
        elif parent not in sectors or sectors[parent]["section"] != section:
            raise row.fail(
                f"parent_code {parent!r} is not a code of section {section} listed earlier in the file"
            )
        sectors[code] = {
            "code": code,
            "level": level,
            "section": section,
            "parent_code": parent,
            "name_nl": row.text("naam_nl", 400),
            "name_en": row.text("naam_en", 400) if with_english else "",
            "line": line,
        }
    return list(sectors.values())


# --- writing ----------------------------------------------------------------------------------------------


def _upsert(model, objects: list, *, unique_fields: list[str], update_fields: list[str]) -> None:
    model.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
        batch_size=500,
    )


def _write_regions(regions: dict[str, dict]) -> dict[str, int]:
    _upsert(
        Region,
        [
            Region(code=code, name=r["name"], centroid_lat=r["centroid_lat"], centroid_lon=r["centroid_lon"])
            for code, r in regions.items()
        ],
        unique_fields=["code"],
        update_fields=["name", "centroid_lat", "centroid_lon"],
    )
    return dict(Region.objects.values_list("code", "pk"))


def _write_municipalities(municipalities: dict[str, dict], region_ids: dict[str, int], *, year: int) -> dict:
    provinces = {m["province_code"]: m["province_name"] for m in municipalities.values()}
    _upsert(
        Province,
        [Province(code=code, name=name) for code, name in provinces.items()],
        unique_fields=["code"],
        update_fields=["name"],
    )
    province_ids = dict(Province.objects.values_list("code", "pk"))
    _upsert(
        Municipality,
        [
            Municipality(
                code=code,
                name=m["name"],
                province_id=province_ids[m["province_code"]],
                centroid_lat=m["centroid_lat"],
                centroid_lon=m["centroid_lon"],
                centroid_inside=m["centroid_inside"],
            )
            for code, m in municipalities.items()
        ],
        unique_fields=["code"],
        update_fields=["name", "province", "centroid_lat", "centroid_lon", "centroid_inside"],
    )
    municipality_ids = dict(Municipality.objects.values_list("code", "pk"))
    loaded_ids = [municipality_ids[code] for code in municipalities]
    RegionMembership.objects.filter(year=year).exclude(municipality_id__in=loaded_ids).delete()
    _upsert(
        RegionMembership,
        [
            RegionMembership(
                year=year, municipality_id=municipality_ids[code], region_id=region_ids[m["region_code"]]
            )
            for code, m in municipalities.items()
        ],
        unique_fields=["year", "municipality"],
        update_fields=["region"],
    )
    return municipality_ids


def _write_postcode_areas(areas: list[dict], municipality_ids: dict[str, int]) -> None:
    _upsert(
        PostcodeArea,
        [
            PostcodeArea(
                pc4=a["pc4"],
                lat=a["lat"],
                lon=a["lon"],
                municipality_id=municipality_ids[a["municipality_code"]],
                place_names=a["place_names"],
                flags=a["flags"],
            )
            for a in areas
        ],
        unique_fields=["pc4"],
        update_fields=["lat", "lon", "municipality", "place_names", "flags"],
    )


def _write_occupation_groups(groups: dict[str, dict]) -> dict[str, int]:
    group_ids: dict[str, int] = {}
    for level in sorted({g["level"] for g in groups.values()}):
        _upsert(
            OccupationGroup,
            [
                OccupationGroup(
                    code=code,
                    level=level,
                    parent_id=group_ids[g["parent_code"]] if g["parent_code"] else None,
                    name_nl=g["name_nl"],
                    name_en=g["name_en"],
                    esco_uri=g["esco_uri"],
                )
                for code, g in groups.items()
                if g["level"] == level
            ],
            unique_fields=["code"],
            update_fields=["level", "parent", "name_nl", "name_en", "esco_uri"],
        )
        group_ids = dict(OccupationGroup.objects.values_list("code", "pk"))
    return group_ids


def _write_occupations(occupations: list[dict], group_ids: dict[str, int]) -> None:
    _upsert(
        Occupation,
        [
            Occupation(
                esco_uri=o["esco_uri"],
                esco_code=o["esco_code"],
                group_id=group_ids[o["isco_code"]],
                name_nl=o["name_nl"],
                alternative_names_nl=o["alternative_names_nl"],
                description_nl=o["description_nl"],
            )
            for o in occupations
        ],
        unique_fields=["esco_uri"],
        update_fields=["esco_code", "group", "name_nl", "alternative_names_nl", "description_nl"],
    )


def _write_sectors(sectors: list[dict], classification: str) -> None:
    _upsert(
        Sector,
        [
            Sector(
                classification=classification,
                code=s["code"],
                level=s["level"],
                section=s["section"],
                parent_code=s["parent_code"],
                name_nl=s["name_nl"],
                name_en=s["name_en"],
            )
            for s in sectors
        ],
        unique_fields=["classification", "code"],
        update_fields=["level", "section", "parent_code", "name_nl", "name_en"],
    )


def _record(file: _File) -> None:
    spec = file.spec
    ReferenceDataSet.objects.update_or_create(
        name=spec.name,
        year=spec.year,
        defaults={
            "file_name": spec.file_name,
            "source": spec.source,
            "publisher": spec.publisher,
            "licence": spec.licence,
            "sha256": file.sha256,
            "row_count": file.row_count,
        },
    )


def load_all(*, stdout=None, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Validate and load every reference file; return the row count per data set name.

    Raises ReferenceDataError (naming file and line) before anything is written if any row is malformed.
    """
    spec = DATASETS_BY_NAME
    files = {name: _File(s, data_dir) for name, s in spec.items()}

    regions = _read_regions(files["labour_market_regions"])
    municipalities = _read_municipalities(files["municipalities"], regions)
    postcode_areas = _read_postcode_areas(files["postcode_areas"], municipalities)
    groups = _read_occupation_groups(files["isco08_groups"])
    occupations = _read_occupations(files["esco_occupations"], groups)
    sbi2008 = _read_sectors(files["sbi2008"], with_english=False)
    sbi2025 = _read_sectors(files["sbi2025"], with_english=True)

    with transaction.atomic():
        region_ids = _write_regions(regions)
        municipality_ids = _write_municipalities(municipalities, region_ids, year=spec["municipalities"].year)
        _write_postcode_areas(postcode_areas, municipality_ids)
        group_ids = _write_occupation_groups(groups)
        _write_occupations(occupations, group_ids)
        _write_sectors(sbi2008, SectorClassification.SBI_2008)
        _write_sectors(sbi2025, SectorClassification.SBI_2025)
        for file in files.values():
            _record(file)

    counts = {name: file.row_count for name, file in files.items()}
    if stdout is not None:
        for name, file in files.items():
            stdout.write(f"{file.spec.file_name}: {counts[name]} rows ({name}, {file.spec.year})\n")
    return counts
