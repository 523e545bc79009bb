from django.urls import path

from . import api

urlpatterns = [
    path("instruments", api.InstrumentListView.as_view(), name="instrument-list"),
    path("instruments/<uuid:instrument_uuid>", api.InstrumentDetailView.as_view(), name="instrument-detail"),
    path(
        "instruments/<uuid:instrument_uuid>/versions",
        api.InstrumentVersionCreateView.as_view(),
        name="instrument-version-create",
    ),
    path("eligibility-checks", api.EligibilityCheckView.as_view(), name="eligibility-check"),
    path("grants", api.GrantListView.as_view(), name="grant-list"),
    path("grant-deadlines", api.DeadlineListView.as_view(), name="grant-deadlines"),
    path("grants/<uuid:grant_uuid>", api.GrantDetailView.as_view(), name="grant-detail"),
    path("grants/<uuid:grant_uuid>/decide", api.GrantDecideView.as_view(), name="grant-decide"),
    path("grants/<uuid:grant_uuid>/start", api.GrantStartView.as_view(), name="grant-start"),
    path("grants/<uuid:grant_uuid>/end", api.GrantEndView.as_view(), name="grant-end"),
    path("grants/<uuid:grant_uuid>/withdraw", api.GrantWithdrawView.as_view(), name="grant-withdraw"),
    path("grants/<uuid:grant_uuid>/wage-value", api.GrantWageValueView.as_view(), name="grant-wage-value"),
    path(
        "grants/<uuid:grant_uuid>/payment-lines",
        api.PaymentLineListView.as_view(),
        name="grant-payment-lines",
    ),
    path(
        "grants/<uuid:grant_uuid>/payment-lines/<uuid:line_uuid>/pay",
        api.PaymentLinePayView.as_view(),
        name="grant-payment-line-pay",
    ),
    path("budgets", api.BudgetListView.as_view(), name="budget-list"),
    path("payment-schedule", api.PaymentScheduleView.as_view(), name="payment-schedule"),
]
