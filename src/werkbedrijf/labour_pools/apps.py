from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourPoolsConfig(AppConfig):
    name = "werkbedrijf.labour_pools"
    verbose_name = _("Labour pools")
