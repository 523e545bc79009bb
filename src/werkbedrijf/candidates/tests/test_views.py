import pytest
from django.urls import reverse

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
)
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    region = RegionFactory(code="AM18", name="Groot Amsterdam")
    org_a = MunicipalityOrganisationFactory(region=region, municipality__name="Amsterdam")
    org_b = MunicipalityOrganisationFactory(region=region, municipality__name="Diemen")
    other = MunicipalityOrganisationFactory(region=RegionFactory(code="AM17"), municipality__name="Zaanstad")
    return {
        "region": region,
        "org_a": org_a,
        "own": CandidateFactory(responsible_organisation=org_a, first_name="Anouk", last_name="Visser"),
        "colleague": CandidateFactory(responsible_organisation=org_b, first_name="Bram", last_name="Dekker"),
        "elsewhere": CandidateFactory(
            responsible_organisation=other, first_name="Celine", last_name="Bakker"
        ),
    }


def consultant(setup):
    user = UserFactory(organisation=setup["org_a"], username="consulent.amsterdam")
    give_role(user, Role.CONSULTANT, setup["region"])
    return user


def test_list_shows_own_in_full_and_others_pseudonymised(client, login_verified, setup):
    login_verified(consultant(setup))
    response = client.get(reverse("candidates:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anouk Visser" in html
    assert "Bram" not in html and "Dekker" not in html
    assert "Celine" not in html
    assert "gepseudonimiseerd" in html or "pseudonymised" in html


def test_detail_of_own_candidate_is_access_logged(client, login_verified, setup):
    user = consultant(setup)
    login_verified(user)
    response = client.get(reverse("candidates:detail", args=[setup["own"].uuid]))
    assert response.status_code == 200
    assert setup["own"].bsn in response.content.decode()
    entry = AccessLogEntry.objects.get(action=AccessAction.READ, object_uuid=setup["own"].uuid)
    assert entry.actor == user
    assert entry.actor_username == "consulent.amsterdam"
    assert entry.actor_organisation == "Gemeente Amsterdam"
    assert entry.actor_roles == Role.CONSULTANT
    assert entry.region_code == "AM18"
    assert entry.context == "Kandidaatdossier bekeken (interface)"
    assert entry.request_path == reverse("candidates:detail", args=[setup["own"].uuid])
    # The log names the person by pseudonym and uuid only.
    assert "Anouk" not in entry.object_label and setup["own"].bsn not in entry.object_label


def test_pseudonymised_detail_is_no_full_read(client, login_verified, setup):
    login_verified(consultant(setup))
    response = client.get(reverse("candidates:detail", args=[setup["colleague"].uuid]))
    assert response.status_code == 200
    assert setup["colleague"].bsn not in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessAction.READ).exists()


def test_candidate_of_other_region_is_404(client, login_verified, setup):
    login_verified(consultant(setup))
    response = client.get(reverse("candidates:detail", args=[setup["elsewhere"].uuid]))
    assert response.status_code == 404


def test_board_member_cannot_open_candidate_pages(client, login_verified, setup):
    board = UserFactory(organisation=setup["org_a"])
    give_role(board, Role.BOARD_MEMBER, setup["region"])
    login_verified(board)
    assert client.get(reverse("candidates:list")).status_code == 403
    assert client.get(reverse("candidates:detail", args=[setup["own"].uuid])).status_code == 404


def test_listing_is_logged_with_the_persons_shown_in_full(client, login_verified, setup):
    login_verified(consultant(setup))
    client.get(reverse("candidates:list"))
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH, object_type="candidate")
    assert entry.subject_uuids == [str(setup["own"].uuid)]


def test_own_candidates_come_first_by_name(client, login_verified, setup):
    CandidateFactory(responsible_organisation=setup["org_a"], first_name="Zoë", last_name="Aalbers")
    login_verified(consultant(setup))
    html = client.get(reverse("candidates:list")).content.decode()
    assert html.index("Zoë Aalbers") < html.index("Anouk Visser") < html.index("K-")


def test_paging_keeps_the_own_only_filter(client, login_verified, setup):
    for n in range(55):
        CandidateFactory(
            responsible_organisation=setup["org_a"], first_name=f"Eigen{n:02d}", last_name="Test"
        )
    login_verified(consultant(setup))
    html = client.get(reverse("candidates:list"), {"eigen": "1"}).content.decode()
    assert "eigen=1&amp;pagina=2" in html
    page2 = client.get(reverse("candidates:list"), {"eigen": "1", "pagina": "2"}).content.decode()
    assert "K-" not in page2  # still only own candidates on page 2


def test_anonymous_is_sent_to_login(client, setup):
    response = client.get(reverse("candidates:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_unverified_staff_is_sent_to_second_factor(client, setup):
    client.force_login(consultant(setup))
    response = client.get(reverse("candidates:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor")
