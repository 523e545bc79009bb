from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.parameters.models import LegalParameter, Origin
from werkbedrijf.parameters.selectors import parameter_on, value_on
from werkbedrijf.parameters.services import legal_parameter_correct, legal_parameter_create

from .conftest import passed_second_factor


@pytest.fixture
def admin(parameter_admin):
    return passed_second_factor(parameter_admin)


def create(user, **overrides):
    fields = {
        "user": user,
        "key": "minimum_wage_monthly",
        "variant": "",
        "value": Decimal("2340.00"),
        "unit": "EUR/month",
        "valid_from": date(2026, 7, 1),
        "valid_to": None,
        "source": "Wet minimumloon art. 14; indexering 1-7-2026 (test)",
        "confidence": "OFFICIAL",
        "note": "",
    }
    fields.update(overrides)
    return legal_parameter_create(**fields)


def correct(user, parameter, **overrides):
    fields = {
        "user": user,
        "parameter": parameter,
        "value": parameter.value,
        "source": "Regeling Wfsv 2026 art. 2 (test)",
        "confidence": "OFFICIAL",
        "note": "",
    }
    fields.update(overrides)
    return legal_parameter_correct(**fields)


def test_new_version_closes_the_open_ended_one(legal_parameters, admin):
    previous = parameter_on("minimum_wage_monthly", date(2026, 1, 1))
    create(admin)
    previous.refresh_from_db()
    assert previous.last_day == date(2026, 6, 30)
    assert value_on("minimum_wage_monthly", date(2026, 6, 30)) == Decimal("2294.40")
    assert value_on("minimum_wage_monthly", date(2026, 7, 1)) == Decimal("2340.00")


def test_the_change_is_in_the_audit_log(legal_parameters, admin):
    parameter = create(admin)
    entries = AccessLogEntry.objects.filter(object_type="legal_parameter").order_by("id")
    assert [(e.action, e.actor_username) for e in entries] == [
        ("update", "landelijk-beheer"),
        ("create", "landelijk-beheer"),
    ]
    assert entries[1].object_uuid == parameter.uuid
    assert entries[0].changed_fields == ["valid_to"]


def test_a_closed_period_in_the_future_is_added_without_closing_anything(legal_parameters, admin):
    create(admin, key="quota_percentage", unit="%", value=Decimal("2.61"),
           valid_from=date(2027, 1, 1), valid_to=date(2028, 1, 1))  # fmt: skip
    assert value_on("quota_percentage", date(2026, 12, 31)) == Decimal("2.58")
    assert value_on("quota_percentage", date(2027, 12, 31)) == Decimal("2.61")


def test_overlap_is_refused_naming_the_other_version_with_its_last_day(legal_parameters, admin):
    with pytest.raises(ValidationError) as info:
        create(admin, valid_from=date(2025, 3, 1), valid_to=date(2025, 4, 1))
    assert "1-1-2025" in info.value.message_dict["valid_from"][0]
    assert "30-6-2025" in info.value.message_dict["valid_from"][0]
    assert LegalParameter.objects.filter(key="minimum_wage_monthly").count() == 4


def test_open_ended_version_before_a_later_one_is_refused(legal_parameters, admin):
    with pytest.raises(ValidationError):
        create(admin, valid_from=date(2025, 9, 1))
    assert value_on("minimum_wage_monthly", date(2025, 9, 1)) == Decimal("2245.80")


def test_same_start_date_is_refused(legal_parameters, admin):
    with pytest.raises(ValidationError):
        create(admin, valid_from=date(2026, 1, 1))


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"key": "no_such_key"}, "key"),
        ({"variant": "19"}, "variant"),
        ({"unit": "EUR/hour"}, "unit"),
        ({"value": Decimal("-1")}, "value"),
        ({"key": "holiday_allowance_pct", "unit": "%", "value": Decimal("108")}, "value"),
        ({"key": "wage_cost_subsidy_hours_basis", "unit": "hours/week", "value": Decimal("169")}, "value"),
        (
            {"key": "wage_cost_subsidy_flat_rate_max_months", "unit": "months", "value": Decimal("6.5")},
            "value",
        ),
        ({"valid_to": date(2026, 6, 1)}, "valid_to"),
        ({"source": "  "}, "source"),
        ({"confidence": "SURE"}, "confidence"),
    ],
)
def test_invalid_input_is_refused_per_field(legal_parameters, admin, overrides, field):
    with pytest.raises(ValidationError) as info:
        create(admin, **overrides)
    assert field in info.value.message_dict
    assert not LegalParameter.objects.filter(valid_from=date(2026, 7, 1)).exists()


