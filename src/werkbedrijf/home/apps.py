from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page per role: composes figures from the apps below it, so it sits near the top."""

    name = "werkbedrijf.home"
    verbose_name = _("Home")
