from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("tweede-stap/", views.two_factor_view, name="two_factor"),
    path("tweede-stap/instellen/", views.two_factor_setup_view, name="two_factor_setup"),
    path("regio/", views.switch_region_view, name="switch_region"),
]
