import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from freezegun import freeze_time

from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.parameters.models import JobsAgreementTarget, LegalParameter
from werkbedrijf.parameters.selectors import parameter_on, value_on

LIST_URL = reverse("parameters:list")
CREATE_URL = reverse("parameters:create")
UNCONFIRMED_WARNING = "Niet bevestigd: controleer en pas zo nodig aan"


def form_data(**overrides):
    data = {
        "key": "minimum_wage_monthly",
        "variant": "",
        "value": "2340.00",
        "valid_from": "2026-07-01",
        "valid_through": "",
        "source": "Wet minimumloon art. 14; indexering 1-7-2026 (test)",
        "confidence": "OFFICIAL",
        "note": "Overgenomen uit de Staatscourant",
    }
    data.update(overrides)
    return data


def correct_url(row: LegalParameter) -> str:
    return reverse("parameters:correct", args=[row.uuid])


def row_html(content: str, marker: str) -> str:
    """The table row that contains `marker`."""
    position = content.index(marker)
    return content[content.rindex("<tr", 0, position) : content.index("</tr>", position)]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST_URL, CREATE_URL])
def test_login_required(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_list_shows_values_sources_and_confidence_in_dutch(
    client, legal_parameters, consultant, login_verified
):
    content = login_verified(consultant).get(LIST_URL).content.decode()
    assert "Wettelijk minimumloon per maand" in content
    assert "2.294,40" in content
    assert "23,5" in content
    assert "40.575" in content
    assert "WML-indexering 1-1-2026, +2,15 % (secundair: grootheddeaccountants.nl" in content
    assert "Zonder einddatum totdat de indexering van 1-7-2026 is ingevoerd." in content
    assert "Wettekst" in content
    assert UNCONFIRMED_WARNING in content


def test_variants_are_shown_in_words(client, legal_parameters, consultant, login_verified):
    content = login_verified(consultant).get(LIST_URL).content.decode()
    bbl_19 = _("%(age)s years, BBL") % {"age": "19"}
    assert f'<th class="utrecht-table__header-cell" scope="row">{bbl_19}' in content
    assert f'<th class="utrecht-table__header-cell" scope="row">{_("general")}' in content
    assert 'scope="row">bbl_19' not in content


def test_the_technical_name_is_only_a_secondary_line(client, legal_parameters, consultant, login_verified):
    content = login_verified(consultant).get(LIST_URL).content.decode()
    heading = re.search(r'<h2 class="utrecht-heading-2" id="param-minimum_wage_hourly">(.*?)</h2>', content)
    assert heading.group(1) == "Wettelijk minimumloon per uur"
    assert "Codenaam" not in content


@freeze_time("2026-03-01")
def test_the_version_in_force_today_is_marked(client, legal_parameters, consultant, login_verified):
    content = login_verified(consultant).get(LIST_URL).content.decode()
    current = row_html(content, "2.294,40")
    assert _("in force today") in current
    assert "wb-row-current" in current
    assert _("in force today") not in row_html(content, "2.245,80")


def test_the_end_date_is_shown_as_the_last_day(client, legal_parameters, consultant, login_verified):
    content = login_verified(consultant).get(LIST_URL).content.decode()
    row = row_html(content, "2.245,80")  # valid from 1-7-2025, stored valid_to 1-1-2026 (exclusive)
    assert "31-12-2025" in row
    assert "1-1-2026" not in row


def test_every_unconfirmed_row_carries_the_warning(client, legal_parameters, consultant, login_verified):
    content = login_verified(consultant).get(LIST_URL).content.decode()
    unconfirmed = (
        LegalParameter.objects.filter(confidence="UNCONFIRMED").count()
        + JobsAgreementTarget.objects.filter(confidence="UNCONFIRMED").count()
    )
    assert unconfirmed == 4 + 5  # parameters: two UNCONFIRMED in DOMAIN.md, two LKV 2025 amounts
    assert content.count(UNCONFIRMED_WARNING) == unconfirmed


def test_list_shows_targets_per_year(client, legal_parameters, consultant, login_verified):
    content = login_verified(consultant).get(LIST_URL).content.decode()
    assert "125.000" in content
    assert "100.000" in content


def test_only_a_user_with_the_permission_sees_add_and_correct(
    client, legal_parameters, functional_admin, parameter_admin, login_verified
):
    content = login_verified(functional_admin).get(LIST_URL).content.decode()
    assert CREATE_URL not in content
    assert "/corrigeren/" not in content
    assert "Can change legal parameter" in content

    content = login_verified(parameter_admin).get(LIST_URL).content.decode()
    assert CREATE_URL in content
    assert content.count("/corrigeren/") == LegalParameter.objects.count()


@freeze_time("2026-08-01")
def test_list_warns_when_an_indexation_is_missing(client, legal_parameters, consultant, login_verified):
    content = login_verified(consultant).get(LIST_URL).content.decode()
    assert "utrecht-alert--warning" in content
    assert "1-7-2026" in content


def test_forms_are_refused_with_an_explanation_without_the_permission(
    client, legal_parameters, functional_admin, login_verified
):
    client = login_verified(functional_admin)
    row = parameter_on("quota_percentage", date(2026, 6, 1))
    for url in (CREATE_URL, correct_url(row)):
        response = client.get(url)
        assert response.status_code == 403
        assert "Can change legal parameter" in response.content.decode()
    assert client.post(CREATE_URL, form_data()).status_code == 403
    assert (
        client.post(correct_url(row), {"value": "3", "confidence": "LAW", "source": "x"}).status_code == 403
    )
    assert not LegalParameter.objects.filter(valid_from=date(2026, 7, 1)).exists()
    row.refresh_from_db()
    assert row.value == Decimal("2.58")


def test_the_permission_alone_is_not_enough_without_the_second_factor(
    client, legal_parameters, parameter_admin
):
    client.force_login(parameter_admin)
    response = client.get(CREATE_URL)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor")


def test_permitted_user_adds_a_version_with_a_last_day(
    client, legal_parameters, parameter_admin, login_verified
):
    client = login_verified(parameter_admin)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(CREATE_URL, form_data(valid_through="2026-12-31"))
    assert response.status_code == 302
    assert response.url == LIST_URL
    added = LegalParameter.objects.get(key="minimum_wage_monthly", valid_from=date(2026, 7, 1))
    assert added.valid_to == date(2027, 1, 1)
    assert value_on("minimum_wage_monthly", date(2026, 12, 31)) == Decimal("2340.00")
    assert value_on("minimum_wage_monthly", date(2026, 6, 30)) == Decimal("2294.40")
    page = client.get(LIST_URL).content.decode()
    assert "31-12-2026" in row_html(page, "2.340,00")


def test_all_errors_in_one_round_with_a_summary_and_input_kept(
    client, legal_parameters, parameter_admin, login_verified
):
    client = login_verified(parameter_admin)
    response = client.post(
        CREATE_URL,
        form_data(
            key="minimum_wage_hourly",
            variant="market",
            value="",
            valid_from="2027-01-01",
            valid_through="2026-01-01",
            source="QA-test bron",
            note="QA-test toelichting",
        ),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"variant", "value", "valid_through"}
    content = response.content.decode()
    summary = content[
        content.index('id="error-summary"') : content.index("</ul>", content.index('id="error-summary"'))
    ]
    assert 'role="alert"' in content[content.rindex("<div", 0, content.index('id="error-summary"')) :][:300]
    assert "autofocus" in content[content.rindex("<div", 0, content.index('id="error-summary"')) :][:300]
    for field in ("id_variant", "id_value", "id_valid_through"):
        assert f'href="#{field}"' in summary
    assert _("The last day cannot be before the first day.") in content
    assert 'value="2027-01-01"' in content
    assert 'value="2026-01-01"' in content
    assert f'<option value="market" selected>{_("market sector")}</option>' in content
    assert "QA-test bron" in content and "QA-test toelichting" in content
    assert 'aria-invalid="true"' in content
    assert not LegalParameter.objects.filter(valid_from=date(2027, 1, 1)).exists()


def test_a_percentage_over_100_is_an_error_on_the_value(
    client, legal_parameters, parameter_admin, login_verified
):
    client = login_verified(parameter_admin)
    response = client.post(CREATE_URL, form_data(key="holiday_allowance_pct", value="108"))
    assert response.context["form"].errors["value"] == [_("A percentage cannot be more than 100.")]


def test_an_overlap_is_reported_together_with_other_errors(
    client, legal_parameters, parameter_admin, login_verified
):
    client = login_verified(parameter_admin)
    response = client.post(
        CREATE_URL, form_data(valid_from="2025-09-01", valid_through="2025-09-30", source="")
    )
    errors = response.context["form"].errors
    assert set(errors) == {"valid_from", "source"}
    assert "1-7-2025" in errors["valid_from"][0]
    assert "31-12-2025" in errors["valid_from"][0]


def test_malformed_input_is_kept(client, legal_parameters, parameter_admin, login_verified):
    client = login_verified(parameter_admin)
    response = client.post(CREATE_URL, form_data(value="veel", source=""))
    assert set(response.context["form"].errors) == {"value", "source"}
    assert 'value="veel"' in response.content.decode()


def test_permitted_user_corrects_a_version(client, legal_parameters, parameter_admin, login_verified):
    client = login_verified(parameter_admin)
    row = parameter_on("job_unit_hours_per_year", date(2026, 1, 1))
    page = client.get(correct_url(row)).content.decode()
    assert 'value="1326.0000"' in page or 'value="1326"' in page
    response = client.post(
        correct_url(row),
        {"value": "1326", "confidence": "OFFICIAL", "source": "Regeling Wfsv art. 2 (test)", "note": ""},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.confidence, row.source, row.valid_from, row.valid_to) == (
        "OFFICIAL",
        "Regeling Wfsv art. 2 (test)",
        date(2015, 1, 1),
        None,
    )
    entry = AccessLogEntry.objects.get(object_uuid=row.uuid)
    assert entry.action == "update"
    assert "source" in entry.changed_fields


def test_a_correction_without_source_keeps_the_input(
    client, legal_parameters, parameter_admin, login_verified
):
    client = login_verified(parameter_admin)
    row = parameter_on("quota_percentage", date(2026, 6, 1))
    response = client.post(
        correct_url(row), {"value": "2.64", "confidence": "OFFICIAL", "source": "", "note": "x"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"source"}
    assert 'value="2.64"' in response.content.decode()
    row.refresh_from_db()
    assert row.value == Decimal("2.58")


def test_an_unchanged_correction_is_reported(client, legal_parameters, parameter_admin, login_verified):
    client = login_verified(parameter_admin)
    row = parameter_on("holiday_allowance_pct", date(2026, 1, 1))
    response = client.post(
        correct_url(row), {"value": "8", "confidence": row.confidence, "source": row.source, "note": row.note}
    )
    assert response.status_code == 200
    assert (
        _("Nothing was changed: correct the value, source, confidence or note.") in response.content.decode()
    )


def test_unknown_version_is_not_found(client, legal_parameters, parameter_admin, login_verified):
    client = login_verified(parameter_admin)
    assert (
        client.get(reverse("parameters:correct", args=["6f1c1b5e-0000-4000-8000-000000000000"])).status_code
        == 404
    )


def test_required_field_error_is_dutch(client, legal_parameters, parameter_admin, login_verified):
    client = login_verified(parameter_admin)
    content = client.post(CREATE_URL, form_data(value="")).content.decode()
    error_block = content[content.index('id="id_value_error"') : content.index('name="value"')]
    assert "Dit veld is vereist." in error_block
