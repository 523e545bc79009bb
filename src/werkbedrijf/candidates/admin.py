from django.contrib import admin

from .models import PoolSettings


@admin.register(PoolSettings)
class PoolSettingsAdmin(admin.ModelAdmin):
    """The freshness period per region. Candidates themselves are changed through the services only."""

    list_display = ["region", "freshness_days"]
    autocomplete_fields: list[str] = []
