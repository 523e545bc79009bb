import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkbedrijf.accounts.models import User
from werkbedrijf.accounts.tests.factories import UserFactory
from werkbedrijf.demo.services import DEMO_PASSWORD


def _run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_demo_refuses_without_debug(reference_data, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG on"):
        _run("demo", candidates=5)
    with pytest.raises(CommandError, match="allow-non-debug"):
        _run("demo", "--allow-non-debug", candidates=5)
    assert not User.objects.exists()


def test_demo_refuses_where_the_settings_do_not_allow_it(reference_data, settings):
    del settings.WERKBEDRIJF_DEMO_ALLOWED
    with pytest.raises(CommandError, match="WERKBEDRIJF_DEMO_ALLOWED"):
        _run("demo", candidates=5)
    settings.WERKBEDRIJF_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="WERKBEDRIJF_DEMO_ALLOWED"):
        _run("demo", candidates=5)
    assert not User.objects.exists()


def test_demo_prints_the_logins(reference_data):
    output = _run("demo", candidates=5)
    for username in ("consulent.amsterdam", "consulent.diemen", "consulent.uwv", "werkgever", "beheer"):
        assert username in output
    assert DEMO_PASSWORD in output
    assert "demo_code <username>" in output
    assert "http://127.0.0.1:8000" in output


def test_demo_without_reference_data_says_to_load_it(db):
    with pytest.raises(CommandError, match="load_reference_data"):
        _run("demo", candidates=5)


def test_demo_code_prints_a_code_the_device_accepts(reference_data):
    _run("demo", candidates=0)
    code = _run("demo_code", "consulent.amsterdam").strip()
    assert len(code) == 6 and code.isdigit()
    device = TOTPDevice.objects.get(user__username="consulent.amsterdam")
    assert device.verify_token(code)


def test_demo_code_refuses_without_debug(reference_data, settings):
    _run("demo", candidates=0)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG on"):
        _run("demo_code", "consulent.amsterdam")


def test_demo_code_refuses_where_the_settings_do_not_allow_it(reference_data, settings):
    _run("demo", candidates=0)
    settings.WERKBEDRIJF_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="WERKBEDRIJF_DEMO_ALLOWED"):
        _run("demo_code", "consulent.amsterdam")


def test_demo_code_refuses_for_a_user_who_is_not_a_demo_user(db):
    user = UserFactory(username="echte.gebruiker")
    TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    with pytest.raises(CommandError, match="not a demo user"):
        _run("demo_code", "echte.gebruiker")


def test_demo_reports_the_vacancies_and_labour_pools(reference_data):
    output = _run("demo", candidates=40)
    assert "Vacancies: " in output
    assert "of which carved jobs: " in output
    assert "Labour pools: 4, with " in output
