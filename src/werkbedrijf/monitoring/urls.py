from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("doelstelling/", views.target_share_view, name="target_share"),
]
