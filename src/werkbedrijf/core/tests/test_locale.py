from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from werkbedrijf.core.middleware import DutchByDefaultLocaleMiddleware


def language_for(**headers) -> str:
    seen = {}

    def view(request):
        seen["language"] = translation.get_language()
        return HttpResponse()

    request = RequestFactory().get("/", **headers)
    DutchByDefaultLocaleMiddleware(view)(request)
    return seen["language"]


def test_an_english_browser_still_gets_dutch():
    assert language_for(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9") == "nl"


def test_the_language_switch_cookie_chooses_english():
    assert language_for(HTTP_COOKIE="django_language=en", HTTP_ACCEPT_LANGUAGE="nl") == "en"


def test_an_unknown_language_falls_back_to_dutch():
    assert language_for(HTTP_COOKIE="django_language=fr") == "nl"
