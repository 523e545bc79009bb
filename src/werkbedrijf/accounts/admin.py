"""Admin for the functional operator. Writes here go through Django's admin log; day-to-day user
management by functional administrators gets its own screens in a later issue."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Organisation, RoleAssignment, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "municipality", "is_active")
    list_filter = ("kind", "region", "is_active")
    search_fields = ("name", "kvk_number")
    readonly_fields = ("uuid",)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "is_system_account", "is_active")
    list_filter = ("is_active", "is_system_account", "organisation__kind")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Werkbedrijf"), {"fields": ("organisation", "is_system_account")}),
    )
    inlines = [RoleAssignmentInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are created with `werkbedrijf api_key_create` (shown once); here they can only be revoked."""

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False
