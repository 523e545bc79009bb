from django.urls import path

from .api import (
    MemberEndView,
    MemberListView,
    PoolDetailView,
    PoolListView,
    SecondmentEndView,
    SecondmentListView,
)

urlpatterns = [
    path("labour-pools", PoolListView.as_view(), name="labour-pool-list"),
    path("labour-pools/<uuid:pool_uuid>", PoolDetailView.as_view(), name="labour-pool-detail"),
    path("labour-pools/<uuid:pool_uuid>/members", MemberListView.as_view(), name="labour-pool-members"),
    path(
        "labour-pools/<uuid:pool_uuid>/members/<uuid:membership_uuid>/end",
        MemberEndView.as_view(),
        name="labour-pool-member-end",
    ),
    path(
        "labour-pools/<uuid:pool_uuid>/secondments",
        SecondmentListView.as_view(),
        name="labour-pool-secondments",
    ),
    path(
        "labour-pools/<uuid:pool_uuid>/secondments/<uuid:secondment_uuid>/end",
        SecondmentEndView.as_view(),
        name="labour-pool-secondment-end",
    ),
]
