"""The create/edit forms, the detail page actions and the to-do page, in Dutch."""

import pytest
from django.urls import reverse

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import Candidate, CandidateStatusChange, Consent

pytestmark = pytest.mark.django_db


def form_data(pool, **extra):
    data = {
        "bsn": "111222333",
        "first_name": "Eva",
        "last_name": "Jansen",
        "date_of_birth": "1998-04-03",
        "postcode": "1013 AB",
        "municipality": pool["org_a"].municipality.pk,
        "target_group": "wajong",
        "register_ground": "none",
        "hours_per_week_min": "",
        "hours_per_week": "24",
        "ability_social_functioning": "2",
        "ability_social_functioning_note": "Werkt graag in een vast team",
        "own_transport": "bicycle",
    }
    data.update(extra)
    return data


def test_create_form_saves_candidate_and_abilities(client, login_verified, pool):
    login_verified(pool["consultant_a"])
    response = client.post(reverse("candidates:create"), form_data(pool))
    assert response.status_code == 302
    candidate = Candidate.objects.get(bsn="111222333")
    assert response["Location"] == reverse("candidates:detail", args=[candidate.uuid])
    assert candidate.responsible_organisation == pool["org_a"]
    assert list(candidate.abilities.values_list("rubric", "level")) == [("social_functioning", 2)]


def test_create_form_shows_dutch_errors_next_to_fields_and_keeps_input(client, login_verified, pool):
    login_verified(pool["consultant_a"])
    response = client.post(
        reverse("candidates:create"),
        form_data(pool, bsn="123456789", hours_per_week_min="30", hours_per_week="20"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)." in html
    assert 'id="id_bsn_error"' in html and 'aria-invalid="true"' in html
    assert 'id="id_hours_per_week_min_error"' in html
    assert "Verbeter het volgende en sla opnieuw op" in html
    # Input kept:
    assert 'value="123456789"' in html and 'value="Jansen"' in html
    assert "Werkt graag in een vast team" in html
    assert not Candidate.objects.filter(last_name="Jansen").exists()


def test_create_page_refused_for_account_manager(client, login_verified, pool):
    login_verified(pool["wsp_manager"])
    assert client.get(reverse("candidates:create")).status_code == 403


def test_edit_form_changes_and_logs(client, login_verified, pool):
    login_verified(pool["consultant_a"])
    candidate = pool["cand_a"]
    url = reverse("candidates:edit", args=[candidate.uuid])
    page = client.get(url)
    assert page.status_code == 200 and 'value="Visser"' in page.content.decode()
    data = form_data(pool, bsn=candidate.bsn, first_name="Anouk", last_name="Visser-de Boer")
    response = client.post(url, data)
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.last_name == "Visser-de Boer"
    entries = AccessLogEntry.objects.filter(action=AccessAction.UPDATE, object_uuid=candidate.uuid)
    assert sorted(e.changed_fields for e in entries) == [
        ["abilities.social_functioning"],
        # Only what differs from the factory's candidate; bsn and first name were sent unchanged.
        ["date_of_birth", "in_target_group_register", "last_name", "own_transport", "postcode"]
        + ["register_ground", "registered_from", "target_group"],
    ]


@pytest.mark.parametrize("who,status", [("consultant_b", 403), ("manager_a", 403), ("consultant_c", 404)])
def test_edit_refused_for_others(client, login_verified, pool, who, status):
    login_verified(pool[who])  # consultant_c works in AM17, where the AM18 candidate does not exist
    assert client.get(reverse("candidates:edit", args=[pool["cand_a"].uuid])).status_code == status


def test_detail_shows_completeness_consent_and_confirm_button(client, login_verified, pool):
    login_verified(pool["consultant_a"])
    html = client.get(reverse("candidates:detail", args=[pool["cand_a"].uuid])).content.decode()
    assert reverse("candidates:confirm", args=[pool["cand_a"].uuid]) in html
    assert reverse("candidates:status", args=[pool["cand_a"].uuid]) in html
    assert "education level" in html or "opleidingsniveau" in html.lower()


def test_pseudonymised_detail_has_no_actions(client, login_verified, pool):
    login_verified(pool["consultant_b"])
    html = client.get(reverse("candidates:detail", args=[pool["cand_a"].uuid])).content.decode()
    assert reverse("candidates:confirm", args=[pool["cand_a"].uuid]) not in html
    assert "Anouk" not in html and pool["cand_a"].bsn not in html
    assert "1012" in html  # the PC4 area


def test_confirm_status_and_consent_actions(client, login_verified, pool):
    login_verified(pool["consultant_a"])
    uuid = pool["cand_a"].uuid
    Candidate.objects.filter(uuid=uuid).update(last_confirmed_at=None)
    assert client.post(reverse("candidates:confirm", args=[uuid])).status_code == 302
    assert Candidate.objects.get(uuid=uuid).last_confirmed_at is not None
    response = client.post(
        reverse("candidates:status", args=[uuid]), {"to_status": "in_process", "reason": ""}
    )
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    response = client.post(
        reverse("candidates:status", args=[uuid]), {"to_status": "in_process", "reason": "Sollicitatie"}
    )
    assert response.status_code == 302
    assert CandidateStatusChange.objects.get(candidate__uuid=uuid).reason == "Sollicitatie"
    client.post(reverse("candidates:consent", args=[uuid]), {"scope": "region_wide", "action": "withdraw"})
    assert not Consent.objects.filter(candidate__uuid=uuid, withdrawn_at__isnull=True).exists()


def test_actions_refused_for_other_partner(client, login_verified, pool):
    login_verified(pool["consultant_b"])
    uuid = pool["cand_a"].uuid
    assert client.post(reverse("candidates:confirm", args=[uuid])).status_code == 403
    assert (
        client.post(
            reverse("candidates:status", args=[uuid]), {"to_status": "left", "reason": "x"}
        ).status_code
        == 403
    )
    response = client.post(
        reverse("candidates:consent", args=[uuid]), {"scope": "region_wide", "action": "withdraw"}
    )
    assert response.status_code == 403
    assert Consent.objects.filter(candidate__uuid=uuid, withdrawn_at__isnull=True).exists()


def test_list_filters_and_search(client, login_verified, pool):
    login_verified(pool["consultant_a"])
    html = client.get(reverse("candidates:list"), {"q": "Dekker"}).content.decode()
    assert "Anouk" not in html and "K-" not in html
    html = client.get(reverse("candidates:list"), {"q": "Visser", "status": "available"}).content.decode()
    assert "Anouk Visser" in html
    html = client.get(reverse("candidates:list"), {"status": "placed"}).content.decode()
    assert "Anouk Visser" not in html


def test_todo_page(client, login_verified, pool):
    login_verified(pool["consultant_a"])
    response = client.get(reverse("candidates:todo"))
    assert response.status_code == 200
    assert "Anouk Visser" in response.content.decode()
    assert "Bram" not in response.content.decode()
    login_verified(pool["wsp_manager"])
    assert client.get(reverse("candidates:todo")).status_code == 403
