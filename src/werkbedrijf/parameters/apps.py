from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParametersConfig(AppConfig):
    name = "werkbedrijf.parameters"
    verbose_name = _("Legal parameters")
