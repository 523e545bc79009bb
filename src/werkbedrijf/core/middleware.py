from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchByDefaultLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the user chose English with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language header, so a civil servant
    with an English browser would get English without asking for it. Here only the language cookie
    set by the switch (django.views.i18n.set_language) counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
