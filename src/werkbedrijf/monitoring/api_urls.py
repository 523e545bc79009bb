from django.urls import path

from .api import NationalFiguresView, RegionFiguresView

urlpatterns = [
    path("monitoring/figures", RegionFiguresView.as_view(), name="monitoring-region"),
    path("monitoring/national", NationalFiguresView.as_view(), name="monitoring-national"),
]
