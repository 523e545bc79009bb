"""The matching settings pages: who sees what, a new weights version (with its preview and its errors),
priority rules added, changed and retired, the "in force on" date, the audit trail, and the active region's
scope."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import staff
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.matching import services
from werkbedrijf.matching.models import MatchWeights, PriorityRule

URL = "/matching/instellingen/"
WAJONG_FIRST = "Wajong en Wsw eerst voor banenafspraakbanen"
DEFAULTS = {
    "occupation": 30,
    "skills": 15,
    "distance": 15,
    "hours": 10,
    "education": 5,
    "preferences": 5,
    "waiting": 10,
    "cost": 10,
    "waiting_cap_months": 24,
}


def _nl(message: str, **values) -> str:
    with translation.override("nl"):
        text = translation.gettext(message)
    return escape(text % values if values else text)


def _weights(**changes) -> dict:
    return {
        "valid_from": "2030-01-01",
        **{name: str(value) for name, value in {**DEFAULTS, **changes}.items()},
    }


def _rule_data(**changes) -> dict:
    data = {
        "name": WAJONG_FIRST,
        "valid_from": "2015-01-01",
        "valid_until": "2017-12-31",
        "job_kinds": ["jobs_agreement"],
        "target_groups": ["wajong", "wsw_indication"],
        "effect": "first_tier",
        "bonus": "",
        "active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _rules_in_force(html: str) -> str:
    return re.search(r'id="rules-in-force">(.*?)</div>', html, re.DOTALL).group(1)


def _wajong_rule(world, **changes):
    values = {
        "name": WAJONG_FIRST,
        "valid_from": date(2015, 1, 1),
        "valid_until": date(2017, 12, 31),
        "job_kinds": ["jobs_agreement"],
        "target_groups": ["wajong", "wsw_indication"],
        "effect": "first_tier",
        **changes,
    }
    return services.priority_rule_save(user=world["admin"], region=world["region"], **values)


# --- who sees what ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["consultant_a", "manager", "policy", "board"])
def test_staff_read_the_settings_without_the_forms(login_verified, world, who):
    response = login_verified(world[who]).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert _nl("Weights in force today") in html
    assert _nl("No version has been recorded yet: the defaults apply.") in html
    assert 'name="change_note"' not in html and reverse("matching:rule_create") not in html
    assert _nl("The functional administrator of the region changes these settings.") in html


def test_the_functional_administrator_gets_the_forms_prefilled_with_the_defaults(login_verified, world):
    response = login_verified(world["admin"]).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="occupation"' in html and 'value="30"' in html and 'name="waiting_cap_months"' in html
    assert f'value="{world["today"].isoformat()}"' in html
    assert reverse("matching:rule_create") in html
    assert _nl("No priority rules have been set: every candidate is ranked on points alone.") in html
    assert "<strong>100</strong>" in html  # a perfect fit with the defaults


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.WAGE_VALUE_EXPERT, Role.EMPLOYER_USER])
def test_users_without_a_reading_role_are_refused(login_verified, world, role):
    if role == Role.EMPLOYER_USER:
        user = world["employer_user"]
    else:
        user = staff(world["region"], world["org_a"], role, f"zonder.{role}")
    client = login_verified(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _weights()).status_code == 403
    assert not MatchWeights.objects.exists()


@pytest.mark.parametrize("who", ["consultant_a", "manager", "policy", "board"])
def test_only_the_functional_administrator_may_change_anything(login_verified, world, who):
    rule = _wajong_rule(world)
    client = login_verified(world[who])
    assert client.post(URL, _weights(change_note="x")).status_code == 403
    assert client.get(reverse("matching:rule_create")).status_code == 403
    assert client.post(reverse("matching:rule_create"), _rule_data(name="Andere regel")).status_code == 403
    edit = reverse("matching:rule", args=[rule.code])
    assert client.post(edit, _rule_data(active=None, change_note="weg")).status_code == 403
    assert not MatchWeights.objects.exists()
    assert PriorityRule.objects.count() == 1


# --- weights ----------------------------------------------------------------------------------------------


def test_a_new_weights_version_is_saved_shown_and_audited(login_verified, world):
    admin = world["admin"]
    client = login_verified(admin)
    response = client.post(URL, {**_weights(skills=25), "valid_from": world["today"].isoformat()})
    assert response.status_code == 302 and response["Location"] == URL
    version = MatchWeights.objects.get(region=world["region"])
    assert (version.number, version.skills, version.occupation, version.created_by) == (1, 25, 30, admin)

    entry = AccessLogEntry.objects.get(object_type="matchweights")
    assert entry.action == AccessAction.CREATE and entry.actor == admin
    assert entry.object_uuid == version.uuid and "skills" in entry.changed_fields

    html = client.get(URL).content.decode()
    with translation.override("nl"):
        today = date_format(world["today"], "j F Y")
    assert _nl("Version %(number)s, from %(date)s", number=1, date=today) in html
    assert (
        _nl(
            "Version %(number)s of the weights has been saved; it applies from %(date)s.",
            number=1,
            date=today,
        )
        in html
    )
    assert escape(admin.get_full_name()) in html
    assert "15 → 25" in html  # the changed figure, against the defaults
    assert "<strong>110</strong>" in html  # the new total in force
    assert 'name="skills"' in html and 'value="25"' in html  # the next version starts from this one


def test_once_a_version_exists_the_change_note_is_required_and_the_input_is_kept(login_verified, world):
    services.match_weights_create(user=world["admin"], region=world["region"], valid_from=date(2024, 1, 1))
    client = login_verified(world["admin"])
    response = client.post(URL, _weights(occupation=42))
    assert response.status_code == 400
    html = response.content.decode()
    assert _nl("Say briefly what changed, for the history.") in html
    assert 'value="42"' in html and 'value="2030-01-01"' in html and 'aria-invalid="true"' in html
    assert MatchWeights.objects.count() == 1

    response = client.post(URL, _weights(occupation=42, change_note="Beroep zwaarder na besluit stuurgroep"))
    assert response.status_code == 302
    latest = MatchWeights.objects.order_by("-number").first()
    assert (latest.number, latest.occupation, latest.valid_from) == (2, 42, date(2030, 1, 1))
    html = client.get(URL).content.decode()
    assert "Beroep zwaarder na besluit stuurgroep" in html and "30 → 42" in html
    assert _nl("not started yet") in html


def test_a_weight_out_of_bounds_is_explained_next_to_its_field(login_verified, world):
    response = login_verified(world["admin"]).post(URL, _weights(skills=5000, hours="tien"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="5000"' in html and 'value="tien"' in html
    assert 'id="id_hours_error"' in html
    response = login_verified(world["admin"]).post(URL, _weights(skills=5000))
    assert response.status_code == 400
    html = response.content.decode()
    assert _nl("A weight is a whole number of points from 0 to %(max)s.", max=1000) in html
    assert 'id="id_skills_error"' in html and 'value="5000"' in html
    assert not MatchWeights.objects.exists()


def test_the_preview_shows_the_maximum_per_factor_and_the_total_without_saving(login_verified, world):
    client = login_verified(world["admin"])
    response = client.post(URL, {**_weights(occupation=60), "actie": "voorbeeld"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>130</strong>" in html and 'value="60"' in html
    assert 'aria-invalid="true"' not in html
    assert not MatchWeights.objects.exists()

    partial = client.post(URL, {**_weights(occupation=60), "actie": "voorbeeld"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    fragment = partial.content.decode()
    assert "<html" not in fragment and 'id="weights-preview"' in fragment
    assert "<strong>100</strong>" in fragment and "<strong>130</strong>" in fragment
    assert "46%" in fragment  # 60 of 130

    broken = client.post(URL, {**_weights(occupation="veel"), "actie": "voorbeeld"}, HTTP_HX_REQUEST="true")
    assert (
        _nl("Enter a whole number of points for every factor to see the effect.") in broken.content.decode()
    )


# --- priority rules ---------------------------------------------------------------------------------------


def test_a_rule_is_added_changed_and_retired_with_its_history(login_verified, world):
    admin = world["admin"]
    client = login_verified(admin)
    assert client.get(reverse("matching:rule_create")).status_code == 200
    response = client.post(reverse("matching:rule_create"), _rule_data())
    assert response.status_code == 302 and response["Location"] == URL
    rule = PriorityRule.objects.get(region=world["region"])
    assert (rule.number, rule.effect, rule.valid_until, rule.active) == (
        1,
        "first_tier",
        date(2017, 12, 31),
        True,
    )
    assert rule.job_kinds == ["jobs_agreement"] and rule.target_groups == ["wajong", "wsw_indication"]
    html = client.get(URL).content.decode()
    assert escape(WAJONG_FIRST) in html and _nl("Wsw indication") in html

    again = client.post(reverse("matching:rule_create"), _rule_data())
    assert again.status_code == 400
    assert (
        _nl("A priority rule with this name exists already: change that rule, or choose another name.")
        in again.content.decode()
    )

    edit = reverse("matching:rule", args=[rule.code])
    form = client.get(edit).content.decode()
    assert 'value="2017-12-31"' in form and 'value="wsw_indication" checked' in form
    response = client.post(
        edit, _rule_data(effect="bonus", bonus="12", change_note="Bonus in plaats van voorrang")
    )
    assert response.status_code == 302
    response = client.post(
        edit, _rule_data(effect="bonus", bonus="12", active=None, change_note="Afspraak vervallen")
    )
    assert response.status_code == 302

    versions = list(PriorityRule.objects.filter(code=rule.code).order_by("number"))
    assert [(v.number, v.effect, v.bonus, v.active) for v in versions] == [
        (1, "first_tier", 0, True),
        (2, "bonus", 12, True),
        (3, "bonus", 12, False),
    ]
    assert AccessLogEntry.objects.filter(object_type="priorityrule", action=AccessAction.CREATE).count() == 3
    html = client.get(URL).content.decode()
    assert _nl("retired") in html and "Afspraak vervallen" in html and "Bonus in plaats van voorrang" in html
    assert escape(admin.get_full_name()) in html


def test_a_rule_with_errors_keeps_the_input(login_verified, world):
    client = login_verified(world["admin"])
    response = client.post(
        reverse("matching:rule_create"),
        _rule_data(effect="bonus", bonus="", valid_until="2014-12-31", target_groups=["wia"]),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _nl("A bonus is a whole number of points from 1 to %(max)s.", max=1000) in html
    assert _nl("The end cannot be before the start.") in html
    assert escape(WAJONG_FIRST) in html and 'value="wia" checked' in html and 'value="2014-12-31"' in html
    assert not PriorityRule.objects.exists()

    rule = _wajong_rule(world)
    response = client.post(reverse("matching:rule", args=[rule.code]), _rule_data(name="Nieuwe naam"))
    assert response.status_code == 400
    assert _nl("Say briefly what changed, for the history.") in response.content.decode()
    assert 'value="Nieuwe naam"' in response.content.decode()
    assert PriorityRule.objects.count() == 1


def test_the_date_picker_shows_the_rule_in_force_in_2016_and_not_in_2018(login_verified, world):
    _wajong_rule(world)
    services.match_weights_create(
        user=world["admin"], region=world["region"], valid_from=date(2020, 1, 1), occupation=40
    )
    client = login_verified(world["consultant_a"])

    html = client.get(URL, {"op": "2016-06-01"}).content.decode()
    assert escape(WAJONG_FIRST) in _rules_in_force(html)
    assert _nl("No version had started on this date: the defaults apply.") in html
    assert "<strong>100</strong>" in html

    html = client.get(URL, {"op": "2018-06-01"}).content.decode()
    assert escape(WAJONG_FIRST) not in _rules_in_force(html)
    assert escape(WAJONG_FIRST) in html  # still listed with its history

    html = client.get(URL).content.decode()
    assert escape(WAJONG_FIRST) not in _rules_in_force(html) and "<strong>110</strong>" in html

    assert client.get(URL, {"op": "morgen"}).status_code == 400


# --- the active region --------------------------------------------------------------------------------------


def test_the_settings_are_those_of_the_active_region(login_verified, world):
    rule = _wajong_rule(world)
    admin_c = staff(world["other_region"], world["org_c"], Role.FUNCTIONAL_ADMIN, "beheerder.c")
    client = login_verified(admin_c)
    html = client.get(URL).content.decode()
    assert escape(WAJONG_FIRST) not in html
    assert client.get(reverse("matching:rule", args=[rule.code])).status_code == 404

    assert client.post(URL, _weights()).status_code == 302
    assert MatchWeights.objects.get().region == world["other_region"]
    assert client.post(reverse("matching:rule_create"), _rule_data()).status_code == 302
    assert PriorityRule.objects.filter(region=world["other_region"], code=rule.code).count() == 1
    assert PriorityRule.objects.filter(region=world["region"]).count() == 1
