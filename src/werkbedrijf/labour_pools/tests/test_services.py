"""The labour-pool services: who may write; hours, dates and regions; ending; group secondment."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from werkbedrijf.accounts.models import OrganisationKind
from werkbedrijf.accounts.tests.factories import OrganisationFactory
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.labour_pools import services
from werkbedrijf.labour_pools.models import PoolKind, PoolMembership, Secondment

from .conftest import START


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_pool_create_checks_operator_job_coach_and_rights(
    region, other_region, consultant, account_manager, policy_adviser, sw_company, employer
):
    with pytest.raises(PermissionDenied):
        services.pool_create(
            user=policy_adviser, region=region, name="X", kind=PoolKind.LABOUR_POOL, operator=sw_company
        )
    with pytest.raises(ValidationError) as excinfo:
        services.pool_create(
            user=consultant,
            region=region,
            name=" ",
            kind="other",
            operator=employer.organisation,
            job_coach=account_manager,
        )
    assert set(_errors(excinfo)) == {"name", "kind", "operator", "job_coach"}
    pool = services.pool_create(
        user=account_manager,
        region=region,
        name="Schoonmaakpool",
        kind=PoolKind.LABOUR_POOL,
        operator=sw_company,
        job_coach=consultant,
    )
    assert pool.region == region and pool.job_coach == consultant and pool.created_by == account_manager
    entry = AccessLogEntry.objects.get(object_uuid=pool.uuid)
    assert entry.action == AccessAction.CREATE and "operator" in entry.changed_fields


def test_operator_of_another_region_is_refused(region, other_region, consultant):
    foreign = OrganisationFactory(region=other_region, kind=OrganisationKind.SHELTERED_WORK_COMPANY)
    with pytest.raises(ValidationError) as excinfo:
        services.pool_create(
            user=consultant, region=region, name="X", kind=PoolKind.LABOUR_POOL, operator=foreign
        )
    assert list(_errors(excinfo)) == ["operator"]


def test_membership_rules_for_candidates(
    region,
    consultant,
    account_manager,
    pool,
    own_candidate,
    other_candidate,
    no_consent_candidate,
    foreign_candidate,
):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            user=consultant,
            region=region,
            pool=pool,
            candidate=foreign_candidate,
            started_on=START,
            hours_per_week=8,
        )
    assert list(_errors(excinfo)) == ["candidate"]
    # Another organisation's candidate without region-wide consent may not be added by anyone but its own.
    for user in (consultant, account_manager):
        with pytest.raises(ValidationError) as excinfo:
            services.membership_add(
                user=user,
                region=region,
                pool=pool,
                candidate=no_consent_candidate,
                started_on=START,
                hours_per_week=8,
            )
        assert list(_errors(excinfo)) == ["candidate"]
    # With consent anyone who manages pools may; the own organisation always may.
    services.membership_add(
        user=account_manager,
        region=region,
        pool=pool,
        candidate=other_candidate,
        started_on=START,
        hours_per_week=8,
    )
    services.membership_add(
        user=consultant, region=region, pool=pool, candidate=own_candidate, started_on=START, hours_per_week=8
    )
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            user=consultant,
            region=region,
            pool=pool,
            candidate=own_candidate,
            started_on=START,
            hours_per_week=8,
        )
    assert list(_errors(excinfo)) == ["candidate"]
    entry = AccessLogEntry.objects.filter(object_type="labour_pool_membership").latest("id")
    assert entry.subject_uuids == [str(own_candidate.uuid)]
    assert own_candidate.last_name not in entry.object_label


@pytest.mark.parametrize("hours", [0, Decimal("-1"), Decimal("40.5"), Decimal("8.25"), None])
def test_membership_hours_must_be_above_0_and_at_most_40(region, consultant, pool, own_candidate, hours):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            user=consultant,
            region=region,
            pool=pool,
            candidate=own_candidate,
            started_on=START,
            hours_per_week=hours,
        )
    assert list(_errors(excinfo)) == ["hours_per_week"]


def test_secondment_hours_may_not_exceed_the_membership(
    region, consultant, own_membership, employer, secondment
):
    # The member has 24 hours a week, 16 of which are seconded; 9 more is too many, 8 fits.
    with pytest.raises(ValidationError) as excinfo:
        services.secondment_add(
            user=consultant,
            region=region,
            membership=own_membership,
            employer=employer,
            started_on=START + timedelta(days=7),
            hours_per_week=9,
        )
    errors = _errors(excinfo)
    assert list(errors) == ["hours_per_week"]
    assert "24" in errors["hours_per_week"][0] and "16" in errors["hours_per_week"][0]
    services.secondment_add(
        user=consultant,
        region=region,
        membership=own_membership,
        employer=employer,
        started_on=START + timedelta(days=7),
        hours_per_week=8,
    )


def test_secondments_that_do_not_overlap_may_each_use_all_hours(region, consultant, own_membership, employer):
    services.secondment_add(
        user=consultant,
        region=region,
        membership=own_membership,
        employer=employer,
        started_on=START,
        ended_on=START + timedelta(days=30),
        hours_per_week=24,
    )
    later = services.secondment_add(
        user=consultant,
        region=region,
        membership=own_membership,
        employer=employer,
        started_on=START + timedelta(days=31),
        hours_per_week=24,
    )
    assert later.hours_per_week == 24


def test_secondment_dates_employer_and_location_are_checked(
    region, consultant, own_membership, employer, second_employer, foreign_employer, employer_location
):
    def add(**kwargs):
        values = {
            "user": consultant,
            "region": region,
            "membership": own_membership,
            "employer": employer,
            "started_on": START,
            "hours_per_week": 8,
        }
        with pytest.raises(ValidationError) as excinfo:
            services.secondment_add(**{**values, **kwargs})
        return _errors(excinfo)

    assert list(add(employer=foreign_employer)) == ["employer"]
    assert list(add(employer=second_employer, location=employer_location)) == ["location"]
    assert list(add(started_on=START - timedelta(days=1))) == ["started_on"]
    assert list(add(ended_on=START - timedelta(days=1))) == ["ended_on"]
    assert list(add(hours_per_week=0)) == ["hours_per_week"]
    assert not Secondment.objects.exists()
    created = services.secondment_add(
        user=consultant,
        region=region,
        membership=own_membership,
        employer=employer,
        location=employer_location,
        started_on=START,
        hours_per_week=8,
    )
    assert created.location == employer_location


def test_secondment_within_an_ended_membership_must_end_by_then(region, consultant, own_membership, employer):
    services.membership_end(
        user=consultant,
        region=region,
        membership=own_membership,
        ended_on=START + timedelta(days=60),
        reason="Werk",
    )
    own_membership.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.secondment_add(
            user=consultant,
            region=region,
            membership=own_membership,
            employer=employer,
            started_on=START,
            hours_per_week=8,
        )
    assert list(_errors(excinfo)) == ["ended_on"]


def test_ending_a_membership_ends_its_secondments_on_the_same_date(
    region, consultant, own_membership, other_membership, employer, secondment
):
    other = services.secondment_add(
        user=consultant,
        region=region,
        membership=other_membership,
        employer=employer,
        started_on=START,
        hours_per_week=8,
    )
    fixed_term = services.secondment_add(
        user=consultant,
        region=region,
        membership=own_membership,
        employer=employer,
        started_on=START,
        ended_on=START + timedelta(days=300),
        hours_per_week=8,
    )
    end = START + timedelta(days=90)
    services.membership_end(
        user=consultant, region=region, membership=own_membership, ended_on=end, reason="Vaste baan gevonden"
    )
    own_membership.refresh_from_db()
    assert own_membership.ended_on == end and own_membership.end_reason == "Vaste baan gevonden"
    for s in (secondment, fixed_term):
        s.refresh_from_db()
        assert (s.ended_on, s.end_reason) == (end, "Vaste baan gevonden")
    other.refresh_from_db()
    assert other.ended_on is None
    assert PoolMembership.objects.count() == 2 and Secondment.objects.count() == 3
    with pytest.raises(ValidationError) as excinfo:
        services.membership_end(
            user=consultant, region=region, membership=own_membership, ended_on=end, reason="x"
        )
    assert "ended_on" in _errors(excinfo)


def test_ending_needs_a_reason_and_a_date_not_before_the_start(region, consultant, own_membership):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_end(
            user=consultant,
            region=region,
            membership=own_membership,
            ended_on=START - timedelta(days=1),
            reason=" ",
        )
    assert set(_errors(excinfo)) == {"ended_on", "reason"}


def test_membership_cannot_end_before_a_planned_secondment_starts(
    region, consultant, own_membership, employer
):
    services.secondment_add(
        user=consultant,
        region=region,
        membership=own_membership,
        employer=employer,
        started_on=START + timedelta(days=100),
        hours_per_week=8,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.membership_end(
            user=consultant,
            region=region,
            membership=own_membership,
            ended_on=START + timedelta(days=50),
            reason="x",
        )
    assert "Groenbedrijf Het Veld" in _errors(excinfo)["ended_on"][0]


def test_group_secondment_is_all_or_nothing(
    region, consultant, pool, own_membership, other_membership, employer
):
    with pytest.raises(ValidationError) as excinfo:
        services.group_secondment_add(
            user=consultant,
            region=region,
            pool=pool,
            memberships=[own_membership, other_membership],
            employer=employer,
            started_on=START,
            hours_per_week=28,  # more than the first member's 24 hours
        )
    errors = _errors(excinfo)
    assert list(errors) == ["memberships"] and len(errors["memberships"]) == 1
    assert not Secondment.objects.exists()
    created = services.group_secondment_add(
        user=consultant,
        region=region,
        pool=pool,
        memberships=[own_membership, other_membership],
        employer=employer,
        started_on=START,
        hours_per_week=20,
        tasks="Plantsoenen",
    )
    assert {s.membership for s in created} == {own_membership, other_membership}
    assert all(s.hours_per_week == 20 and s.employer == employer for s in created)
    assert (
        AccessLogEntry.objects.filter(
            object_type="labour_pool_secondment", action=AccessAction.CREATE
        ).count()
        == 2
    )


def test_group_secondment_needs_members_of_this_pool(
    region, consultant, sw_company, own_membership, employer
):
    other_pool = services.pool_create(
        user=consultant, region=region, name="Andere pool", kind=PoolKind.LABOUR_POOL, operator=sw_company
    )
    for memberships in ([], [own_membership]):
        with pytest.raises(ValidationError) as excinfo:
            services.group_secondment_add(
                user=consultant,
                region=region,
                pool=other_pool,
                memberships=memberships,
                employer=employer,
                started_on=START,
                hours_per_week=8,
            )
        assert list(_errors(excinfo)) == ["memberships"]


def test_secondment_end_and_no_extension(region, consultant, secondment):
    with pytest.raises(ValidationError):
        services.secondment_end(
            user=consultant,
            region=region,
            secondment=secondment,
            ended_on=START - timedelta(days=1),
            reason="x",
        )
    services.secondment_end(
        user=consultant,
        region=region,
        secondment=secondment,
        ended_on=START + timedelta(days=10),
        reason="Klaar",
    )
    secondment.refresh_from_db()
    assert secondment.ended_on == START + timedelta(days=10)
    with pytest.raises(ValidationError):
        services.secondment_end(
            user=consultant,
            region=region,
            secondment=secondment,
            ended_on=START + timedelta(days=5),
            reason="x",
        )


def test_pool_end_ends_memberships_and_secondments(
    region, consultant, pool, own_membership, other_membership, secondment
):
    end = START + timedelta(days=40)
    services.pool_end(user=consultant, region=region, pool=pool, ended_on=end, reason="Opdracht afgelopen")
    pool.refresh_from_db()
    assert pool.ended_on == end
    assert set(PoolMembership.objects.values_list("ended_on", flat=True)) == {end}
    secondment.refresh_from_db()
    assert secondment.ended_on == end
    with pytest.raises(ValidationError):
        services.pool_end(user=consultant, region=region, pool=pool, ended_on=end, reason="x")


def test_writes_refuse_other_regions_and_readers(
    region, other_region, other_region_manager, policy_adviser, pool, own_membership, employer
):
    with pytest.raises(PermissionDenied):
        services.membership_end(
            user=policy_adviser, region=region, membership=own_membership, ended_on=START, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.pool_update(user=other_region_manager, region=other_region, pool=pool, name="Overgenomen")


def test_pool_update_records_changed_fields(region, consultant, account_manager, pool):
    services.pool_update(
        user=account_manager, region=region, pool=pool, name="Groendienst Oost-Noord", description=""
    )
    entry = AccessLogEntry.objects.filter(object_uuid=pool.uuid, action=AccessAction.UPDATE).get()
    assert entry.changed_fields == ["name"]


def test_editing_keeps_a_job_coach_who_lost_the_role(region, consultant, account_manager, sw_company):
    pool = services.pool_create(
        user=account_manager,
        region=region,
        name="Kantinepool",
        kind=PoolKind.LABOUR_POOL,
        operator=sw_company,
        job_coach=consultant,
    )
    consultant.role_assignments.all().delete()
    services.pool_update(
        user=account_manager, region=region, pool=pool, name="Kantinepool Oost", job_coach=consultant
    )
    pool.refresh_from_db()
    assert (pool.name, pool.job_coach) == ("Kantinepool Oost", consultant)
