from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.parameters.loader import (
    PARAMETER_COLUMNS,
    PARAMETERS_FILE,
    TARGETS_FILE,
    ParameterFileError,
    load_legal_parameters,
)
from werkbedrijf.parameters.models import JobsAgreementTarget, LegalParameter, Origin
from werkbedrijf.parameters.selectors import parameter_on, value_on
from werkbedrijf.parameters.services import legal_parameter_correct

from .conftest import passed_second_factor

HEADER = ",".join(PARAMETER_COLUMNS)
ROW_2025 = "minimum_wage_monthly,,2191.80,EUR/month,2025-01-01,2025-07-01,SECONDARY,src,"
ROW_2025_07 = "minimum_wage_monthly,,2245.80,EUR/month,2025-07-01,,SECONDARY,src,"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "legal_parameters.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _snapshot():
    return sorted(
        LegalParameter.objects.values_list(
            "key", "variant", "valid_from", "valid_to", "value", "confidence", "source"
        )
    )


@pytest.mark.django_db
def test_loading_twice_gives_the_same_result():
    first = load_legal_parameters()
    snapshot = _snapshot()
    second = load_legal_parameters()
    assert first["parameters_created"] == LegalParameter.objects.count() > 60
    assert first["targets_created"] == JobsAgreementTarget.objects.count() == 11
    assert second["parameters_created"] == second["parameters_updated"] == 0
    assert second["parameters_unchanged"] == first["parameters_created"]
    assert second["targets_unchanged"] == 11
    assert _snapshot() == snapshot


@pytest.mark.django_db
def test_a_changed_row_is_updated(tmp_path):
    load_legal_parameters(write(tmp_path, ROW_2025, ROW_2025_07), TARGETS_FILE)
    counts = load_legal_parameters(
        write(tmp_path, ROW_2025, ROW_2025_07.replace("2245.80", "2245.20")), TARGETS_FILE
    )
    assert (counts["parameters_updated"], counts["parameters_unchanged"]) == (1, 1)
    assert value_on("minimum_wage_monthly", date(2025, 8, 1)) == Decimal("2245.20")


@pytest.mark.django_db
def test_a_changed_target_is_updated(tmp_path):
    load_legal_parameters()
    JobsAgreementTarget.objects.filter(year=2017).update(market=1)
    counts = load_legal_parameters()
    assert counts["targets_updated"] == 1
    assert JobsAgreementTarget.objects.get(year=2017).market == 23000


@pytest.mark.django_db
def test_overlapping_periods_are_rejected_with_file_and_line(tmp_path):
    path = write(tmp_path, ROW_2025.replace("2025-07-01,SECONDARY", "2025-08-01,SECONDARY"), ROW_2025_07)
    with pytest.raises(ParameterFileError) as info:
        load_legal_parameters(path, TARGETS_FILE)
    assert "legal_parameters.csv, line 3" in str(info.value)
    assert "overlaps" in str(info.value)
    assert LegalParameter.objects.count() == 0


@pytest.mark.django_db
def test_nothing_is_saved_when_the_targets_file_is_wrong(tmp_path):
    targets = tmp_path / "jobs_agreement_targets.csv"
    targets.write_text("year,market,government,confidence,source,note\n2015,many,3000,LAW,src,\n")
    with pytest.raises(ParameterFileError, match=r"jobs_agreement_targets.csv, line 2: market 'many'"):
        load_legal_parameters(PARAMETERS_FILE, targets)
    assert LegalParameter.objects.count() == 0


