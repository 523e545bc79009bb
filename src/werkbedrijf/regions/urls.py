from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("brongegevens/", views.reference_data, name="reference_data"),
    path("beroepen/zoeken/", views.occupation_search, name="occupation_search"),
    path("beroepen/kiezen/", views.occupation_choose, name="occupation_choose"),
    path("<uuid:uuid>/", views.region_detail, name="detail"),
]
