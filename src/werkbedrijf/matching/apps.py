from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "werkbedrijf.matching"
    verbose_name = _("Matching")

    def ready(self):
        from .index import connect_signals  # noqa: PLC0415 (models are loaded only now)

        connect_signals()
