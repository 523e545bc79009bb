from django.urls import path

from .api import (
    CarvedJobCreateView,
    EmployerTaskListView,
    VacancyDetailView,
    VacancyListView,
    VacancyStatusView,
)

urlpatterns = [
    path("vacancies", VacancyListView.as_view(), name="vacancy-list"),
    path("vacancies/<uuid:vacancy_uuid>", VacancyDetailView.as_view(), name="vacancy-detail"),
    path("vacancies/<uuid:vacancy_uuid>/status", VacancyStatusView.as_view(), name="vacancy-status"),
    path("employers/<uuid:employer_uuid>/tasks", EmployerTaskListView.as_view(), name="employer-tasks"),
    path(
        "employers/<uuid:employer_uuid>/carved-jobs",
        CarvedJobCreateView.as_view(),
        name="employer-carved-jobs",
    ),
]