@pytest.mark.parametrize(
    "line,message",
    [
        ("no_such_key,,1,EUR,2025-01-01,,LAW,src,", "unknown parameter key 'no_such_key'"),
        ("youth_wage_pct,22,80,%,2025-01-01,,LAW,src,", "variant '22' is not allowed"),
        ("minimum_wage_monthly,,2191.80,EUR/hour,2025-01-01,,LAW,src,", "must be 'EUR/month'"),
        ("minimum_wage_monthly,,2.191,80,EUR/month,2025-01-01,,LAW,src,", "wrong number of columns"),
        ("minimum_wage_monthly,,twee,EUR/month,2025-01-01,,LAW,src,", "value 'twee' is not a number"),
        ("minimum_wage_monthly,,-1,EUR/month,2025-01-01,,LAW,src,", "at least 0"),
        ("minimum_wage_monthly,,1,EUR/month,01-01-2025,,LAW,src,", "valid_from '01-01-2025' is not a date"),
        ("minimum_wage_monthly,,1,EUR/month,2025-01-01,2025-01-01,LAW,src,", "must be after valid_from"),
        ("minimum_wage_monthly,,1,EUR/month,2025-01-01,,SURE,src,", "confidence 'SURE' is not one of"),
        ("minimum_wage_monthly,,1,EUR/month,2025-01-01,,LAW,,", "source is empty"),
    ],
)
@pytest.mark.django_db
def test_invalid_rows_are_reported_with_file_and_line(tmp_path, line, message):
    path = write(tmp_path, ROW_2025, line)
    with pytest.raises(ParameterFileError) as info:
        load_legal_parameters(path, TARGETS_FILE)
    assert str(info.value).startswith("legal_parameters.csv, line 3: ")
    assert message in str(info.value)


@pytest.mark.django_db
def test_duplicate_rows_are_reported(tmp_path):
    with pytest.raises(ParameterFileError, match="line 3: duplicate of line 2"):
        load_legal_parameters(write(tmp_path, ROW_2025, ROW_2025), TARGETS_FILE)


@pytest.mark.django_db
def test_wrong_header_is_reported(tmp_path):
    path = tmp_path / "legal_parameters.csv"
    path.write_text("key,value\nminimum_wage_monthly,1\n")
    with pytest.raises(ParameterFileError, match="line 1: expected columns"):
        load_legal_parameters(path, TARGETS_FILE)


@pytest.mark.django_db
def test_a_version_added_in_the_interface_survives_reloading(tmp_path):
    load_legal_parameters(write(tmp_path, ROW_2025, ROW_2025_07), TARGETS_FILE)
    LegalParameter.objects.filter(valid_from=date(2025, 7, 1)).update(valid_to=date(2026, 1, 1))
    LegalParameter.objects.create(
        key="minimum_wage_monthly",
        value=Decimal("2294.40"),
        unit="EUR/month",
        valid_from=date(2026, 1, 1),
        source="added by the functional administrator",
        confidence="OFFICIAL",
    )
    counts = load_legal_parameters(write(tmp_path, ROW_2025, ROW_2025_07), TARGETS_FILE)
    assert counts["parameters_unchanged"] == 2
    assert value_on("minimum_wage_monthly", date(2025, 12, 31)) == Decimal("2245.80")
    assert value_on("minimum_wage_monthly", date(2026, 1, 1)) == Decimal("2294.40")


@pytest.mark.django_db
def test_a_shipped_row_that_overlaps_a_local_version_is_rejected(tmp_path):
    LegalParameter.objects.create(
        key="minimum_wage_monthly",
        value=Decimal("2200"),
        unit="EUR/month",
        valid_from=date(2025, 3, 1),
        valid_to=date(2025, 4, 1),
        source="local",
        confidence="OFFICIAL",
    )
    with pytest.raises(ParameterFileError) as info:
        load_legal_parameters(write(tmp_path, ROW_2025), TARGETS_FILE)
    assert str(info.value) == (
        "legal_parameters.csv, line 2: the period of minimum_wage_monthly from 2025-03-01 to 2025-04-01 "
        "(a version entered by an administrator) overlaps from 2025-01-01 to 2025-07-01 (line 2); "
        "loading never changes such a version, so change the file"
    )
    assert not LegalParameter.objects.filter(source="src").exists()


@pytest.mark.django_db
def test_a_corrected_start_date_in_the_file_replaces_the_old_shipped_row(tmp_path):
    load_legal_parameters(write(tmp_path, ROW_2025, ROW_2025_07), TARGETS_FILE)
    corrected = ROW_2025_07.replace("2025-07-01,,", "2025-07-02,,")
    result = load_legal_parameters(write(tmp_path, ROW_2025, corrected), TARGETS_FILE)
    assert (result["parameters_removed"], result["parameters_created"]) == (1, 1)
    assert value_on("minimum_wage_monthly", date(2025, 7, 2)) == Decimal("2245.80")
    assert not LegalParameter.objects.filter(valid_from=date(2025, 7, 1)).exists()
    assert (
        load_legal_parameters(write(tmp_path, ROW_2025, corrected), TARGETS_FILE)["parameters_unchanged"] == 2
    )


