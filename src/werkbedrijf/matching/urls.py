from django.urls import path

from . import configuration_views, rounds_views, views

app_name = "matching"
urlpatterns = [
    path("vacature/<uuid:vacancy_uuid>/", views.vacancy_matches_view, name="vacancy"),
    path("kandidaat/<uuid:candidate_uuid>/", views.candidate_matches_view, name="candidate"),
    path("rondes/", rounds_views.round_list_view, name="rounds"),
    path("rondes/<uuid:round_uuid>/", rounds_views.round_detail_view, name="round"),
    path("instellingen/", configuration_views.configuration_view, name="configuration"),
    path("instellingen/regels/nieuw/", configuration_views.rule_create_view, name="rule_create"),
    path("instellingen/regels/<slug:code>/wijzigen/", configuration_views.rule_edit_view, name="rule"),
]
