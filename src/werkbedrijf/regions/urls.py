from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("brongegevens/", views.reference_data, name="reference_data"),
    path("<uuid:uuid>/", views.region_detail, name="detail"),
]
