from django.urls import path

from . import views

app_name = "labour_pools"
urlpatterns = [
    path("", views.pool_list_view, name="list"),
    path("nieuw/", views.pool_create_view, name="create"),
    path("<uuid:pool_uuid>/", views.pool_detail_view, name="detail"),
    path("<uuid:pool_uuid>/bewerken/", views.pool_edit_view, name="edit"),
    path("<uuid:pool_uuid>/beeindigen/", views.pool_end_view, name="end"),
    path("<uuid:pool_uuid>/leden/nieuw/", views.member_add_view, name="member_add"),
    path(
        "<uuid:pool_uuid>/leden/<uuid:membership_uuid>/beeindigen/", views.member_end_view, name="member_end"
    ),
    path(
        "<uuid:pool_uuid>/leden/<uuid:membership_uuid>/detacheren/",
        views.secondment_add_view,
        name="secondment_add",
    ),
    path(
        "<uuid:pool_uuid>/detacheringen/<uuid:secondment_uuid>/beeindigen/",
        views.secondment_end_view,
        name="secondment_end",
    ),
    path("<uuid:pool_uuid>/groepsdetachering/", views.group_secondment_view, name="group_secondment"),
]
