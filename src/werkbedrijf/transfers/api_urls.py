from django.urls import path

from .api import ExportView, ImportDetailView, ImportListView

urlpatterns = [
    path("imports", ImportListView.as_view(), name="api-import-list"),
    path("imports/<uuid:job_uuid>", ImportDetailView.as_view(), name="api-import-detail"),
    path("exports/<slug:kind>", ExportView.as_view(), name="api-export"),
]