@pytest.mark.django_db
def test_loaded_rows_are_marked_as_shipped():
    load_legal_parameters()
    assert set(LegalParameter.objects.values_list("origin", flat=True)) == {Origin.SHIPPED}


@pytest.mark.django_db
def test_an_admin_row_with_the_same_start_is_kept_and_the_conflict_reported(tmp_path):
    load_legal_parameters(write(tmp_path, ROW_2025), TARGETS_FILE)
    LegalParameter.objects.filter(valid_from=date(2025, 1, 1)).update(valid_to=date(2025, 7, 1))
    LegalParameter.objects.create(
        key="minimum_wage_monthly",
        value=Decimal("2245.20"),
        unit="EUR/month",
        valid_from=date(2025, 7, 1),
        source="Stcrt. 2025, 12264 (ingevoerd door beheer)",
        confidence="OFFICIAL",
        origin=Origin.ADMIN,
    )
    result = load_legal_parameters(write(tmp_path, ROW_2025, ROW_2025_07), TARGETS_FILE)
    assert result["parameters_kept_admin"] == 1
    assert value_on("minimum_wage_monthly", date(2025, 8, 1)) == Decimal("2245.20")
    assert parameter_on("minimum_wage_monthly", date(2025, 8, 1)).source.startswith("Stcrt. 2025, 12264")
    assert result.conflicts == [
        "legal_parameters.csv, line 3: minimum_wage_monthly from 2025-07-01 was entered or corrected by an "
        "administrator and differs from the file in value; the administrator's version is kept."
    ]


@pytest.mark.django_db
def test_a_correction_in_the_interface_survives_reloading(parameter_admin):
    load_legal_parameters()
    row = parameter_on("job_unit_hours_per_year", date(2026, 1, 1))
    legal_parameter_correct(
        user=passed_second_factor(parameter_admin),
        parameter=row,
        value=Decimal("1326"),
        source="Regeling Wfsv art. 2 (test)",
        confidence="OFFICIAL",
        note="",
    )
    result = load_legal_parameters()
    row.refresh_from_db()
    assert (row.confidence, row.source, row.origin) == ("OFFICIAL", "Regeling Wfsv art. 2 (test)", "admin")
    assert result.conflicts == []
    assert result["parameters_kept_admin"] == 1


@pytest.mark.django_db
def test_an_open_ended_admin_row_ends_where_a_later_shipped_version_begins(tmp_path):
    load_legal_parameters(write(tmp_path, ROW_2025), TARGETS_FILE)
    admin_row = LegalParameter.objects.create(
        key="minimum_wage_monthly",
        value=Decimal("2245.80"),
        unit="EUR/month",
        valid_from=date(2025, 7, 1),
        source="ingevoerd door beheer",
        confidence="OFFICIAL",
        origin=Origin.ADMIN,
    )
    row_2026 = "minimum_wage_monthly,,2294.40,EUR/month,2026-01-01,,SECONDARY,src,"
    result = load_legal_parameters(write(tmp_path, ROW_2025, row_2026), TARGETS_FILE)
    admin_row.refresh_from_db()
    assert admin_row.valid_to == date(2026, 1, 1)
    assert value_on("minimum_wage_monthly", date(2026, 1, 1)) == Decimal("2294.40")
    assert "now ends on 2026-01-01" in result.conflicts[0]
    entry = AccessLogEntry.objects.get(object_uuid=admin_row.uuid)
    assert (entry.actor_username, entry.changed_fields) == ("system", ["valid_to"])


@pytest.mark.django_db
def test_a_value_above_the_maximum_of_its_unit_is_refused(tmp_path):
    with pytest.raises(ParameterFileError, match="line 2: value '108' is above 100"):
        load_legal_parameters(
            write(tmp_path, "holiday_allowance_pct,,108,%,2015-01-01,,LAW,src,"), TARGETS_FILE
        )


@pytest.mark.django_db
def test_management_command_reports_counts():
    out = StringIO()
    call_command("load_legal_parameters", stdout=out)
    assert "parameters_created: " in out.getvalue()
    assert LegalParameter.objects.exists()
