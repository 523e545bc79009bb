from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.access_log_view, name="access_log"),
    path("export.<str:fmt>", views.access_log_export_view, name="access_log_export"),
]
