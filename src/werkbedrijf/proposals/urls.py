from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list_view, name="list"),
    path("nieuw/", views.proposal_create_view, name="create"),
    path("redenen/", views.decline_report_view, name="report"),
    path("<uuid:proposal_uuid>/", views.proposal_detail_view, name="detail"),
    path("<uuid:proposal_uuid>/stap/", views.proposal_transition_view, name="transition"),
]
