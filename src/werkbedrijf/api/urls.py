from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from .views import NotFoundView

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("", include("werkbedrijf.regions.api_urls")),
    path("", include("werkbedrijf.candidates.api_urls")),
    path("", include("werkbedrijf.employers.api_urls")),
    path("", include("werkbedrijf.vacancies.api_urls")),
    path("", include("werkbedrijf.labour_pools.api_urls")),
    path("", include("werkbedrijf.wage_value.api_urls")),
    path("", include("werkbedrijf.instruments.api_urls")),
    path("", include("werkbedrijf.proposals.api_urls")),
    path("", include("werkbedrijf.matching.api_urls")),
    path("", include("werkbedrijf.placements.api_urls")),
    path("", include("werkbedrijf.monitoring.api_urls")),
    path("", include("werkbedrijf.transfers.api_urls")),
    re_path(r"^.*$", NotFoundView.as_view()),
]
