import re
from datetime import date

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.nl import bsn

from werkbedrijf.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from werkbedrijf.accounts.permissions import regions_of
from werkbedrijf.accounts.tests.factories import UserFactory
from werkbedrijf.candidates.models import Candidate, TargetGroup
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.demo.services import DEMO_PASSWORD, DemoDataError, _purge_support, demo_region_build
from werkbedrijf.labour_pools.models import PoolMembership, Secondment
from werkbedrijf.regions.models import Municipality, PostcodeArea, Region


def _am18_municipalities():
    return Municipality.objects.filter(memberships__year=2026, memberships__region__code="AM18")


def _state():
    """Everything the demo writes, by natural key (not by database id)."""
    return {
        "organisations": sorted(
            Organisation.objects.values_list("kind", "name", "kvk_number", "municipality__code")
        ),
        "users": sorted(
            User.objects.values_list(
                "username", "first_name", "last_name", "email", "organisation__name", "password"
            )
        ),
        "roles": sorted(RoleAssignment.objects.values_list("user__username", "role", "region__code")),
        "devices": sorted(TOTPDevice.objects.values_list("user__username", "key", "confirmed")),
        "candidates": sorted(
            Candidate.objects.values_list(
                "bsn",
                "uuid",
                "first_name",
                "last_name_prefix",
                "last_name",
                "date_of_birth",
                "postcode",
                "municipality__code",
                "responsible_organisation__name",
                "target_group",
                "in_target_group_register",
                "hours_per_week",
                "available_from",
            )
        ),
    }


def test_every_municipality_of_the_region_gets_its_own_organisation(build):
    build()
    orgs = Organisation.objects.filter(region__code="AM18", kind=OrganisationKind.MUNICIPALITY)
    assert sorted(orgs.values_list("municipality__code", flat=True)) == sorted(
        _am18_municipalities().values_list("code", flat=True)
    )
    assert "Gemeente Amsterdam" in {o.name for o in orgs}
    assert len(orgs) == 8


def test_the_region_has_its_partner_organisations(build):
    build()
    kinds = {kind: [] for kind in OrganisationKind.values}
    for org in Organisation.objects.filter(region__code="AM18"):
        kinds[org.kind].append(org)
    assert [o.name for o in kinds[OrganisationKind.WERKBEDRIJF]] == ["Werkbedrijf Groot Amsterdam"]
    assert [o.name for o in kinds[OrganisationKind.UWV]] == ["UWV Groot Amsterdam"]
    assert [o.name for o in kinds[OrganisationKind.EMPLOYER_SERVICE_POINT]] == [
        "Werkgeversservicepunt Groot Amsterdam"
    ]
    assert len(kinds[OrganisationKind.SHELTERED_WORK_COMPANY]) == 2
    assert len(kinds[OrganisationKind.JOB_COACH_PROVIDER]) == 2
    employers = kinds[OrganisationKind.EMPLOYER]
    assert len(employers) == 10
    assert all(re.fullmatch(r"[1-9]\d{7}", e.kvk_number) for e in employers)
    assert len({e.kvk_number for e in employers}) == 10


