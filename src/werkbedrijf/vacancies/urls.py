from django.urls import path

from . import views

app_name = "vacancies"
urlpatterns = [
    path("", views.vacancy_list_view, name="list"),
    path("nieuw/<uuid:employer_uuid>/", views.vacancy_create_view, name="create"),
    path("<uuid:vacancy_uuid>/", views.vacancy_detail_view, name="detail"),
    path("<uuid:vacancy_uuid>/bewerken/", views.vacancy_edit_view, name="edit"),
    path("<uuid:vacancy_uuid>/status/", views.vacancy_status_view, name="status"),
    path("jobcarving/<uuid:employer_uuid>/", views.carving_view, name="carving"),
    path("jobcarving/<uuid:employer_uuid>/voorbeeld/", views.carving_preview_view, name="carving_preview"),
    path("jobcarving/<uuid:employer_uuid>/taken/", views.task_add_view, name="task_add"),
    path(
        "jobcarving/<uuid:employer_uuid>/taken/<uuid:task_uuid>/archiveren/",
        views.task_archive_view,
        name="task_archive",
    ),
]
