from django.urls import path

from . import views

app_name = "parameters"
urlpatterns = [
    path("", views.parameter_list, name="list"),
    path("nieuwe-versie/", views.parameter_create, name="create"),
    path("<uuid:uuid>/corrigeren/", views.parameter_correct, name="correct"),
]