def test_every_role_has_a_demo_user_in_the_region(build):
    build()
    roles = set(RoleAssignment.objects.filter(region__code="AM18").values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.get(username="consulent.amsterdam").organisation.name == "Gemeente Amsterdam"
    assert User.objects.get(username="consulent.diemen").organisation.name == "Gemeente Diemen"
    assert User.objects.get(username="werkgever").organisation.kind == OrganisationKind.EMPLOYER


def test_one_consultant_works_in_two_regions(build):
    build()
    user = User.objects.get(username="consulent.uwv")
    assert [r.code for r in regions_of(user)] == ["AM17", "AM18"]


def test_demo_users_log_in_with_the_demo_password_and_staff_have_2fa(build):
    result = build()
    assert len(DEMO_PASSWORD) >= 12
    for login in result.logins:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.email.endswith("@demo.werkbedrijf.invalid")
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert has_device == (not user.is_external)
        assert not user.is_system_account


def _demo_keys():
    return dict(TOTPDevice.objects.values_list("user__username", "key"))


def test_demo_2fa_keys_are_random_not_derived_from_seed_and_user_name(build):
    build(candidates=0)
    first = _demo_keys()
    # As in a second database with the same seed: the demo users' devices are made afresh.
    TOTPDevice.objects.filter(user__email__endswith="@demo.werkbedrijf.invalid").delete()
    build(candidates=0)
    second = _demo_keys()
    assert first.keys() == second.keys()
    assert all(len(key) == 40 for key in second.values())
    assert not set(first.values()) & set(second.values())
    assert len(set(second.values())) == len(second)


def test_demo_2fa_keys_survive_a_rebuild(build):
    build(candidates=0)
    keys = _demo_keys()
    build(candidates=0, seed=7)
    assert _demo_keys() == keys


def test_the_employer_user_only_has_the_employer_role_and_staff_never_have_it(build):
    build(candidates=0)
    for assignment in RoleAssignment.objects.select_related("user__organisation"):
        assert (assignment.role == Role.EMPLOYER_USER) == assignment.user.is_external


def test_the_service_refuses_where_the_settings_do_not_allow_the_demo(reference_data, settings):
    settings.WERKBEDRIJF_DEMO_ALLOWED = False
    with pytest.raises(DemoDataError, match="WERKBEDRIJF_DEMO_ALLOWED"):
        demo_region_build(candidates=5)
    assert not User.objects.exists()


def test_running_twice_gives_the_same_state(build):
    build()
    first = _state()
    result = build()
    assert _state() == first
    assert result.candidates_created == result.candidates_removed == 0
    assert Candidate.objects.count() == 50


def test_the_number_of_candidates_follows_the_latest_run(build):
    build(candidates=30)
    thirty = set(Candidate.objects.values_list("bsn", flat=True))
    build(candidates=10)
    ten = set(Candidate.objects.values_list("bsn", flat=True))
    assert len(ten) == 10
    assert ten < thirty
    build(candidates=40)
    assert Candidate.objects.count() == 40
    assert thirty < set(Candidate.objects.values_list("bsn", flat=True))


def test_another_seed_gives_other_people(build):
    build(seed=1)
    first_bsns = set(Candidate.objects.values_list("bsn", flat=True))
    first_name = User.objects.get(username="beleid").get_full_name()
    build(seed=2)
    second_bsns = set(Candidate.objects.values_list("bsn", flat=True))
    assert len(second_bsns) == 50
    assert not first_bsns & second_bsns
    assert User.objects.get(username="beleid").get_full_name() != first_name
    assert Organisation.objects.filter(kind=OrganisationKind.EMPLOYER).count() == 10


def test_two_demo_regions_live_side_by_side(build):
    build(candidates=20)
    build(region_code="AM17", candidates=10)
    build(candidates=5)
    assert Candidate.objects.filter(region__code="AM18").count() == 5
    assert Candidate.objects.filter(region__code="AM17").count() == 10
    assert User.objects.get(username="beheer.am17").role_assignments.get().region.code == "AM17"
    assert User.objects.get(username="beheer").role_assignments.get().region.code == "AM18"


def test_every_bsn_is_valid_and_unique(build):
    build(candidates=200)
    bsns = list(Candidate.objects.values_list("bsn", flat=True))
    assert len(bsns) == len(set(bsns)) == 200
    assert all(bsn.is_valid(b) for b in bsns)


def test_candidates_live_at_a_postcode_of_their_own_municipality(build):
    build(candidates=200)
    municipality_of_pc4 = dict(PostcodeArea.objects.values_list("pc4", "municipality_id"))
    region_municipalities = set(_am18_municipalities().values_list("pk", flat=True))
    for candidate in Candidate.objects.all():
        assert re.fullmatch(r"\d{4} [A-Z]{2}", candidate.postcode)
        assert municipality_of_pc4[candidate.postcode[:4]] == candidate.municipality_id
        assert candidate.municipality_id in region_municipalities


def test_uwv_supports_wajong_and_wia_and_the_home_municipality_the_rest(build):
    build(candidates=200)
    uwv = Organisation.objects.get(region__code="AM18", kind=OrganisationKind.UWV)
    for candidate in Candidate.objects.select_related("responsible_organisation"):
        if candidate.target_group in (TargetGroup.WAJONG, TargetGroup.WIA):
            assert candidate.responsible_organisation == uwv
        else:
            assert candidate.responsible_organisation.municipality_id == candidate.municipality_id
    groups = list(Candidate.objects.values_list("target_group", flat=True))
    assert max(set(groups), key=groups.count) == TargetGroup.PARTICIPATION_ACT


def test_a_bsn_someone_entered_is_skipped_and_freed_again_when_they_delete_it(build):
    build(candidates=20)
    fresh = _state()["candidates"]
    first_bsn = Candidate.objects.order_by("pk").first().bsn
    _purge_support(Candidate.objects.all())
    Secondment.objects.all().delete()
    PoolMembership.objects.all().delete()
    Candidate.objects.all().delete()
    gemeente = Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, municipality__name="Diemen")
    own = CandidateFactory(bsn=first_bsn, responsible_organisation=gemeente, email="iemand@example.invalid")
    build(candidates=20)
    demo_bsns = set(Candidate.objects.exclude(pk=own.pk).values_list("bsn", flat=True))
    assert len(demo_bsns) == 20
    assert first_bsn not in demo_bsns
    own.delete()
    result = build(candidates=20)
    assert _state()["candidates"] == fresh
    assert result.candidates_created == result.candidates_removed == 20


