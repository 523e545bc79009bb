from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("doelstelling/", views.target_share_view, name="target_share"),
    path("kwartaalrapportage.pdf", views.quarterly_report_view, name="quarterly_report"),
    path("cijfers.xlsx", views.figures_xlsx_view, name="figures_xlsx"),
    path("landelijk/", views.national_view, name="national"),
]
