"""The region's pool settings: only functional administrators change the freshness period, with a reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.tests.factories import OrganisationFactory, UserFactory, give_role
from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.candidates.models import Candidate, PoolSettings
from werkbedrijf.candidates.selectors import freshness_days, pool_settings_overview
from werkbedrijf.candidates.services import pool_settings_update

URL = "/kandidaten/instellingen/"


@pytest.fixture
def admin(pool):
    werkbedrijf = OrganisationFactory(region=pool["region"], kind=OrganisationKind.WERKBEDRIJF)
    user = UserFactory(organisation=werkbedrijf, username="beheerder")
    give_role(user, Role.FUNCTIONAL_ADMIN, pool["region"])
    return user


def test_the_admin_changes_the_period_and_the_change_is_logged_with_its_reason(pool, admin):
    pool_settings_update(user=admin, region=pool["region"], freshness_days=60, reason="Besluit stuurgroep")
    assert freshness_days(pool["region"]) == 60
    entry = AccessLogEntry.objects.get(object_type="pool_settings")
    assert entry.actor == admin and entry.region_code == "AM18"
    assert "van 90 naar 60 dagen" in entry.context and "Besluit stuurgroep" in entry.context
    assert entry.changed_fields == ["freshness_days"]


def test_the_period_decides_which_profiles_are_stale(pool, admin):
    Candidate.objects.filter(pk=pool["cand_a"].pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=70)
    )
    pool_settings_update(user=admin, region=pool["region"], freshness_days=60, reason="Strenger")
    assert pool_settings_overview(region=pool["region"]).stale >= 1
    assert freshness_days(pool["other_region"]) == 90


@pytest.mark.parametrize("who", ["consultant_a", "manager_a", "board", "consultant_c"])
def test_other_roles_may_not_change_it(pool, who):
    with pytest.raises(PermissionDenied):
        pool_settings_update(user=pool[who], region=pool["region"], freshness_days=30, reason="x")
    assert not PoolSettings.objects.exists()


@pytest.mark.parametrize(
    ("days", "reason", "field"),
    [(6, "x", "freshness_days"), (731, "x", "freshness_days"), (30, "  ", "reason")],
)
def test_bad_values_are_refused_and_nothing_changes(pool, admin, days, reason, field):
    with pytest.raises(ValidationError) as error:
        pool_settings_update(user=admin, region=pool["region"], freshness_days=days, reason=reason)
    assert field in error.value.message_dict
    assert freshness_days(pool["region"]) == 90
    assert not AccessLogEntry.objects.filter(object_type="pool_settings").exists()


def test_page_shows_the_form_and_saves(pool, admin, login_verified):
    client = login_verified(admin)
    page = client.get(URL)
    assert page.status_code == 200
    with translation.override("nl"):
        assert _("Settings of the candidate pool") in page.content.decode()
    response = client.post(URL, {"freshness_days": "120", "reason": "Pilot langere termijn"})
    assert response.status_code == 302
    assert freshness_days(pool["region"]) == 120
    assert "Pilot langere termijn" in client.get(URL).content.decode()


def test_page_keeps_input_and_explains_errors_in_dutch(pool, admin, login_verified):
    client = login_verified(admin)
    response = client.post(URL, {"freshness_days": "3", "reason": "Te kort"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="3"' in content and "Te kort" in content
    assert "7" in content and 'aria-invalid="true"' in content
    assert freshness_days(pool["region"]) == 90


def test_page_is_refused_to_others(pool, login_verified):
    assert login_verified(pool["consultant_a"]).get(URL).status_code == 403
