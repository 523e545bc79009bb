import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import (
    MunicipalityOrganisationFactory,
    RegionFactory,
    UserFactory,
    give_role,
)
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.audit.services import log_access, log_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory(code="AM18", name="Groot Amsterdam")


@pytest.fixture
def auditor(region):
    user = UserFactory(organisation=MunicipalityOrganisationFactory(region=region), username="privacy")
    give_role(user, Role.AUDITOR, region)
    return user


def entry(region_code="AM18", **kwargs):
    defaults = {
        "actor": None,
        "action": AccessAction.READ,
        "object_type": "candidate",
        "context": "Kandidaatdossier bekeken (interface)",
        "region_code": region_code,
    }
    return log_access(**(defaults | kwargs))


def test_log_is_append_only():
    e = entry()
    e.context = "rewritten"
    with pytest.raises(PermissionError):
        e.save()
    with pytest.raises(PermissionError):
        e.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().update(context="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().context == "Kandidaatdossier bekeken (interface)"


def test_an_entry_needs_a_reason():
    with pytest.raises(ValueError, match="context"):
        entry(context="")


def test_log_change_records_field_names_not_values(region):
    user = UserFactory(organisation=MunicipalityOrganisationFactory(region=region))
    e = log_change(
        actor=user,
        action=AccessAction.UPDATE,
        object_type="candidate",
        context="Kandidaat bijgewerkt",
        changed_fields=["phone", "email"],
    )
    assert e.changed_fields == ["email", "phone"]
    with pytest.raises(ValueError):
        log_change(actor=user, action=AccessAction.READ, object_type="candidate", context="x")


def test_auditor_sees_only_own_region(client, login_verified, auditor):
    entry(context="In Groot Amsterdam")
    entry(region_code="AM17", context="In Zaanstreek")
    login_verified(auditor)
    response = client.get(reverse("audit:access_log"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "In Groot Amsterdam" in html
    assert "In Zaanstreek" not in html


def test_filter_with_bad_date_range_keeps_input_and_explains(client, login_verified, auditor):
    login_verified(auditor)
    response = client.get(reverse("audit:access_log"), {"van": "2026-05-01", "tot": "2026-04-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2026-05-01"' in html
    assert "einddatum" in html.lower() or "end date" in html.lower()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.AUDITOR])
def test_only_auditors_may_read_the_log(client, login_verified, region, role):
    user = UserFactory(organisation=MunicipalityOrganisationFactory(region=region))
    give_role(user, role, region)
    login_verified(user)
    assert client.get(reverse("audit:access_log")).status_code == 403
    assert client.post(reverse("audit:access_log_export", args=["csv"])).status_code == 403


def test_csv_export_is_complete_and_logged(client, login_verified, auditor):
    entry(context="=HYPERLINK(evil)")
    entry(context="Kandidaatdossier bekeken (interface)")
    login_verified(auditor)
    response = client.post(reverse("audit:access_log_export", args=["csv"]))
    assert response.status_code == 200
    assert 'filename="toegangslog-AM18-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "tijdstip"
    contexts = {row[9] for row in rows[1:]}
    assert "'=HYPERLINK(evil)" in contexts  # formula neutralised
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT, actor=auditor).count() == 1


def test_xlsx_export(client, login_verified, auditor):
    entry()
    login_verified(auditor)
    response = client.post(reverse("audit:access_log_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "gebruiker"
    # The export itself is logged first, so it appears in what it exports.
    assert [row[5] for row in rows[1:]] == ["export", "read"]


def test_unknown_export_format_is_404(client, login_verified, auditor):
    login_verified(auditor)
    assert client.post(reverse("audit:access_log_export", args=["pdf"])).status_code == 404


def test_export_by_get_is_refused_and_not_logged(client, login_verified, auditor):
    login_verified(auditor)
    assert client.get(reverse("audit:access_log_export", args=["csv"])).status_code == 405
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_export_respects_the_filter(client, login_verified, auditor):
    entry(context="Eerste", object_type="candidate")
    entry(context="Tweede", object_type="legal_parameter", action=AccessAction.UPDATE)
    login_verified(auditor)
    response = client.post(reverse("audit:access_log_export", args=["csv"]), {"actie": "update"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[9] for row in rows[1:]] == ["Tweede"]


def test_date_filter_covers_whole_local_days(client, login_verified, auditor):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    entry(context="Vandaag")
    login_verified(auditor)
    html = client.get(reverse("audit:access_log"), {"van": today, "tot": today}).content.decode()
    assert "Vandaag" in html


def test_database_itself_refuses_changes():
    from django.db import DatabaseError, connection, transaction

    e = entry()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_accesslogentry SET context = 'x' WHERE id = %s", [e.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_accesslogentry WHERE id = %s", [e.pk])


def test_invalid_filter_lists_nothing_and_offers_no_export(client, login_verified, auditor):
    entry(context="Zichtbaar zonder filter")
    login_verified(auditor)
    html = client.get(reverse("audit:access_log"), {"object": "geen-uuid"}).content.decode()
    assert "Zichtbaar zonder filter" not in html
    assert 'value="geen-uuid"' in html
    assert reverse("audit:access_log_export", args=["csv"]) not in html


def test_export_forms_carry_the_current_filter(client, login_verified, auditor):
    login_verified(auditor)
    html = client.get(reverse("audit:access_log"), {"actie": "read"}).content.decode()
    form = html[html.index(f'action="{reverse("audit:access_log_export", args=["csv"])}"') :].split(
        "</form>"
    )[0]
    assert 'method="post"' in html[html.rindex("<form", 0, html.index(form)) :][:200]
    assert 'name="actie" value="read"' in form
    assert "csrfmiddlewaretoken" in form
