from django.urls import path

from . import views

app_name = "instruments"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("catalogus/nieuw/", views.instrument_create_view, name="instrument_create"),
    path("catalogus/<uuid:instrument_uuid>/", views.instrument_detail_view, name="instrument"),
    path("catalogus/<uuid:instrument_uuid>/nieuwe-versie/", views.version_create_view, name="version_create"),
    path("toets/", views.eligibility_view, name="eligibility"),
    path("aanvragen/", views.grant_list_view, name="grants"),
    path("aanvragen/nieuw/", views.grant_create_view, name="grant_create"),
    path("aanvragen/<uuid:grant_uuid>/", views.grant_detail_view, name="grant"),
    path("aanvragen/<uuid:grant_uuid>/besluiten/", views.grant_decide_view, name="grant_decide"),
    path("aanvragen/<uuid:grant_uuid>/starten/", views.grant_start_view, name="grant_start"),
    path("aanvragen/<uuid:grant_uuid>/beeindigen/", views.grant_end_view, name="grant_end"),
    path("aanvragen/<uuid:grant_uuid>/intrekken/", views.grant_withdraw_view, name="grant_withdraw"),
    path("aanvragen/<uuid:grant_uuid>/loonwaarde/", views.grant_wage_value_view, name="grant_wage_value"),
    path(
        "aanvragen/<uuid:grant_uuid>/betalingen/<uuid:line_uuid>/betaald/",
        views.line_paid_view,
        name="line_paid",
    ),
    path("termijnen/", views.deadlines_view, name="deadlines"),
    path("budgetten/", views.budgets_view, name="budgets"),
    path("betaalschema/", views.export_view, name="export"),
]
