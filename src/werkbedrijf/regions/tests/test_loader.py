import csv
import io
import shutil

import pytest

from werkbedrijf.regions import selectors
from werkbedrijf.regions.loader import DATA_DIR, ReferenceDataError, load_all
from werkbedrijf.regions.models import (
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


def _table_counts():
    return {
        "regions": Region.objects.count(),
        "provinces": Province.objects.count(),
        "municipalities": Municipality.objects.count(),
        "memberships": RegionMembership.objects.count(),
        "pc4": PostcodeArea.objects.count(),
        "isco": OccupationGroup.objects.count(),
        "esco": Occupation.objects.count(),
        "sectors": Sector.objects.count(),
        "data_sets": ReferenceDataSet.objects.count(),
    }


def _csv_rows(file_name):
    with open(DATA_DIR / file_name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of the data directory that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _rewrite_line(path, line_number, transform):
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line_number - 1] = transform(lines[line_number - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def test_load_gives_the_counts_of_the_source_files(reference_data):
    assert reference_data == {
        "labour_market_regions": 35,
        "municipalities": 342,
        "postcode_areas": 4086,
        "isco08_groups": 619,
        "esco_occupations": 3039,
        "sbi2008": 1457,
        "sbi2025": 1954,
    }
    assert Region.objects.count() == 35
    assert RegionMembership.objects.filter(year=2026).count() == 342
    assert Municipality.objects.count() == 342
    assert Province.objects.count() == 12
    assert PostcodeArea.objects.count() == 4086
    assert OccupationGroup.objects.count() == 619
    assert OccupationGroup.objects.filter(level=4).count() == 436
    assert Occupation.objects.count() == 3039
    assert Sector.objects.filter(classification=SectorClassification.SBI_2008).count() == 1457
    assert Sector.objects.filter(classification=SectorClassification.SBI_2025).count() == 1954


def test_only_year_2026_is_loaded(reference_data):
    assert selectors.membership_years() == [2026]
    with pytest.raises(selectors.UnknownYear):
        selectors.resolve_year("2025")


def test_each_file_is_recorded_with_its_provenance(reference_data):
    data_sets = {d.name: d for d in ReferenceDataSet.objects.all()}
    assert set(data_sets) == set(reference_data)
    municipalities = data_sets["municipalities"]
    assert municipalities.year == 2026
    assert municipalities.row_count == 342
    assert "86247NED" in municipalities.source
    assert "bff1d3e0fe97bb5b7ca03e1fa4a5beec79c51e6d" in municipalities.source
    assert data_sets["postcode_areas"].publisher == "GeoNames"
    assert data_sets["postcode_areas"].licence == "CC BY 4.0"
    assert len(data_sets["esco_occupations"].sha256) == 64


def test_groot_amsterdam_has_exactly_the_municipalities_of_the_source(reference_data):
    expected = {
        row["gemeente_code"]
        for row in _csv_rows("municipalities.csv")
        if row["arbeidsmarktregio_code"] == "AM18"
    }
    region = Region.objects.get(code="AM18")
    assert region.name == "Groot Amsterdam"
    loaded = set(selectors.municipalities_in(region, 2026).values_list("code", flat=True))
    assert loaded == expected
    assert len(loaded) == 8
    assert "GM0363" in loaded
    assert selectors.region_of(Municipality.objects.get(code="GM0363"), 2026) == region


def test_every_region_has_the_municipality_count_stated_in_the_region_file(reference_data):
    stated = {
        row["arbeidsmarktregio_code"]: int(row["aantal_gemeenten"])
        for row in _csv_rows("labour_market_regions.csv")
    }
    counted = {r.code: r.municipality_count for r in selectors.regions_with_municipality_count(year=2026)}
    assert counted == stated
    assert sum(counted.values()) == 342


def test_loading_twice_changes_nothing(reference_data):
    uuids_before = dict(Municipality.objects.values_list("code", "uuid"))
    region_uuids_before = dict(Region.objects.values_list("code", "uuid"))
    occupation_uuids_before = dict(Occupation.objects.values_list("esco_uri", "uuid"))
    counts_before = _table_counts()

    assert load_all() == reference_data

    assert _table_counts() == counts_before
    assert dict(Municipality.objects.values_list("code", "uuid")) == uuids_before
    assert dict(Region.objects.values_list("code", "uuid")) == region_uuids_before
    assert dict(Occupation.objects.values_list("esco_uri", "uuid")) == occupation_uuids_before


def test_a_changed_row_is_updated_in_place(reference_data, data_copy):
    amsterdam = Municipality.objects.get(code="GM0363")
    # municipalities.csv is sorted by name; find Amsterdam's line and rename it.
    lines = (data_copy / "municipalities.csv").read_text(encoding="utf-8").split("\n")
    line_number = next(i for i, line in enumerate(lines, start=1) if line.startswith("GM0363,"))
    _rewrite_line(
        data_copy / "municipalities.csv", line_number, lambda line: line.replace(",Amsterdam,", ",Mokum,", 1)
    )

    load_all(data_dir=data_copy)

    renamed = Municipality.objects.get(code="GM0363")
    assert renamed.name == "Mokum"
    assert renamed.uuid == amsterdam.uuid
    assert Municipality.objects.count() == 342


def _set_field(path, line_number, column, value):
    """Replace one field of one CSV line, keeping the line otherwise as it is."""
    header = next(csv.reader([path.read_text(encoding="utf-8").split("\n", 1)[0]]))

    def transform(line):
        values = next(csv.reader([line]))
        values[header.index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(values)
        return out.getvalue()

    _rewrite_line(path, line_number, transform)


def test_a_malformed_row_names_file_and_line_and_loads_nothing(db, data_copy):
    _set_field(data_copy / "pc4.csv", 101, "lat", "52,3710")  # a Dutch decimal comma

    with pytest.raises(ReferenceDataError) as error:
        load_all(data_dir=data_copy)

    assert "pc4.csv, line 101" in str(error.value)
    assert "lat '52,3710' is not a number" in str(error.value)
    assert all(count == 0 for count in _table_counts().values())


def test_a_failed_reload_leaves_the_previous_state_untouched(reference_data, data_copy):
    counts_before = _table_counts()
    lines = (data_copy / "municipalities.csv").read_text(encoding="utf-8").split("\n")
    line_number = next(i for i, line in enumerate(lines, start=1) if line.startswith("GM0363,"))
    _rewrite_line(
        data_copy / "municipalities.csv", line_number, lambda line: line.replace(",Amsterdam,", ",Mokum,", 1)
    )
    # A later file gets an ISCO group that does not exist.
    _rewrite_line(data_copy / "esco_occupations_nl.csv", 2, lambda line: line.replace(",0110,", ",9999,", 1))

    with pytest.raises(ReferenceDataError, match=r"esco_occupations_nl\.csv, line 2: ISCO unit group 9999"):
        load_all(data_dir=data_copy)

    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"
    assert _table_counts() == counts_before


def test_a_row_with_a_missing_field_is_rejected(db, data_copy):
    _rewrite_line(data_copy / "labour_market_regions.csv", 3, lambda line: line.rsplit(",", 1)[0])

    with pytest.raises(
        ReferenceDataError, match=r"labour_market_regions\.csv, line 3: expected 5 fields, found 4"
    ):
        load_all(data_dir=data_copy)


def test_a_municipality_in_an_unknown_region_is_rejected(db, data_copy):
    _rewrite_line(data_copy / "municipalities.csv", 2, lambda line: line.replace(",AM01,", ",AM04,", 1))

    with pytest.raises(ReferenceDataError, match=r"municipalities\.csv, line 2: region AM04 is not in"):
        load_all(data_dir=data_copy)


def test_the_load_reports_per_file(db):
    out = io.StringIO()
    load_all(stdout=out)
    assert "municipalities.csv: 342 rows" in out.getvalue()
    assert "pc4.csv: 4086 rows" in out.getvalue()
