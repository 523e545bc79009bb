from django.urls import path

from .api import CandidateConfirmView, CandidateDetailView, CandidateListView, CandidateStatusView

urlpatterns = [
    path("candidates", CandidateListView.as_view(), name="api-candidate-list"),
    path("candidates/<uuid:uuid>", CandidateDetailView.as_view(), name="api-candidate-detail"),
    path("candidates/<uuid:uuid>/confirm", CandidateConfirmView.as_view(), name="api-candidate-confirm"),
    path("candidates/<uuid:uuid>/status", CandidateStatusView.as_view(), name="api-candidate-status"),
]
