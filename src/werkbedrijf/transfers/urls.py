from django.urls import path

from . import views

app_name = "transfers"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("importeren/", views.upload_view, name="upload"),
    path("importeren/<uuid:job_uuid>/", views.job_view, name="job"),
    path("importeren/<uuid:job_uuid>/voortgang/", views.job_progress_view, name="job_progress"),
    path("importeren/<uuid:job_uuid>/fouten.csv", views.job_report_view, name="job_report"),
    path("sjabloon/<slug:kind>.<slug:fmt>", views.template_view, name="template"),
    path("exporteren/<slug:kind>.<slug:fmt>", views.export_view, name="export"),
]
