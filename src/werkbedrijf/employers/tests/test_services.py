from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import UserFactory, give_role
from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.employers import services
from werkbedrijf.employers.models import ContactMoment, ContactMomentKind, Employer, SizeClass
from werkbedrijf.regions.models import Sector, SectorClassification


def _create(user, region, sector, **overrides):
    values = {
        "name": "Drukkerij Het Anker",
        "kvk_number": "87654321",
        "sector": sector,
        "size_class": SizeClass.MEDIUM,
    }
    values.update(overrides)
    return services.employer_create(user=user, region=region, **values)


def test_create_makes_organisation_and_employer_and_logs(account_manager, region, sector):
    employer = _create(
        account_manager, region, sector, kvk_number="8765 4321", account_manager=account_manager
    )
    organisation = employer.organisation
    assert organisation.kind == OrganisationKind.EMPLOYER
    assert organisation.region == region
    assert organisation.kvk_number == "87654321"
    assert employer.account_manager == account_manager
    entry = AccessLogEntry.objects.get(object_uuid=employer.uuid)
    assert entry.action == "create" and entry.object_type == "employer"
    assert "kvk_number" in entry.changed_fields


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "", "12-345678"])
def test_kvk_must_be_eight_digits(account_manager, region, sector, kvk):
    with pytest.raises(ValidationError) as error:
        _create(account_manager, region, sector, kvk_number=kvk)
    assert "kvk_number" in error.value.message_dict
    assert not Employer.objects.exists()


def test_duplicate_kvk_in_region_names_the_existing_employer(account_manager, region, sector, employer):
    with pytest.raises(ValidationError) as error:
        _create(account_manager, region, sector, kvk_number=employer.kvk_number)
    message = error.value.message_dict["kvk_number"][0]
    assert "Bakkerij De Korenschoof" in message
    assert Employer.objects.count() == 1


def test_same_kvk_in_another_region_is_allowed(other_region_manager, other_region, sector, employer):
    created = _create(other_region_manager, other_region, sector, kvk_number=employer.kvk_number)
    assert created.organisation.region == other_region


def test_update_to_a_duplicate_kvk_is_refused(account_manager, region, employer, other_employer):
    with pytest.raises(ValidationError) as error:
        services.employer_update(
            user=account_manager, region=region, employer=other_employer, kvk_number=employer.kvk_number
        )
    assert "Bakkerij De Korenschoof" in error.value.message_dict["kvk_number"][0]


def test_sector_must_be_sbi2008_division_or_lower(account_manager, region):
    section = Sector.objects.create(
        classification=SectorClassification.SBI_2008,
        code="J",
        level="sectie",
        section="J",
        name_nl="Informatie",
    )
    sbi2025 = Sector.objects.create(
        classification=SectorClassification.SBI_2025, code="62", level="afdeling", section="K", name_nl="IT"
    )
    for sector in (section, sbi2025):
        with pytest.raises(ValidationError) as error:
            _create(account_manager, region, sector)
        assert "sector" in error.value.message_dict


def test_account_manager_must_hold_the_role_in_the_region(
    account_manager, consultant, region, sector, employer
):
    with pytest.raises(ValidationError) as error:
        _create(account_manager, region, sector, account_manager=consultant)
    assert "account_manager" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.employer_assign_account_manager(
            user=account_manager, region=region, employer=employer, account_manager=consultant
        )


def test_account_manager_of_another_region_is_refused(
    account_manager, other_region_manager, region, employer
):
    with pytest.raises(ValidationError):
        services.employer_assign_account_manager(
            user=account_manager, region=region, employer=employer, account_manager=other_region_manager
        )


def test_assign_account_manager_logs_the_change(account_manager, region, wsp, other_employer):
    colleague = UserFactory(username="collega", organisation=wsp)
    give_role(colleague, Role.ACCOUNT_MANAGER, region)
    services.employer_assign_account_manager(
        user=account_manager, region=region, employer=other_employer, account_manager=colleague
    )
    other_employer.refresh_from_db()
    assert other_employer.account_manager == colleague
    entry = AccessLogEntry.objects.get(object_uuid=other_employer.uuid, action="update")
    assert entry.changed_fields == ["account_manager"]


def test_only_account_managers_write_employers(
    consultant, board_member, employer_user, region, sector, employer
):
    for user in (consultant, board_member, employer_user):
        with pytest.raises(PermissionDenied):
            _create(user, region, sector)
        with pytest.raises(PermissionDenied):
            services.employer_update(user=user, region=region, employer=employer, name="Anders")


