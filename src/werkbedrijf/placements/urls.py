from django.urls import path

from . import views

app_name = "placements"
urlpatterns = [
    path("", views.placement_list_view, name="list"),
    path("nieuw/", views.placement_create_view, name="create"),
    path(
        "herinneringen/<uuid:reminder_uuid>/wegklikken/", views.reminder_dismiss_view, name="reminder_dismiss"
    ),
    path("<uuid:placement_uuid>/", views.placement_detail_view, name="detail"),
    path("<uuid:placement_uuid>/uren/", views.hours_change_view, name="hours"),
    path("<uuid:placement_uuid>/beeindigen/", views.placement_end_view, name="end"),
    path("<uuid:placement_uuid>/jobcoachplan/", views.coaching_plan_view, name="coaching_plan"),
    path("<uuid:placement_uuid>/jobcoaching/", views.coaching_activity_view, name="coaching_activity"),
    path(
        "<uuid:placement_uuid>/nazorg/<uuid:checkpoint_uuid>/",
        views.checkpoint_record_view,
        name="checkpoint",
    ),
]
