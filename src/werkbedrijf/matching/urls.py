from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("vacature/<uuid:vacancy_uuid>/", views.vacancy_matches_view, name="vacancy"),
    path("kandidaat/<uuid:candidate_uuid>/", views.candidate_matches_view, name="candidate"),
]
