from django.urls import path

from .api import ProposalDetailView, ProposalListView, ProposalTransitionView

urlpatterns = [
    path("proposals", ProposalListView.as_view(), name="proposal-list"),
    path("proposals/<uuid:proposal_uuid>", ProposalDetailView.as_view(), name="proposal-detail"),
    path(
        "proposals/<uuid:proposal_uuid>/transitions",
        ProposalTransitionView.as_view(),
        name="proposal-transitions",
    ),
]
