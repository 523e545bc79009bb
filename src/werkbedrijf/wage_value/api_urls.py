from django.urls import path

from .api import NetCostView, WageCostSubsidyView, WageDispensationView, WageValueView

urlpatterns = [
    path(
        "calculations/wage-cost-subsidy", WageCostSubsidyView.as_view(), name="calculations-wage-cost-subsidy"
    ),
    path("calculations/wage-value", WageValueView.as_view(), name="calculations-wage-value"),
    path(
        "calculations/wage-dispensation",
        WageDispensationView.as_view(),
        name="calculations-wage-dispensation",
    ),
    path("calculations/net-cost", NetCostView.as_view(), name="calculations-net-cost"),
]
