from django.urls import path

from . import api

urlpatterns = [
    path("placements", api.PlacementListView.as_view(), name="placement-list"),
    path("placements/<uuid:placement_uuid>", api.PlacementDetailView.as_view(), name="placement-detail"),
    path("placements/<uuid:placement_uuid>/hours", api.PlacementHoursView.as_view(), name="placement-hours"),
    path("placements/<uuid:placement_uuid>/end", api.PlacementEndView.as_view(), name="placement-end"),
    path(
        "placements/<uuid:placement_uuid>/checkpoints/<int:months>",
        api.CheckpointRecordView.as_view(),
        name="placement-checkpoint",
    ),
    path(
        "placements/<uuid:placement_uuid>/coaching-plans",
        api.CoachingPlanView.as_view(),
        name="placement-coaching-plan",
    ),
    path(
        "placements/<uuid:placement_uuid>/coaching-activities",
        api.CoachingActivityView.as_view(),
        name="placement-coaching-activity",
    ),
]
