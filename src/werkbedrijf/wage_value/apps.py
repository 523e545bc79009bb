from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WageValueConfig(AppConfig):
    name = "werkbedrijf.wage_value"
    verbose_name = _("Wage value and subsidies")
