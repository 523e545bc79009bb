from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.views.generic import RedirectView


def admin_login(request, extra_context=None):
    """The admin has no login of its own: everyone signs in (with 2FA) through the product's login."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:login"))


admin.site.login = admin_login
admin.site.site_header = "Werkbedrijf – beheer"

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True)),
    path("", include("werkbedrijf.home.urls")),
    path("account/", include("werkbedrijf.accounts.urls")),
    path("regio/", include("werkbedrijf.regions.urls")),
    path("parameters/", include("werkbedrijf.parameters.urls")),
    path("toegangslog/", include("werkbedrijf.audit.urls")),
    path("kandidaten/", include("werkbedrijf.candidates.urls")),
    path("werkgevers/", include("werkbedrijf.employers.urls")),
    path("vacatures/", include("werkbedrijf.vacancies.urls")),
    path("werkpools/", include("werkbedrijf.labour_pools.urls")),
    path("loonwaarde/", include("werkbedrijf.wage_value.urls")),
    path("metingen/", include("werkbedrijf.wage_value.assessment_urls")),
    path("instrumenten/", include("werkbedrijf.instruments.urls")),
    path("voordrachten/", include("werkbedrijf.proposals.urls")),
    path("plaatsingen/", include("werkbedrijf.placements.urls")),
    path("monitoring/", include("werkbedrijf.monitoring.urls")),
    path("matching/", include("werkbedrijf.matching.urls")),
    path("import-export/", include("werkbedrijf.transfers.urls")),
    path("api/v1/", include("werkbedrijf.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler500 = "werkbedrijf.api.exceptions.server_error"