def test_a_new_reference_date_replaces_the_people_in_place(build):
    build(candidates=20)
    uuids = set(Candidate.objects.values_list("uuid", flat=True))
    result = build(candidates=20, reference_date=date(2027, 1, 1))
    assert result.candidates_created == result.candidates_removed == 20
    assert set(Candidate.objects.values_list("uuid", flat=True)) == uuids


def test_candidates_entered_by_people_survive_a_rebuild(build):
    build(candidates=20)
    gemeente = Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, municipality__name="Diemen")
    own = CandidateFactory(responsible_organisation=gemeente, email="iemand@example.invalid")
    build(candidates=5)
    assert Candidate.objects.filter(pk=own.pk).exists()
    assert Candidate.objects.count() == 6


def test_an_existing_non_demo_user_is_not_taken_over(reference_data):
    region = Region.objects.get(code="AM18")
    organisation = Organisation.objects.create(
        name="Eigen organisatie", kind=OrganisationKind.WERKBEDRIJF, region=region
    )
    real = UserFactory(username="beheer", organisation=organisation, email="beheer@example.invalid")
    with pytest.raises(DemoDataError, match="beheer"):
        demo_region_build(candidates=5)
    real.refresh_from_db()
    assert real.organisation == organisation
    assert not Candidate.objects.exists()


@pytest.mark.django_db
def test_without_reference_data_the_demo_says_to_load_it():
    with pytest.raises(DemoDataError, match="load_reference_data"):
        demo_region_build(candidates=5)


def test_demo_functional_administrator_may_change_legal_values(build):
    from werkbedrijf.accounts.models import User

    build()
    assert User.objects.get(username="beheer").has_perm("parameters.change_legalparameter")
    assert not User.objects.get(username="consulent.amsterdam").has_perm("parameters.change_legalparameter")


def test_demo_pool_is_shared_and_mostly_fresh(build):
    from datetime import timedelta

    from django.utils import timezone

    from werkbedrijf.candidates.models import Consent, ConsentScope

    build()
    total = Candidate.objects.count()
    shared = Consent.objects.filter(scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True).count()
    fresh = Candidate.objects.filter(last_confirmed_at__gte=timezone.now() - timedelta(days=90)).count()
    assert 0.75 * total <= shared < total
    assert 0.7 * total <= fresh < total
    registered = Candidate.objects.filter(in_target_group_register=True)
    assert not registered.filter(register_ground="none").exists()
    assert not registered.filter(registered_from__isnull=True).exists()


def test_demo_employers_have_profiles_and_a_history_that_reruns_leave_alone(build):
    from werkbedrijf.employers.models import ContactMoment, Employer, EmployerLocation

    build()
    employer_orgs = Organisation.objects.filter(kind=OrganisationKind.EMPLOYER)
    assert Employer.objects.count() == employer_orgs.count() == 10
    assert EmployerLocation.objects.filter(is_main=True).count() == 10
    assert Employer.objects.filter(sector__classification="SBI2008", sector__level="afdeling").count() == 10
    history = sorted(ContactMoment.objects.values_list("uuid", flat=True))
    build()
    assert sorted(ContactMoment.objects.values_list("uuid", flat=True)) == history
    assert Employer.objects.count() == 10
