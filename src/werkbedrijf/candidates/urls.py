from django.urls import path

from . import views

app_name = "candidates"
urlpatterns = [
    path("", views.candidate_list_view, name="list"),
    path("nieuw/", views.candidate_create_view, name="create"),
    path("te-doen/", views.candidate_todo_view, name="todo"),
    path("instellingen/", views.pool_settings_view, name="settings"),
    path("<uuid:candidate_uuid>/", views.candidate_detail_view, name="detail"),
    path("<uuid:candidate_uuid>/bewerken/", views.candidate_edit_view, name="edit"),
    path("<uuid:candidate_uuid>/bevestigen/", views.candidate_confirm_view, name="confirm"),
    path("<uuid:candidate_uuid>/status/", views.candidate_status_view, name="status"),
    path("<uuid:candidate_uuid>/toestemming/", views.candidate_consent_view, name="consent"),
]
