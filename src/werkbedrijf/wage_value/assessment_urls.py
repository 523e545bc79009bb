from django.urls import path

from . import assessment_views as views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list_view, name="list"),
    path("herbeoordelingen/", views.reassessments_due_view, name="due"),
    path("nieuw/", views.assessment_create_view, name="create"),
    path("<uuid:assessment_uuid>/", views.assessment_detail_view, name="detail"),
    path("<uuid:assessment_uuid>/bewerken/", views.assessment_edit_view, name="edit"),
    path("<uuid:assessment_uuid>/verwijderen/", views.assessment_delete_view, name="delete"),
    path("<uuid:assessment_uuid>/taken/nieuw/", views.task_add_view, name="task_add"),
    path("<uuid:assessment_uuid>/taken/<uuid:task_uuid>/", views.task_edit_view, name="task_edit"),
    path(
        "<uuid:assessment_uuid>/taken/<uuid:task_uuid>/verwijderen/",
        views.task_remove_view,
        name="task_remove",
    ),
    path("<uuid:assessment_uuid>/zienswijze/<slug:party>/", views.view_record_view, name="view"),
    path("<uuid:assessment_uuid>/vaststellen/", views.finalise_view, name="finalise"),
    path("<uuid:assessment_uuid>/rapport.pdf", views.report_view, name="report"),
    path("<uuid:assessment_uuid>/corrigeren/", views.correct_view, name="correct"),
]
