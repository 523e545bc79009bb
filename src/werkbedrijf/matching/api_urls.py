from django.urls import path

from .api import CandidateMatchesView, VacancyMatchesView

urlpatterns = [
    path("vacancies/<uuid:vacancy_uuid>/matches", VacancyMatchesView.as_view(), name="vacancy-matches"),
    path(
        "candidates/<uuid:candidate_uuid>/matches", CandidateMatchesView.as_view(), name="candidate-matches"
    ),
]
