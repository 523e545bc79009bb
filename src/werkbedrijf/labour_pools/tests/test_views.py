"""The labour-pool pages per role: what each sees of members, access logging, forms and their validation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import Consent
from werkbedrijf.candidates.tests.factories import CandidateFactory
from werkbedrijf.labour_pools import services
from werkbedrijf.labour_pools.models import LabourPool, PoolMembership, Secondment

from .conftest import START

LIST = "/werkpools/"


def _detail(pool):
    return f"/werkpools/{pool.uuid}/"


def test_navigation_flag_per_role(
    login_verified, consultant, board_member, auditor, employer_user, policy_adviser
):
    for user, expected in (
        (consultant, True),
        (policy_adviser, True),
        (board_member, True),
        (auditor, False),
        (employer_user, False),
    ):
        client = login_verified(user)
        response = client.get("/")
        assert response.context["can_list_labour_pools"] is expected, user.username
        client.logout()


def test_list_shows_members_hours_and_employers(
    login_verified, consultant, pool, own_membership, other_membership, secondment
):
    response = login_verified(consultant).get(LIST)
    assert response.status_code == 200
    listed = response.context["pools"]
    assert [p.name for p in listed] == ["Groendienst Oost"]
    assert (listed[0].member_count, listed[0].seconded_hours, listed[0].employer_count) == (2, 16, 1)
    assert not AccessLogEntry.objects.filter(action=AccessAction.READ).exists()


def test_list_filters_and_empty_state(login_verified, account_manager, pool, sw_company):
    client = login_verified(account_manager)
    assert list(client.get(LIST, {"zoek": "groen"}).context["pools"]) == [pool]
    assert list(client.get(LIST, {"zoek": "De Werkplaats"}).context["pools"]) == [pool]
    assert list(client.get(LIST, {"soort": "labour_pool"}).context["pools"]) == []
    assert list(client.get(LIST, {"uitvoerder": str(sw_company.uuid)}).context["pools"]) == [pool]
    response = client.get(LIST, {"zoek": "bestaat niet"})
    with translation.override("nl"):
        assert (
            gettext("No pools match your search. Try fewer filters or another search term.") in response.text
        )
    services.pool_end(user=account_manager, region=pool.region, pool=pool, ended_on=START, reason="Gestopt")
    assert list(client.get(LIST).context["pools"]) == []
    assert list(client.get(LIST, {"status": "ended"}).context["pools"]) == [pool]


def test_consultant_sees_own_member_in_full_and_others_pseudonymised(
    login_verified, consultant, pool, own_membership, other_membership, own_candidate, other_candidate
):
    response = login_verified(consultant).get(_detail(pool))
    assert response.status_code == 200
    assert own_candidate.full_name in response.text
    assert other_candidate.last_name not in response.text and other_candidate.bsn not in response.text
    assert pseudonym("kandidaat", other_candidate.uuid) in response.text
    members = {row.member.candidate_uuid: row.member for row in response.context["detail"].members}
    assert members[own_candidate.uuid].is_full
    other = members[other_candidate.uuid]
    assert not other.is_full and other.pc4 == "1012" and other.age_band
    entry = AccessLogEntry.objects.get(object_type="labour_pool_members")
    assert entry.action == AccessAction.READ and entry.object_uuid == pool.uuid
    assert entry.subject_uuids == [str(own_candidate.uuid)]
    assert entry.actor == consultant


def test_the_other_municipality_sees_the_reverse(
    login_verified, consultant_b, pool, own_membership, other_membership, own_candidate, other_candidate
):
    response = login_verified(consultant_b).get(_detail(pool))
    assert other_candidate.full_name in response.text
    assert own_candidate.last_name not in response.text
    assert AccessLogEntry.objects.get(object_type="labour_pool_members").subject_uuids == [
        str(other_candidate.uuid)
    ]


def test_account_manager_sees_members_pseudonymised(
    login_verified,
    account_manager,
    pool,
    own_membership,
    other_membership,
    own_candidate,
    other_candidate,
    secondment,
):
    response = login_verified(account_manager).get(_detail(pool))
    assert response.status_code == 200
    for candidate in (own_candidate, other_candidate):
        assert candidate.last_name not in response.text
        assert pseudonym("kandidaat", candidate.uuid) in response.text
    assert response.context["detail"].total_hours == 16
    assert AccessLogEntry.objects.get(object_type="labour_pool_members").subject_uuids == []
    assert response.context["may_manage"] is True


def test_member_without_consent_shows_no_details_to_other_partners(
    login_verified, consultant, consultant_b, region, pool, other_membership, other_candidate
):
    Consent.objects.filter(candidate=other_candidate).update(withdrawn_at=timezone.now())
    response = login_verified(consultant).get(_detail(pool))
    member = response.context["detail"].members[0].member
    assert member.details_withheld and member.pc4 == "" and member.age_band == ""
    assert pseudonym("kandidaat", other_candidate.uuid) in response.text
    response = login_verified(consultant_b).get(_detail(pool))
    assert response.context["detail"].members[0].member.is_full


def test_free_text_is_shown_only_with_the_name(
    login_verified, consultant, consultant_b, region, pool, own_membership, secondment
):
    services.membership_end(
        user=consultant,
        region=region,
        membership=own_membership,
        ended_on=START,
        reason="Verhuisd naar Zwolle",
    )
    assert "Verhuisd naar Zwolle" in login_verified(consultant).get(_detail(pool)).text
    assert "Verhuisd naar Zwolle" not in login_verified(consultant_b).get(_detail(pool)).text


def test_board_member_sees_counts_only(
    login_verified, board_member, pool, own_membership, other_membership, secondment
):
    client = login_verified(board_member)
    response = client.get(LIST)
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.pools, counts.group_secondment_pools, counts.members, counts.seconded_members) == (
        1,
        1,
        2,
        1,
    )
    assert counts.seconded_hours == 16
    assert pool.name not in response.text
    assert client.get(_detail(pool)).status_code == 404
    assert not AccessLogEntry.objects.filter(object_type="labour_pool_members").exists()


@pytest.mark.parametrize("who", ["auditor", "employer_user"])
def test_auditor_and_employer_user_see_nothing(
    request, login_verified, who, pool, own_membership, secondment
):
    client = login_verified(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 403
    assert client.get(_detail(pool)).status_code == 404
    assert client.get(f"/werkpools/{pool.uuid}/leden/nieuw/").status_code == 404


def test_other_region_gets_404(login_verified, other_region_manager, pool):
    client = login_verified(other_region_manager)
    assert client.get(_detail(pool)).status_code == 404
    assert client.get(f"/werkpools/{pool.uuid}/bewerken/").status_code == 404
    assert (
        client.post(
            f"/werkpools/{pool.uuid}/beeindigen/", {"ended_on": "2026-02-01", "reason": "x"}
        ).status_code
        == 404
    )
    assert LabourPool.objects.get().ended_on is None


def test_policy_adviser_sees_counts_and_cannot_open_pools_or_forms(login_verified, policy_adviser, pool):
    client = login_verified(policy_adviser)
    assert client.get("/werkpools/nieuw/").status_code == 403
    assert client.get(_detail(pool)).status_code == 404
    assert client.get(f"/werkpools/{pool.uuid}/leden/nieuw/").status_code == 404


def test_create_pool_form_keeps_input_on_error(login_verified, account_manager, sw_company):
    client = login_verified(account_manager)
    response = client.post(
        "/werkpools/nieuw/", {"name": "Kantinepool", "kind": "labour_pool", "operator": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors["operator"]
    assert 'value="Kantinepool"' in response.text
    response = client.post(
        "/werkpools/nieuw/", {"name": "Kantinepool", "kind": "labour_pool", "operator": str(sw_company.uuid)}
    )
    pool = LabourPool.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(pool)


def test_edit_pool(login_verified, consultant, pool, sw_company):
    client = login_verified(consultant)
    assert client.get(f"/werkpools/{pool.uuid}/bewerken/").status_code == 200
    response = client.post(
        f"/werkpools/{pool.uuid}/bewerken/",
        {
            "name": "Groendienst",
            "kind": "labour_pool",
            "operator": str(sw_company.uuid),
            "description": "Parken",
        },
    )
    assert response.status_code == 302
    pool.refresh_from_db()
    assert (pool.name, pool.kind, pool.description) == ("Groendienst", "labour_pool", "Parken")


def test_member_search_offers_only_addable_candidates(
    login_verified, account_manager, consultant, pool, own_candidate, other_candidate, no_consent_candidate
):
    url = f"/werkpools/{pool.uuid}/leden/nieuw/"
    client = login_verified(consultant)
    response = client.get(url)
    assert response.status_code == 200 and response.context["form"].fields["candidate"].widget.choices == [
        ("", response.context["form"].fields["candidate"].widget.choices[0][1])
    ]
    response = client.get(url, {"zoek": own_candidate.last_name})
    options = dict(response.context["form"].fields["candidate"].widget.choices)
    assert options[str(own_candidate.uuid)] == own_candidate.full_name
    # By postcode area: other partners' candidates only with region-wide consent, pseudonymised.
    options = dict(client.get(url, {"pc4": "1012"}).context["form"].fields["candidate"].widget.choices)
    assert str(other_candidate.uuid) in options and str(no_consent_candidate.uuid) not in options
    assert options[str(other_candidate.uuid)].startswith(pseudonym("kandidaat", other_candidate.uuid))
    # A name search never reaches other organisations' candidates.
    options = dict(
        client.get(url, {"zoek": other_candidate.last_name})
        .context["form"]
        .fields["candidate"]
        .widget.choices
    )
    assert str(other_candidate.uuid) not in options
    assert AccessLogEntry.objects.filter(action=AccessAction.SEARCH, object_type="candidate").exists()


def test_add_member_and_validation_next_to_fields(
    login_verified, consultant, pool, own_candidate, no_consent_candidate
):
    url = f"/werkpools/{pool.uuid}/leden/nieuw/"
    client = login_verified(consultant)
    response = client.post(
        url,
        {
            "candidate": str(own_candidate.uuid),
            "started_on": "2026-02-01",
            "hours_per_week": "41",
            "note": "Ochtenden",
        },
    )
    assert response.status_code == 400 and "hours_per_week" in response.context["form"].errors
    assert 'value="Ochtenden"' in response.text
    assert f'value="{own_candidate.uuid}" selected' in response.text  # the choice is kept
    response = client.post(
        url, {"candidate": str(no_consent_candidate.uuid), "started_on": "2026-02-01", "hours_per_week": "8"}
    )
    assert response.status_code == 400 and "candidate" in response.context["form"].errors
    response = client.post(
        url, {"candidate": str(own_candidate.uuid), "started_on": "2026-02-01", "hours_per_week": "20.5"}
    )
    assert response.status_code == 302
    membership = PoolMembership.objects.get()
    assert membership.candidate == own_candidate and str(membership.hours_per_week) == "20.5"


def test_preselected_candidate_from_the_candidate_page(
    login_verified, account_manager, pool, other_candidate
):
    response = login_verified(account_manager).get(
        f"/werkpools/{pool.uuid}/leden/nieuw/", {"kandidaat": str(other_candidate.uuid)}
    )
    options = dict(response.context["form"].fields["candidate"].widget.choices)
    assert str(other_candidate.uuid) in options


def test_secondment_form_and_hours_error(
    login_verified, consultant, pool, own_membership, employer, foreign_employer
):
    url = f"/werkpools/{pool.uuid}/leden/{own_membership.uuid}/detacheren/"
    client = login_verified(consultant)
    response = client.get(url)
    assert response.status_code == 200
    offered = list(response.context["form"].fields["employer"].queryset)
    assert employer in offered and foreign_employer not in offered
    data = {
        "employer": str(employer.uuid),
        "started_on": "2026-02-02",
        "hours_per_week": "30",
        "tasks": "Snoeien",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "hours_per_week" in response.context["form"].errors
    assert "Snoeien" in response.text
    response = client.post(url, {**data, "employer": str(foreign_employer.uuid)})
    assert response.status_code == 400 and "employer" in response.context["form"].errors
    response = client.post(url, {**data, "hours_per_week": "24"})
    assert response.status_code == 302
    assert Secondment.objects.get().tasks == "Snoeien"


def test_employer_search_narrows_the_select(
    login_verified, consultant, pool, own_membership, employer, second_employer
):
    url = f"/werkpools/{pool.uuid}/leden/{own_membership.uuid}/detacheren/"
    response = login_verified(consultant).get(url, {"werkgever": "bakkerij"})
    assert list(response.context["form"].fields["employer"].queryset) == [second_employer]


def test_end_membership_page_ends_secondments(login_verified, consultant, pool, own_membership, secondment):
    url = f"/werkpools/{pool.uuid}/leden/{own_membership.uuid}/beeindigen/"
    client = login_verified(consultant)
    response = client.post(url, {"ended_on": "2026-03-01", "reason": ""})
    assert response.status_code == 400 and set(response.context["form"].errors) == {"reason"}
    response = client.post(url, {"ended_on": "2026-01-01", "reason": "Uitstroom"})
    assert response.status_code == 400 and set(response.context["form"].errors) == {"ended_on"}
    assert 'value="Uitstroom"' in response.text
    response = client.post(url, {"ended_on": "2026-03-01", "reason": "Uitstroom naar regulier werk"})
    assert response.status_code == 302
    secondment.refresh_from_db()
    assert str(secondment.ended_on) == "2026-03-01"
    detail = client.get(_detail(pool)).context["detail"]
    assert detail.members == [] and len(detail.ended_members) == 1 and len(detail.ended_secondments) == 1


def test_end_secondment_page(login_verified, consultant, pool, secondment):
    url = f"/werkpools/{pool.uuid}/detacheringen/{secondment.uuid}/beeindigen/"
    client = login_verified(consultant)
    assert client.get(url).status_code == 200
    assert client.post(url, {"ended_on": "2026-02-01", "reason": "Opdracht klaar"}).status_code == 302
    secondment.refresh_from_db()
    assert secondment.end_reason == "Opdracht klaar"


def test_group_secondment_page(login_verified, consultant, pool, own_membership, other_membership, employer):
    url = f"/werkpools/{pool.uuid}/groepsdetachering/"
    client = login_verified(consultant)
    response = client.get(url)
    assert len(response.context["form"].fields["memberships"].choices) == 2
    data = {
        "memberships": [str(own_membership.uuid), str(other_membership.uuid)],
        "employer": str(employer.uuid),
        "started_on": "2026-02-02",
        "hours_per_week": "30",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and response.context["form"].errors["memberships"]
    assert not Secondment.objects.exists()
    response = client.post(url, {**data, "hours_per_week": "12"})
    assert response.status_code == 302
    assert Secondment.objects.filter(employer=employer).count() == 2
    detail = client.get(_detail(pool)).context["detail"]
    assert [(t.employer, t.members, t.hours_per_week) for t in detail.employer_totals] == [(employer, 2, 24)]


def test_ended_pool_hides_the_management_actions(login_verified, consultant, region, pool):
    services.pool_end(
        user=consultant,
        region=region,
        pool=pool,
        ended_on=timezone.localdate() - timedelta(days=1),
        reason="x",
    )
    response = login_verified(consultant).get(_detail(pool))
    assert f"/werkpools/{pool.uuid}/leden/nieuw/" not in response.text


def test_list_narrowed_to_an_employer_or_a_member(
    login_verified,
    account_manager,
    region,
    sw_company,
    pool,
    own_membership,
    own_candidate,
    secondment,
    employer,
):
    services.pool_create(
        user=account_manager, region=region, name="Kantinepool", kind="labour_pool", operator=sw_company
    )
    client = login_verified(account_manager)
    assert len(client.get(LIST).context["pools"]) == 2
    response = client.get(LIST, {"werkgever": str(employer.uuid)})
    assert list(response.context["pools"]) == [pool] and response.context["seconded_at"] == employer.name
    response = client.get(LIST, {"kandidaat": str(own_candidate.uuid)})
    assert list(response.context["pools"]) == [pool]
    assert response.context["member_label"] == pseudonym("kandidaat", own_candidate.uuid)
    assert f'name="kandidaat" value="{own_candidate.uuid}"' in response.text


def test_detail_queries_do_not_grow_with_members(
    login_verified, consultant, region, pool, gemeente_a, gemeente_b, employer, django_assert_max_num_queries
):
    def add(organisation):
        membership = services.membership_add(
            user=consultant,
            region=region,
            pool=pool,
            candidate=CandidateFactory(responsible_organisation=organisation),
            started_on=START,
            hours_per_week=20,
        )
        services.secondment_add(
            user=consultant,
            region=region,
            membership=membership,
            employer=employer,
            started_on=START,
            hours_per_week=8,
        )

    add(gemeente_a)
    add(gemeente_b)
    client = login_verified(consultant)
    client.get(_detail(pool))
    with CaptureQueriesContext(connection) as few:
        client.get(_detail(pool))
    for _ in range(4):
        add(gemeente_a)
        add(gemeente_b)
    with django_assert_max_num_queries(len(few)):
        response = client.get(_detail(pool))
    assert len(response.context["detail"].members) == 10