def test_every_problem_is_reported_at_once(legal_parameters, admin):
    with pytest.raises(ValidationError) as info:
        create(admin, key="minimum_wage_hourly", unit="EUR/hour", variant="market", value=Decimal("-5"),
               valid_from=date(2027, 1, 1), valid_to=date(2026, 1, 2), source="")  # fmt: skip
    assert set(info.value.message_dict) == {"variant", "value", "valid_to", "source"}


def test_a_functional_administrator_of_one_region_may_not_change_national_values(
    legal_parameters, functional_admin, consultant
):
    for user in (functional_admin, consultant):
        with pytest.raises(PermissionDenied):
            create(passed_second_factor(user))
    assert not LegalParameter.objects.filter(valid_from=date(2026, 7, 1)).exists()


def test_the_permission_needs_the_second_factor(legal_parameters, parameter_admin):
    parameter_admin.is_verified = lambda: False
    with pytest.raises(PermissionDenied):
        create(parameter_admin)


def test_an_external_user_is_refused_even_with_the_permission(
    legal_parameters, employer_user_with_permission
):
    with pytest.raises(PermissionDenied):
        create(employer_user_with_permission)


def test_correcting_an_unconfirmed_closed_period(legal_parameters, admin):
    quota = parameter_on("quota_percentage", date(2026, 6, 1))
    corrected = correct(admin, quota, value=Decimal("2.64"), note="Bevestigd in de regeling.")
    assert value_on("quota_percentage", date(2026, 1, 1)) == Decimal("2.64")
    assert value_on("quota_percentage", date(2026, 12, 31)) == Decimal("2.64")
    assert (corrected.valid_from, corrected.valid_to) == (date(2026, 1, 1), date(2027, 1, 1))
    assert (corrected.confidence, corrected.source) == ("OFFICIAL", "Regeling Wfsv 2026 art. 2 (test)")
    assert corrected.origin == Origin.ADMIN


def test_correcting_an_open_ended_version_keeps_its_period_and_is_audited(legal_parameters, admin):
    hours = parameter_on("job_unit_hours_per_year", date(2026, 1, 1))
    correct(admin, hours, value=Decimal("1326"), note="")
    hours.refresh_from_db()
    assert (hours.valid_from, hours.valid_to, hours.confidence) == (date(2015, 1, 1), None, "OFFICIAL")
    entry = AccessLogEntry.objects.get(object_type="legal_parameter", object_uuid=hours.uuid)
    assert (entry.action, entry.actor_username) == ("update", "landelijk-beheer")
    assert entry.changed_fields == ["confidence", "note", "origin", "source"]
    assert "correction" in entry.context


def test_a_correction_must_change_something(legal_parameters, admin):
    row = parameter_on("holiday_allowance_pct", date(2026, 1, 1))
    with pytest.raises(ValidationError):
        correct(admin, row, source=row.source, confidence=row.confidence, note=row.note)
    assert not AccessLogEntry.objects.filter(object_uuid=row.uuid).exists()


def test_a_correction_needs_a_source_and_a_valid_value(legal_parameters, admin):
    row = parameter_on("quota_percentage", date(2026, 6, 1))
    with pytest.raises(ValidationError) as info:
        correct(admin, row, value=Decimal("250"), source=" ")
    assert set(info.value.message_dict) == {"value", "source"}
    row.refresh_from_db()
    assert row.value == Decimal("2.58")


def test_only_a_permitted_user_may_correct(legal_parameters, functional_admin):
    row = parameter_on("quota_percentage", date(2026, 6, 1))
    with pytest.raises(PermissionDenied):
        correct(passed_second_factor(functional_admin), row, value=Decimal("2.64"))
    row.refresh_from_db()
    assert row.value == Decimal("2.58")
