from django.urls import path

from . import views

app_name = "wage_value"
urlpatterns = [
    path("", views.index, name="index"),
    path("loonkostensubsidie/", views.wage_cost_subsidy, name="wage_cost_subsidy"),
    path("loonwaardemeting/", views.wage_value, name="wage_value"),
    path("loondispensatie/", views.wage_dispensation, name="wage_dispensation"),
    path("nettokosten/", views.net_cost, name="net_cost"),
]
