"""Per role: who sees which employers, in the interface and the API."""

import pytest
from django.urls import reverse

from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.employers import selectors
from werkbedrijf.employers.models import ContactMoment

HISTORY = "employer_contact_history"


@pytest.fixture
def moment(employer, account_manager):
    from django.utils import timezone

    return ContactMoment.objects.create(
        employer=employer,
        author=account_manager,
        occurred_at=timezone.now(),
        kind="call",
        summary="Gesprek met mevrouw Jansen (HR) over een leerwerkplek.",
    )


def detail_url(employer):
    return reverse("employers:detail", args=[employer.uuid])


@pytest.mark.parametrize("role", ["account_manager", "consultant"])
def test_staff_see_list_and_detail_with_history(
    request, role, login_verified, employer, other_employer, moment
):
    user = request.getfixturevalue(role)
    client = login_verified(user)
    response = client.get(reverse("employers:list"))
    assert response.status_code == 200
    assert "Bakkerij De Korenschoof" in response.text and "Groenbedrijf Het Veld" in response.text
    response = client.get(detail_url(employer))
    assert response.status_code == 200
    assert "mevrouw Jansen" in response.text
    entry = AccessLogEntry.objects.get(object_type=HISTORY, actor=user)
    assert entry.action == "read" and entry.object_uuid == employer.uuid


def test_board_member_sees_only_counts(login_verified, board_member, employer, other_employer, moment):
    client = login_verified(board_member)
    response = client.get(reverse("employers:list"))
    assert response.status_code == 200
    assert "Bakkerij De Korenschoof" not in response.text
    assert ">2<" in response.text.replace(" ", "")
    assert client.get(detail_url(employer)).status_code == 404
    assert not AccessLogEntry.objects.filter(object_type=HISTORY).exists()


def test_auditor_sees_nothing(login_verified, auditor, employer):
    client = login_verified(auditor)
    assert client.get(reverse("employers:list")).status_code == 403
    assert client.get(detail_url(employer)).status_code == 404


def test_employer_user_is_redirected_to_own_page_without_history(
    login_verified, employer_user, employer, moment
):
    client = login_verified(employer_user)
    response = client.get(reverse("employers:list"))
    assert response.status_code == 302 and response.url == detail_url(employer)
    response = client.get(detail_url(employer))
    assert response.status_code == 200
    assert "Bakkerij De Korenschoof" in response.text
    assert "mevrouw Jansen" not in response.text
    assert not AccessLogEntry.objects.filter(object_type=HISTORY).exists()


def test_employer_user_of_another_employer_gets_404(login_verified, other_employer_user, employer):
    client = login_verified(other_employer_user)
    assert client.get(detail_url(employer)).status_code == 404
    assert client.get(reverse("employers:edit", args=[employer.uuid])).status_code == 404


def test_staff_of_another_region_get_404(login_verified, other_region_manager, employer, foreign_employer):
    client = login_verified(other_region_manager)
    assert client.get(detail_url(employer)).status_code == 404
    response = client.get(reverse("employers:list"))
    assert "Bakkerij De Korenschoof" not in response.text and "Ver Weg B.V." in response.text


def test_contact_history_selector_refuses_employer_users(employer_user, region, employer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.contact_history(user=employer_user, region=region, employer=employer, context="test")


# API -------------------------------------------------------------------------------------------------


def api_detail(employer):
    return f"/api/v1/employers/{employer.uuid}"


def test_api_account_manager(login_verified, account_manager, employer, other_employer, moment):
    client = login_verified(account_manager)
    response = client.get("/api/v1/employers")
    assert response.status_code == 200
    names = [e["name"] for e in response.json()["results"]]
    assert names == ["Bakkerij De Korenschoof", "Groenbedrijf Het Veld"]
    assert response.json()["results"][0]["lastContactAt"] is not None
    assert client.get(api_detail(employer)).json()["kvkNumber"] == "12345678"
    response = client.get(f"{api_detail(employer)}/contact-moments")
    assert response.status_code == 200 and len(response.json()) == 1
    assert AccessLogEntry.objects.filter(object_type=HISTORY, actor=account_manager).count() == 1


def test_api_consultant_reads_but_cannot_create(login_verified, consultant, employer, sector):
    client = login_verified(consultant)
    assert client.get(api_detail(employer)).status_code == 200
    response = client.post(
        "/api/v1/employers",
        {"name": "X", "kvkNumber": "11112222", "sectorCode": "62", "sizeClass": "1-9"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_api_board_member_and_auditor_are_refused(login_verified, board_member, auditor, employer, client):
    for user in (board_member, auditor):
        login_verified(user)
        assert client.get("/api/v1/employers").status_code == 403
        assert client.get(api_detail(employer)).status_code == 404


def test_api_employer_user_sees_only_own(login_verified, employer_user, employer, other_employer, moment):
    client = login_verified(employer_user)
    names = [e["name"] for e in client.get("/api/v1/employers").json()["results"]]
    assert names == ["Bakkerij De Korenschoof"]
    assert client.get(api_detail(employer)).status_code == 200
    assert client.get(api_detail(other_employer)).status_code == 404
    assert client.get(f"{api_detail(employer)}/contact-moments").status_code == 403
    assert (
        client.patch(api_detail(employer), {"name": "X"}, content_type="application/json").status_code == 403
    )


def test_api_employer_user_of_another_employer(login_verified, other_employer_user, employer):
    client = login_verified(other_employer_user)
    assert client.get(api_detail(employer)).status_code == 404
    assert client.get(f"{api_detail(employer)}/contact-moments").status_code == 404


def test_api_other_region_is_404(login_verified, other_region_manager, employer):
    client = login_verified(other_region_manager)
    assert client.get(api_detail(employer)).status_code == 404
    assert client.get(f"{api_detail(employer)}/contact-moments").status_code == 404
    # naming a region one holds no role in is refused
    response = client.get("/api/v1/employers?regio=AM98")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_navigation_flag(rf, account_manager, auditor, employer_user, region):
    from werkbedrijf.employers.context_processors import employer_navigation

    for user, expected in ((account_manager, True), (auditor, False), (employer_user, True)):
        request = rf.get("/")
        request.user, request.region = user, region
        assert employer_navigation(request) == {"can_list_employers": expected}
