from django.urls import path

from .api import ContactMomentListView, EmployerDetailView, EmployerListView

urlpatterns = [
    path("employers", EmployerListView.as_view(), name="employer-list"),
    path("employers/<uuid:employer_uuid>", EmployerDetailView.as_view(), name="employer-detail"),
    path(
        "employers/<uuid:employer_uuid>/contact-moments",
        ContactMomentListView.as_view(),
        name="employer-contact-moments",
    ),
]