def test_another_regions_employer_cannot_be_changed(other_region_manager, other_region, employer):
    with pytest.raises(PermissionDenied):
        services.employer_update(user=other_region_manager, region=other_region, employer=employer, name="X")


def test_location_gets_municipality_from_pc4_and_first_is_main(account_manager, region, employer, pc4):
    first = services.employer_location_add(
        user=account_manager, region=region, employer=employer, name="Winkel", postcode="1012ab"
    )
    assert first.postcode == "1012 AB"
    assert first.municipality.name == "Korendam"
    assert first.is_main
    second = services.employer_location_add(
        user=account_manager,
        region=region,
        employer=employer,
        name="Bakkerij",
        postcode="1012 CD",
        is_main=True,
    )
    first.refresh_from_db()
    assert second.is_main and not first.is_main


def test_location_with_unknown_or_invalid_postcode(account_manager, region, employer, pc4):
    for postcode in ("9999 ZZ", "ABCD 12", ""):
        with pytest.raises(ValidationError) as error:
            services.employer_location_add(
                user=account_manager, region=region, employer=employer, name="X", postcode=postcode
            )
        assert "postcode" in error.value.message_dict


def test_contact_moment_is_logged_and_append_only(consultant, region, employer):
    moment = services.contact_moment_add(
        user=consultant,
        region=region,
        employer=employer,
        occurred_at=timezone.now() - timedelta(hours=1),
        kind=ContactMomentKind.CALL,
        summary="Gebeld met de bedrijfsleider over twee werkplekken.",
        next_step="Werkplekbezoek",
        next_step_date=date.today() + timedelta(days=7),
    )
    entry = AccessLogEntry.objects.get(object_uuid=moment.uuid)
    assert entry.object_type == "employer_contact_moment" and entry.action == "create"
    assert "summary" in entry.changed_fields
    moment.summary = "Gewijzigd"
    with pytest.raises(PermissionError):
        moment.save()
    with pytest.raises(PermissionError):
        moment.delete()
    with pytest.raises(PermissionError):
        ContactMoment.objects.filter(pk=moment.pk).update(summary="Gewijzigd")
    with pytest.raises(PermissionError):
        ContactMoment.objects.all().delete()
    assert ContactMoment.objects.get(pk=moment.pk).summary.startswith("Gebeld")
    correction = services.contact_moment_add(
        user=consultant,
        region=region,
        employer=employer,
        occurred_at=timezone.now(),
        kind=ContactMomentKind.CALL,
        summary="Correctie: het ging om drie werkplekken.",
        corrects=moment,
    )
    assert correction.corrects == moment
    assert ContactMoment.objects.filter(employer=employer).count() == 2


def test_contact_moment_validation(consultant, region, employer, other_employer):
    earlier = services.contact_moment_add(
        user=consultant,
        region=region,
        employer=other_employer,
        occurred_at=timezone.now(),
        kind=ContactMomentKind.MEETING,
        summary="Kennismaking",
    )
    with pytest.raises(ValidationError) as error:
        services.contact_moment_add(
            user=consultant,
            region=region,
            employer=employer,
            occurred_at=timezone.now() + timedelta(days=2),
            kind="lunch",
            summary=" ",
            next_step_date=date.today() - timedelta(days=1),
            corrects=earlier,
        )
    assert set(error.value.message_dict) == {
        "occurred_at",
        "kind",
        "summary",
        "next_step",
        "next_step_date",
        "corrects",
    }


def test_board_member_and_employer_user_cannot_add_contact_moments(
    board_member, employer_user, region, employer
):
    for user in (board_member, employer_user):
        with pytest.raises(PermissionDenied):
            services.contact_moment_add(
                user=user,
                region=region,
                employer=employer,
                occurred_at=timezone.now(),
                kind=ContactMomentKind.CALL,
                summary="x",
            )


def test_pledge(account_manager, region, employer):
    pledge = services.pledge_add(
        user=account_manager, region=region, employer=employer, year=date.today().year + 1, number_of_jobs=5
    )
    assert pledge.recorded_by == account_manager
    assert AccessLogEntry.objects.filter(object_uuid=pledge.uuid, object_type="employer_pledge").exists()
    with pytest.raises(ValidationError) as error:
        services.pledge_add(
            user=account_manager, region=region, employer=employer, year=1999, number_of_jobs=0
        )
    assert set(error.value.message_dict) == {"year", "number_of_jobs"}
