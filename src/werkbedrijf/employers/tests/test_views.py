"""The employer pages: list search/filter/sort/pagination, forms that keep input and show errors per field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.employers.models import ContactMoment, Employer, SizeClass
from werkbedrijf.regions.models import Sector

from .factories import EmployerFactory, EmployerOrganisationFactory, sbi_division

LIST = reverse("employers:list")


@pytest.fixture
def many(region, sector, account_manager):
    industry = sbi_division("10", "C", "Vervaardiging van voedingsmiddelen")
    for code, name in (("C", "Industrie"), ("J", "Informatie en communicatie")):
        Sector.objects.create(classification="SBI2008", code=code, level="sectie", section=code, name_nl=name)
    employers = []
    for i in range(60):
        employers.append(
            EmployerFactory(
                organisation=EmployerOrganisationFactory(
                    region=region, name=f"Bedrijf {i:02d}", kvk_number=f"{50000000 + i:08d}"
                ),
                sector=industry if i % 3 == 0 else sector,
                size_class=SizeClass.LARGE if i % 2 else SizeClass.MICRO,
                account_manager=account_manager if i < 5 else None,
            )
        )
    return employers


def names(response):
    return [e.name for e in response.context["employers"]]


def test_empty_state(login_verified, account_manager):
    response = login_verified(account_manager).get(LIST)
    assert (
        "There are no employers in this region yet." in response.text or "Er zijn nog geen" in response.text
    )
    assert response.context["page"].paginator.count == 0


def test_search_by_name_and_kvk(login_verified, account_manager, many):
    client = login_verified(account_manager)
    assert names(client.get(LIST, {"zoek": "bedrijf 07"})) == ["Bedrijf 07"]
    assert names(client.get(LIST, {"zoek": "5000 0012"})) == ["Bedrijf 12"]
    response = client.get(LIST, {"zoek": "niets dergelijks"})
    assert response.context["page"].paginator.count == 0
    assert response.context["filtered"]


def test_filters_combine(login_verified, account_manager, many):
    client = login_verified(account_manager)
    response = client.get(LIST, {"sectie": "C", "grootte": SizeClass.LARGE})
    expected = sorted(f"Bedrijf {i:02d}" for i in range(60) if i % 3 == 0 and i % 2)
    assert names(response) == expected
    assert names(client.get(LIST, {"mijn": "1"})) == [f"Bedrijf {i:02d}" for i in range(5)]
    response = client.get(LIST, {"accountmanager": str(account_manager.uuid)})
    assert response.context["page"].paginator.count == 5


def test_pagination_keeps_the_filter(login_verified, account_manager, many):
    client = login_verified(account_manager)
    response = client.get(LIST, {"grootte": SizeClass.MICRO})
    assert response.context["page"].paginator.count == 30
    assert response.context["page"].paginator.num_pages == 1
    response = client.get(LIST)
    assert response.context["page"].paginator.num_pages == 2
    assert "pagina=2" in response.text
    response = client.get(LIST, {"sectie": "J", "pagina": "2"})
    assert response.context["page"].number == 1  # 40 results: one page
    response = client.get(LIST, {"zoek": "Bedrijf", "pagina": "2"})
    assert response.context["page"].number == 2
    assert names(response)[0] == "Bedrijf 50"
    assert "zoek=Bedrijf&amp;pagina=1" in response.text


def test_sort_by_last_contact(login_verified, account_manager, many):
    now = timezone.now()
    for days, employer in ((3, many[10]), (1, many[20])):
        ContactMoment.objects.create(
            employer=employer,
            author=account_manager,
            occurred_at=now - timedelta(days=days),
            kind="call",
            summary="x",
        )
    client = login_verified(account_manager)
    assert names(client.get(LIST, {"sorteer": "last_contact"}))[:3] == [
        "Bedrijf 20",
        "Bedrijf 10",
        "Bedrijf 00",
    ]
    assert names(client.get(LIST, {"sorteer": "-name"}))[0] == "Bedrijf 59"


def test_list_query_count_does_not_grow_with_employers(
    login_verified, account_manager, many, django_assert_max_num_queries
):
    client = login_verified(account_manager)
    client.get(LIST)  # warm up the session and the user's roles
    with django_assert_max_num_queries(14):
        response = client.get(LIST)
    assert len(names(response)) == 50


def test_create_form_keeps_input_and_shows_errors(login_verified, account_manager, sector, employer):
    client = login_verified(account_manager)
    assert client.get(reverse("employers:create")).status_code == 200
    response = client.post(
        reverse("employers:create"),
        {
            "name": "Nieuwe Bakker",
            "kvk_number": "1234",
            "sector": sector.pk,
            "size_class": "1-9",
            "sector_type": "market",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "kvk_number" in form.errors
    assert 'value="Nieuwe Bakker"' in response.text
    assert 'aria-invalid="true"' in response.text
    response = client.post(
        reverse("employers:create"),
        {
            "name": "Nieuwe Bakker",
            "kvk_number": "12345678",
            "sector": sector.pk,
            "size_class": "1-9",
            "sector_type": "market",
        },
    )
    assert "Bakkerij De Korenschoof" in response.context["form"].errors["kvk_number"][0]
    response = client.post(
        reverse("employers:create"),
        {
            "name": "Nieuwe Bakker",
            "kvk_number": "99887766",
            "sector": sector.pk,
            "size_class": "1-9",
            "sector_type": "market",
            "account_manager": account_manager.pk,
        },
    )
    created = Employer.objects.get(organisation__kvk_number="99887766")
    assert response.status_code == 302 and response.url == reverse("employers:detail", args=[created.uuid])
    assert created.account_manager == account_manager


def test_sector_select_offers_sbi2008_divisions_only(login_verified, account_manager, sector):
    Sector.objects.create(
        classification="SBI2008", code="J", level="sectie", section="J", name_nl="Informatie en communicatie"
    )
    Sector.objects.create(
        classification="SBI2025", code="63", level="afdeling", section="K", name_nl="SBI 2025 afdeling"
    )
    response = login_verified(account_manager).get(reverse("employers:create"))
    choices = list(response.context["form"].fields["sector"].queryset)
    assert choices == [sector]


def test_edit_form(login_verified, account_manager, employer):
    client = login_verified(account_manager)
    url = reverse("employers:edit", args=[employer.uuid])
    response = client.get(url)
    assert 'value="Bakkerij De Korenschoof"' in response.text
    response = client.post(
        url,
        {
            "name": "Bakkerij De Korenschoof",
            "kvk_number": "12345678",
            "sector": employer.sector.pk,
            "size_class": "50-249",
            "sector_type": "government",
            "yearly_paid_hours": "150000",
            "account_manager": account_manager.pk,
        },
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.size_class == "50-249" and employer.yearly_paid_hours == 150000
    entry = AccessLogEntry.objects.get(object_uuid=employer.uuid, action="update")
    assert entry.changed_fields == ["sector_type", "size_class", "yearly_paid_hours"]


def test_consultant_cannot_open_create_or_edit(login_verified, consultant, employer):
    client = login_verified(consultant)
    assert client.get(reverse("employers:create")).status_code == 403
    assert client.get(reverse("employers:edit", args=[employer.uuid])).status_code == 403


def test_add_contact_moment_through_the_page(login_verified, consultant, employer):
    client = login_verified(consultant)
    url = reverse("employers:contact_moment_add", args=[employer.uuid])
    response = client.post(
        url, {"occurred_at": "", "kind": "call", "summary": "Gebeld", "next_step": "Bezoek"}
    )
    assert response.status_code == 400
    assert "occurred_at" in response.context["contact_form"].errors
    assert "Bezoek" in response.text  # input kept
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    older = (timezone.localtime() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(url, {"occurred_at": older, "kind": "email", "summary": "Eerste mail"})
    response = client.post(url, {"occurred_at": when, "kind": "meeting", "summary": "Tweede gesprek"})
    assert response.status_code == 302
    page = client.get(reverse("employers:detail", args=[employer.uuid])).text
    assert page.index("Tweede gesprek") < page.index("Eerste mail")  # newest first


def test_employer_user_cannot_post_contact_moments(client, employer_user, employer):
    client.force_login(employer_user)
    url = reverse("employers:contact_moment_add", args=[employer.uuid])
    response = client.post(url, {"occurred_at": "2026-01-01T10:00", "kind": "call", "summary": "x"})
    assert response.status_code == 403
    assert not ContactMoment.objects.exists()


def test_add_location_and_pledge_through_the_page(login_verified, account_manager, employer, pc4):
    client = login_verified(account_manager)
    response = client.post(
        reverse("employers:location_add", args=[employer.uuid]),
        {"locatie-name": "Winkel", "locatie-postcode": "1012ab"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("employers:pledge_add", args=[employer.uuid]),
        {"toezegging-year": "2027", "toezegging-number_of_jobs": "5", "toezegging-kind": "jobs_agreement"},
    )
    assert response.status_code == 302
    page = client.get(reverse("employers:detail", args=[employer.uuid])).text
    assert "1012 AB Korendam" in page and "2027" in page
    response = client.post(
        reverse("employers:location_add", args=[employer.uuid]),
        {"locatie-name": "Depot", "locatie-postcode": "9999 ZZ"},
    )
    assert response.status_code == 400
    assert "postcode" in response.context["location_form"].errors
