from django.urls import path

from . import assessment_api
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
    path("assessments", assessment_api.AssessmentListView.as_view(), name="assessment-list"),
    path(
        "assessments/<uuid:assessment_uuid>",
        assessment_api.AssessmentDetailView.as_view(),
        name="assessment-detail",
    ),
    path(
        "assessments/<uuid:assessment_uuid>/tasks",
        assessment_api.TaskListView.as_view(),
        name="assessment-tasks",
    ),
    path(
        "assessments/<uuid:assessment_uuid>/tasks/<uuid:task_uuid>",
        assessment_api.TaskDetailView.as_view(),
        name="assessment-task-detail",
    ),
    path(
        "assessments/<uuid:assessment_uuid>/employer-view",
        assessment_api.EmployerViewView.as_view(),
        name="assessment-employer-view",
    ),
    path(
        "assessments/<uuid:assessment_uuid>/candidate-view",
        assessment_api.CandidateViewView.as_view(),
        name="assessment-candidate-view",
    ),
    path(
        "assessments/<uuid:assessment_uuid>/finalise",
        assessment_api.FinaliseView.as_view(),
        name="assessment-finalise",
    ),
    path(
        "assessments/<uuid:assessment_uuid>/correct",
        assessment_api.CorrectView.as_view(),
        name="assessment-correct",
    ),
    path(
        "assessments/<uuid:assessment_uuid>/report",
        assessment_api.ReportView.as_view(),
        name="assessment-report",
    ),
]
