import pytest
from django.urls import reverse
from django.utils.translation import ngettext

from werkbedrijf.accounts.models import User
from werkbedrijf.regions.models import Region


@pytest.fixture
def reader(db):
    return User.objects.create_user(username="lezer", password="een-lang-wachtwoord")


def test_pages_require_login(reference_data, client):
    region = Region.objects.get(code="AM18")
    for url in (
        reverse("regions:list"),
        reverse("regions:detail", args=[region.uuid]),
        reverse("regions:reference_data"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_region_list_shows_the_35_regions_with_their_municipality_count(
    reference_data, reader, login_verified
):
    client = login_verified(reader)

    response = client.get(reverse("regions:list"))

    assert response.status_code == 200
    assert len(response.context["regions"]) == 35
    assert response.context["municipality_total"] == 342
    html = response.content.decode()
    assert "<caption" in html
    assert "Groot Amsterdam" in html
    assert reverse("regions:detail", args=[Region.objects.get(code="AM18").uuid]) in html


def test_region_detail_lists_the_municipalities_with_province(reference_data, reader, login_verified):
    client = login_verified(reader)
    region = Region.objects.get(code="AM18")

    response = client.get(reverse("regions:detail", args=[region.uuid]))

    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "Aalsmeer",
        "Amstelveen",
        "Amsterdam",
        "Diemen",
        "Haarlemmermeer",
        "Ouder-Amstel",
        "Uithoorn",
    ):
        assert name in html
    assert "Noord-Holland" in html
    assert 'scope="row"' in html


def test_a_centroid_outside_its_municipality_is_marked(reference_data, reader, login_verified):
    client = login_verified(reader)
    region = Region.objects.get(memberships__municipality__code="GM0599", memberships__year=2026)  # Rotterdam

    response = client.get(reverse("regions:detail", args=[region.uuid]))

    html = response.content.decode()
    rotterdam_row = html[html.index(">Rotterdam<") :].split("</tr>", 1)[0]
    assert "ligt buiten de gemeente" in rotterdam_row
    assert html.count("ligt buiten de gemeente") == 1


def test_unknown_year_on_a_page_is_not_found(reference_data, reader, login_verified):
    client = login_verified(reader)

    assert client.get(reverse("regions:list"), {"jaar": "2019"}).status_code == 404


def test_reference_data_page_shows_sources_licences_and_what_is_missing(
    reference_data, reader, login_verified
):
    client = login_verified(reader)

    response = client.get(reverse("regions:reference_data"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "pc4.csv" in html
    assert "GeoNames" in html
    assert "CC BY 4.0" in html
    assert "86247NED" in html
    assert len(response.context["data_sets"]) == 7
    assert "BRC 2014" in html


def test_reference_data_page_describes_the_sources_in_dutch(reference_data, reader, login_verified):
    html = login_verified(reader).get(reverse("regions:reference_data")).content.decode()

    assert "Open data van het CBS: CC BY 4.0" in html
    assert "Europese Commissie (ESCO), naar ILO ISCO-08" in html
    assert "middelpunten afgeleid van PDOK/CBS gemeente_gegeneraliseerd 2022" in html
    for english in (
        "centroids derived",
        "region codes from",
        "European Commission",
        "Not stated",
        "data update",
    ):
        assert english not in html


def test_region_detail_states_the_number_of_municipalities_in_a_sentence(
    reference_data, reader, login_verified
):
    region = Region.objects.get(code="AM18")

    html = login_verified(reader).get(reverse("regions:detail", args=[region.uuid])).content.decode()

    sentence = ngettext("%(counter)s municipality in %(year)s.", "%(counter)s municipalities in %(year)s.", 8)
    assert sentence % {"counter": 8, "year": 2026} in html
    assert "wb-figures" not in html
