from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("", views.employer_list_view, name="list"),
    path("nieuw/", views.employer_create_view, name="create"),
    path("<uuid:employer_uuid>/", views.employer_detail_view, name="detail"),
    path("<uuid:employer_uuid>/bewerken/", views.employer_edit_view, name="edit"),
    path("<uuid:employer_uuid>/contactmomenten/", views.contact_moment_add_view, name="contact_moment_add"),
    path("<uuid:employer_uuid>/locaties/", views.location_add_view, name="location_add"),
    path("<uuid:employer_uuid>/toezeggingen/", views.pledge_add_view, name="pledge_add"),
]
