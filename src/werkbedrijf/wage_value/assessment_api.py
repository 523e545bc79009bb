"""REST API for wage-value assessments: the same rules as the pages (selectors/services, permissions.py).

`candidate.visibility` says how the caller sees the candidate: `full` (own organisation), `expert` (the
assigned expert: the name), `employer` (the employer at which it took place: the name), `pseudonymised`. The
views are given only to the own organisation and the expert (the employer gets its own view), and the report.
Changing a finalised assessment answers 409 Conflict: record a correction (`POST …/correct`) instead.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.accounts.models import User
from werkbedrijf.api.lookups import object_by_uuid
from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.employers.models import Employer, EmployerLocation

from . import selectors, services
from .models import METHOD_CHOICES, AssessmentStatus
from .permissions import AssessmentAccess, actions, may_correct, may_create

LIST_CONTEXT = "Loonwaardemetingen opgevraagd (API)"
DETAIL_CONTEXT = "Loonwaardemeting opgevraagd (API)"
REPORT_CONTEXT = "Rapport loonwaardemeting opgevraagd (API)"

VISIBILITY_NAMES = {
    AssessmentAccess.FULL: "full",
    AssessmentAccess.EXPERT: "expert",
    AssessmentAccess.EMPLOYER: "employer",
    AssessmentAccess.PSEUDONYMISED: "pseudonymised",
}
PCT = {"max_digits": 7, "decimal_places": 2, "coerce_to_string": True}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "Conflict."


def _finalised() -> Conflict:
    return Conflict(_("This assessment is finalised and cannot be changed. Record a correction instead."))


def _service_errors(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError(error.messages)


class RefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()


class CandidateRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    visibility = serializers.ChoiceField(choices=list(VISIBILITY_NAMES.values()))
    label = serializers.CharField(help_text="The name, or the stable pseudonym K-XXXXX-XXXXX-XXX.")


class TaskSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    share_pct = serializers.DecimalField(help_text="Share of the working week (%), at least 6.25.", **PCT)
    minutes_per_day = serializers.DecimalField(
        max_digits=6, decimal_places=2, help_text="Minutes per working day, at least 30."
    )
    tempo_pct = serializers.DecimalField(**PCT)
    quality_pct = serializers.DecimalField(**PCT)
    third_factor_pct = serializers.DecimalField(
        help_text="Net working time (uniform method 2021) or deployability (historical method), %.", **PCT
    )


class AssessmentSummarySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    candidate = CandidateRefSerializer()
    employer = RefSerializer()
    workplace = serializers.CharField()
    assessor = RefSerializer(help_text="The wage-value expert.")
    method = serializers.ChoiceField(choices=METHOD_CHOICES)
    observed_on = serializers.DateField(allow_null=True)
    result_percent = serializers.IntegerField(
        allow_null=True, help_text="The wage value that counts: the expert's reported figure (whole percent)."
    )
    computed_wage_value = serializers.IntegerField(allow_null=True, help_text="The calculated figure.")
    next_assessment_on = serializers.DateField(allow_null=True)
    finalised_at = serializers.DateTimeField(allow_null=True)
    corrects = serializers.UUIDField(allow_null=True, help_text="The finalised assessment this one corrects.")
    superseded = serializers.BooleanField(
        help_text="A later finalised assessment of the same candidate at the same employer exists."
    )


class AssessmentSerializer(AssessmentSummarySerializer):
    location = RefSerializer(allow_null=True)
    reference_job = serializers.CharField()
    reference_job_scale = serializers.CharField()
    reference_hourly_wage = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    employer_view = serializers.CharField(allow_null=True, help_text="null when not shown to the caller.")
    employer_view_by = serializers.CharField(allow_null=True)
    employer_view_recorded_at = serializers.DateTimeField(allow_null=True)
    candidate_view = serializers.CharField(allow_null=True, help_text="null when not shown to the caller.")
    candidate_view_recorded_at = serializers.DateTimeField(allow_null=True)
    deviation_reason = serializers.CharField(allow_null=True)
    conclusion = serializers.CharField(allow_null=True)
    correction_reason = serializers.CharField()
    tasks = TaskSerializer(many=True)
    missing = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Drafts: what finalising still needs, per field.",
    )
    actions = serializers.DictField(child=serializers.BooleanField(), help_text="What the caller may do now.")


def _summary(row: selectors.AssessmentRow) -> dict:
    a = row.assessment
    return {
        "uuid": a.uuid,
        "status": a.status,
        "candidate": {
            "uuid": a.candidate.uuid,
            "visibility": VISIBILITY_NAMES[row.access],
            "label": row.candidate_label,
        },
        "employer": {"uuid": a.employer.uuid, "name": a.employer.name},
        "workplace": a.workplace,
        "assessor": {"uuid": a.assessor.uuid, "name": a.assessor.get_full_name() or a.assessor.username},
        "method": a.method,
        "observed_on": a.observed_on,
        "result_percent": a.result_percent,
        "computed_wage_value": a.computed_wage_value,
        "next_assessment_on": a.next_assessment_on,
        "finalised_at": a.finalised_at,
        "corrects": a.corrects.uuid if a.corrects_id else None,
        "superseded": bool(getattr(a, "superseded", False)),
    }


def _detail(detail: selectors.AssessmentDetail) -> dict:
    a = detail.assessment
    row = selectors.AssessmentRow(a, detail.access, detail.candidate_label)
    sees_views = detail.access.sees_views
    employer_view = sees_views or detail.access == AssessmentAccess.EMPLOYER
    allowed = detail.actions
    return {
        **_summary(row),
        "location": {"uuid": a.location.uuid, "name": a.location.name} if a.location_id else None,
        "reference_job": a.reference_job,
        "reference_job_scale": a.reference_job_scale,
        "reference_hourly_wage": a.reference_hourly_wage,
        "employer_view": a.employer_view if employer_view else None,
        "employer_view_by": a.employer_view_by if employer_view else None,
        "employer_view_recorded_at": a.employer_view_recorded_at,
        "candidate_view": a.candidate_view if sees_views else None,
        "candidate_view_recorded_at": a.candidate_view_recorded_at,
        "deviation_reason": a.deviation_reason if sees_views else None,
        "conclusion": a.conclusion if sees_views else None,
        "correction_reason": a.correction_reason if sees_views else None,
        "tasks": [
            {
                "uuid": t.uuid,
                **{name: getattr(t, name) for name in services.TASK_FIELDS},
            }
            for t in detail.tasks
        ],
        "missing": detail.missing,
        "actions": {
            "edit": allowed.edit,
            "assign": allowed.assign,
            "tasks": allowed.tasks,
            "views": allowed.views,
            "finalise": allowed.finalise,
            "correct": allowed.correct,
            "delete": allowed.delete,
        },
    }


class AssessmentWriteSerializer(serializers.Serializer):
    """Input for create (candidate, employer, assessor and workplace required) and PATCH (a subset)."""

    candidate = serializers.UUIDField(help_text="uuid of a candidate of your own organisation.")
    employer = serializers.UUIDField(help_text="uuid of an employer of the region.")
    location = serializers.UUIDField(required=False, allow_null=True)
    assessor = serializers.UUIDField(
        help_text="uuid of a user with the wage-value expert role in the region."
    )
    workplace = serializers.CharField(
        max_length=200, help_text="The job the candidate does at the workplace."
    )
    method = serializers.ChoiceField(
        choices=METHOD_CHOICES,
        required=False,
        help_text="By default the method in force on the observation date.",
    )
    reference_job = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reference_job_scale = serializers.CharField(max_length=100, required=False, allow_blank=True)
    reference_hourly_wage = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True
    )
    observed_on = serializers.DateField(required=False, allow_null=True)
    conclusion = serializers.CharField(required=False, allow_blank=True, help_text="Findings (PATCH only).")

    def validate_assessor(self, value):
        return object_by_uuid(User.objects, value, _("Choose a wage-value expert of this region."))

    def validate_employer(self, value):
        return object_by_uuid(
            Employer.objects.select_related("organisation"), value, _("Choose an employer of this region.")
        )

    def validate_location(self, value):
        message = _("Choose a location of this employer, or none.")
        return object_by_uuid(EmployerLocation.objects, value, message)


class ViewWriteSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The view as it was given.")
    given_by = serializers.CharField(required=False, allow_blank=True, default="", help_text="Employer only.")


class FinaliseSerializer(serializers.Serializer):
    reported_wage_value = serializers.IntegerField(
        min_value=0, max_value=100, help_text="The wage value the expert reports: the figure that counts."
    )
    deviation_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when it differs from the calculation.",
    )
    conclusion = serializers.CharField(required=False, allow_blank=True)
    next_assessment_on = serializers.DateField()
    next_assessment_agreed = serializers.BooleanField(
        help_text="The date was agreed with the employer and the candidate (must be true)."
    )


class CorrectSerializer(serializers.Serializer):
    reason = serializers.CharField()
    assessor = serializers.UUIDField(required=False, help_text="Another expert; the same one by default.")

    def validate_assessor(self, value):
        return object_by_uuid(User.objects, value, _("Choose a wage-value expert of this region."))


def _get(request, assessment_uuid):
    region = resolve_region(request)
    return region, selectors.assessment_get(user=request.user, region=region, assessment_uuid=assessment_uuid)


def _detail_response(request, region, assessment, status_code=status.HTTP_200_OK):
    assessment = selectors.assessment_get(user=request.user, region=region, assessment_uuid=assessment.uuid)
    detail = selectors.assessment_detail(
        user=request.user, region=region, assessment=assessment, request=request, context=DETAIL_CONTEXT
    )
    return Response(AssessmentSerializer(_detail(detail)).data, status=status_code)


def _run(call):
    try:
        return call()
    except services.AssessmentFinalisedError:
        raise _finalised() from None
    except DjangoValidationError as error:
        raise _service_errors(error) from None


@extend_schema(tags=["assessments"])
class AssessmentListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = AssessmentSummarySerializer

    @extend_schema(
        operation_id="assessments_list",
        description="The assessments the caller may see; access-logged with the candidates named.",
        parameters=[
            REGION_PARAMETER,
            OpenApiParameter("status", OpenApiTypes.STR, enum=AssessmentStatus.values),
            OpenApiParameter(
                "due",
                OpenApiTypes.BOOL,
                description="Only current finalised assessments due for re-assessment (passed or within "
                f"{selectors.REMINDER_WINDOW_DAYS} days), earliest first.",
            ),
            OpenApiParameter("employer", OpenApiTypes.UUID),
            OpenApiParameter("candidate", OpenApiTypes.UUID),
        ],
    )
    def get(self, request):
        region = resolve_region(request)
        params = request.query_params
        filters = selectors.AssessmentFilters(
            status=params.get("status", ""),
            due=params.get("due", "").lower() in ("true", "1"),
            employer_uuid=params.get("employer", ""),
            candidate_uuid=params.get("candidate", ""),
        )
        qs = selectors.assessment_search(user=request.user, region=region, filters=filters)
        page = self.paginate_queryset(qs)
        rows = selectors.present_rows(
            user=request.user, region=region, assessments=page, request=request, context=LIST_CONTEXT
        )
        return self.get_paginated_response(
            AssessmentSummarySerializer([_summary(r) for r in rows], many=True).data
        )

    @extend_schema(
        operation_id="assessments_create",
        parameters=[REGION_PARAMETER],
        request=AssessmentWriteSerializer,
        responses={201: AssessmentSerializer},
    )
    def post(self, request):
        region = resolve_region(request)
        if not may_create(request.user, region):
            raise exceptions.PermissionDenied()
        serializer = AssessmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("conclusion", None)
        candidate = selectors.candidate_for_assessment(region=region, candidate_uuid=data.pop("candidate"))
        if candidate is None:
            raise exceptions.ValidationError(
                {"candidate": [_("Choose a candidate of your own organisation.")]}
            )
        assessment = _run(
            lambda: services.assessment_create(
                user=request.user, region=region, candidate=candidate, request=request, **data
            )
        )
        return _detail_response(request, region, assessment, status.HTTP_201_CREATED)


@extend_schema(tags=["assessments"], parameters=[REGION_PARAMETER])
class AssessmentDetailView(GenericAPIView):
    serializer_class = AssessmentSerializer

    @extend_schema(operation_id="assessments_read", description="Access-logged when the candidate is named.")
    def get(self, request, assessment_uuid):
        region, assessment = _get(request, assessment_uuid)
        return _detail_response(request, region, assessment)

    @extend_schema(
        operation_id="assessments_partial_update",
        request=AssessmentWriteSerializer(partial=True),
        responses={
            200: AssessmentSerializer,
            409: OpenApiResponse(description="The assessment is finalised."),
        },
    )
    def patch(self, request, assessment_uuid):
        region, assessment = _get(request, assessment_uuid)
        serializer = AssessmentWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for fixed in ("candidate", "employer"):
            if fixed in data:
                raise exceptions.ValidationError(
                    {fixed: [_("This cannot be changed; start a new assessment.")]}
                )
        if not (assessment.is_finalised or actions(request.user, region, assessment).edit):
            raise exceptions.PermissionDenied()
        _run(
            lambda: services.assessment_update(
                user=request.user, region=region, assessment=assessment, request=request, **data
            )
        )
        return _detail_response(request, region, assessment)

    @extend_schema(
        operation_id="assessments_delete",
        description="Deletes a draft (the candidate's organisation only).",
        responses={204: None, 409: OpenApiResponse(description="The assessment is finalised.")},
    )
    def delete(self, request, assessment_uuid):
        region, assessment = _get(request, assessment_uuid)
        _run(
            lambda: services.assessment_delete(
                user=request.user, region=region, assessment=assessment, request=request
            )
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["assessments"], parameters=[REGION_PARAMETER])
class TaskListView(GenericAPIView):
    serializer_class = TaskSerializer

    @extend_schema(
        operation_id="assessments_tasks_create",
        description="Adds a main task (the assigned expert only).",
        request=TaskSerializer,
        responses={201: TaskSerializer, 409: OpenApiResponse(description="The assessment is finalised.")},
    )
    def post(self, request, assessment_uuid):
        region, assessment = _get(request, assessment_uuid)
        serializer = TaskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = _run(
            lambda: services.task_add(
                user=request.user,
                region=region,
                assessment=assessment,
                request=request,
                **serializer.validated_data,
            )
        )
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["assessments"], parameters=[REGION_PARAMETER])
class TaskDetailView(GenericAPIView):
    serializer_class = TaskSerializer

    @extend_schema(
        operation_id="assessments_tasks_partial_update",
        request=TaskSerializer(partial=True),
        responses={200: TaskSerializer, 409: OpenApiResponse(description="The assessment is finalised.")},
    )
    def patch(self, request, assessment_uuid, task_uuid):
        region, assessment = _get(request, assessment_uuid)
        task = selectors.task_get(assessment=assessment, task_uuid=task_uuid)
        serializer = TaskSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        task = _run(
            lambda: services.task_update(
                user=request.user, region=region, task=task, request=request, **serializer.validated_data
            )
        )
        return Response(TaskSerializer(task).data)

    @extend_schema(
        operation_id="assessments_tasks_delete",
        responses={204: None, 409: OpenApiResponse(description="The assessment is finalised.")},
    )
    def delete(self, request, assessment_uuid, task_uuid):
        region, assessment = _get(request, assessment_uuid)
        task = selectors.task_get(assessment=assessment, task_uuid=task_uuid)
        _run(lambda: services.task_remove(user=request.user, region=region, task=task, request=request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class _ViewRecordView(GenericAPIView):
    serializer_class = AssessmentSerializer
    party = ""

    def post(self, request, assessment_uuid):
        region, assessment = _get(request, assessment_uuid)
        serializer = ViewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _run(
            lambda: services.view_record(
                user=request.user,
                region=region,
                assessment=assessment,
                party=self.party,
                text=data["text"],
                given_by=data["given_by"] if self.party == "employer" else "",
                request=request,
            )
        )
        return _detail_response(request, region, assessment)


@extend_schema(tags=["assessments"], parameters=[REGION_PARAMETER])
class EmployerViewView(_ViewRecordView):
    party = "employer"

    @extend_schema(
        operation_id="assessments_employer_view",
        description="Records (or, while a draft, replaces) the employer's view.",
        request=ViewWriteSerializer,
        responses={
            200: AssessmentSerializer,
            409: OpenApiResponse(description="The assessment is finalised."),
        },
    )
    def post(self, request, assessment_uuid):
        return super().post(request, assessment_uuid)


@extend_schema(tags=["assessments"], parameters=[REGION_PARAMETER])
class CandidateViewView(_ViewRecordView):
    party = "candidate"

    @extend_schema(
        operation_id="assessments_candidate_view",
        description="Records (or, while a draft, replaces) the candidate's view.",
        request=ViewWriteSerializer,
        responses={
            200: AssessmentSerializer,
            409: OpenApiResponse(description="The assessment is finalised."),
        },
    )
    def post(self, request, assessment_uuid):
        return super().post(request, assessment_uuid)


@extend_schema(tags=["assessments"], parameters=[REGION_PARAMETER])
class FinaliseView(GenericAPIView):
    serializer_class = AssessmentSerializer

    @extend_schema(
        operation_id="assessments_finalise",
        description="The assigned expert finalises: the reported figure counts, the report (PDF) is made; "
        "afterwards the assessment is immutable.",
        request=FinaliseSerializer,
        responses={200: AssessmentSerializer, 409: OpenApiResponse(description="Already finalised.")},
    )
    def post(self, request, assessment_uuid):
        region, assessment = _get(request, assessment_uuid)
        serializer = FinaliseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _run(
            lambda: services.assessment_finalise(
                user=request.user,
                region=region,
                assessment=assessment,
                request=request,
                **serializer.validated_data,
            )
        )
        return _detail_response(request, region, assessment)


@extend_schema(tags=["assessments"], parameters=[REGION_PARAMETER])
class CorrectView(GenericAPIView):
    serializer_class = AssessmentSerializer

    @extend_schema(
        operation_id="assessments_correct",
        description="Creates a new draft that corrects this finalised assessment (which stays unchanged).",
        request=CorrectSerializer,
        responses={201: AssessmentSerializer},
    )
    def post(self, request, assessment_uuid):
        region, assessment = _get(request, assessment_uuid)
        if not may_correct(request.user, region, assessment):
            raise exceptions.PermissionDenied()
        serializer = CorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = _run(
            lambda: services.assessment_correct(
                user=request.user,
                region=region,
                assessment=assessment,
                request=request,
                **serializer.validated_data,
            )
        )
        return _detail_response(request, region, correction, status.HTTP_201_CREATED)


@extend_schema(tags=["assessments"], parameters=[REGION_PARAMETER])
class ReportView(GenericAPIView):
    serializer_class = None

    @extend_schema(
        operation_id="assessments_report",
        description="The report of a finalised assessment as PDF; access-logged as an export.",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, assessment_uuid):
        region, assessment = _get(request, assessment_uuid)
        pdf = selectors.report_get(
            user=request.user, region=region, assessment=assessment, request=request, context=REPORT_CONTEXT
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="loonwaardemeting-{assessment.uuid}.pdf"'
        return response
