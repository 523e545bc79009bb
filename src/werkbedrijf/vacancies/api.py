"""REST API for vacancies and job carving: the same rules as the interface (selectors/services)."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.api.lookups import object_by_uuid
from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.employers.models import EmployerLocation
from werkbedrijf.employers.selectors import employer_get
from werkbedrijf.regions.models import Occupation

from . import selectors, services
from .models import (
    MAX_VACANCY_HOURS,
    MIN_VACANCY_HOURS,
    SUPPORT_FIELDS,
    CarvedTask,
    EmployerTask,
    Vacancy,
    VacancyKind,
    VacancyStatus,
)
from .selectors import SORTS, VacancyFilters

LIST_PARAMETERS = [
    REGION_PARAMETER,
    OpenApiParameter(
        "search", OpenApiTypes.STR, description="Part of the title, employer name or occupation."
    ),
    OpenApiParameter("status", OpenApiTypes.STR, enum=VacancyStatus.values),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=VacancyKind.values),
    OpenApiParameter(
        "occupationGroup", OpenApiTypes.STR, description="ISCO-08 code or its start, e.g. 9 or 9112."
    ),
    OpenApiParameter("occupation", OpenApiTypes.UUID, description="uuid of the occupation."),
    OpenApiParameter("municipality", OpenApiTypes.STR, description="CBS code (GMxxxx) of the location."),
    OpenApiParameter("employer", OpenApiTypes.UUID, description="uuid of the employer."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
]

# API name of each support flag: support_job_coach → jobCoach (camelCased by the renderer).
SUPPORT_NAMES = {field: field.removeprefix("support_") for field, _label in SUPPORT_FIELDS}


def _service_errors(error: DjangoValidationError):
    """A service's ValidationError as DRF's; per-rubric demand errors are reported under `demands`."""
    if not hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.messages)
    detail: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        if key.startswith("demand_"):
            key = "demands"
        elif key.startswith("support_"):
            key = "support"
        detail.setdefault(key, []).extend(messages)
    return exceptions.ValidationError(detail)


def _hours_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=False, **kwargs)


class VacancyDemandSerializer(serializers.Serializer):
    rubric = serializers.ChoiceField(choices=AbilityRubric.choices)
    level = serializers.IntegerField(
        min_value=1,
        max_value=4,
        allow_null=True,
        help_text=(
            "The greatest limitation the job can accommodate (1 full ability required … 4 severe limitation "
            "fits); a candidate with ability level L fits when L <= level. null removes the demand."
        ),
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TaskDemandSerializer(serializers.Serializer):
    rubric = serializers.ChoiceField(choices=AbilityRubric.choices)
    level = serializers.IntegerField(min_value=1, max_value=4, allow_null=True)


class VacancySupportSerializer(serializers.Serializer):
    job_coach = serializers.BooleanField(required=False)
    workplace_adaptation = serializers.BooleanField(required=False)
    buddy = serializers.BooleanField(required=False)
    flexible_hours = serializers.BooleanField(required=False)
    transport = serializers.BooleanField(required=False)
    other = serializers.CharField(max_length=300, required=False, allow_blank=True)


class VacancyOccupationSerializer(serializers.ModelSerializer):
    isco_code = serializers.CharField(source="group.code")

    class Meta:
        model = Occupation
        fields = ["uuid", "name_nl", "esco_uri", "esco_code", "isco_code"]


class VacancyLocationSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.name")
    municipality_code = serializers.CharField(source="municipality.code")

    class Meta:
        model = EmployerLocation
        fields = ["uuid", "name", "postcode", "municipality", "municipality_code"]


class VacancyEmployerSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField(source="organisation.name")


class VacancySerializer(serializers.ModelSerializer):
    employer = VacancyEmployerSerializer()
    region = serializers.CharField(source="region.code", help_text="CBS code AMxx.")
    occupation = VacancyOccupationSerializer()
    location = VacancyLocationSerializer(allow_null=True)
    hours_per_week = _hours_field(min_value=MIN_VACANCY_HOURS, max_value=MAX_VACANCY_HOURS)
    number_of_positions = serializers.IntegerField(min_value=1, max_value=services.MAX_POSITIONS)
    support = serializers.SerializerMethodField()
    demands = serializers.SerializerMethodField()

    class Meta:
        model = Vacancy
        fields = [
            "uuid",
            "title",
            "employer",
            "region",
            "location",
            "occupation",
            "kind",
            "status",
            "tasks",
            "skills",
            "hours_per_week",
            "number_of_positions",
            "wage_scale",
            "start_date",
            "support",
            "demands",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(VacancySupportSerializer)
    def get_support(self, obj) -> dict:
        return {
            **{name: getattr(obj, field) for field, name in SUPPORT_NAMES.items()},
            "other": obj.support_other,
        }

    @extend_schema_field(VacancyDemandSerializer(many=True))
    def get_demands(self, obj) -> list[dict]:
        return [{"rubric": d.rubric, "level": d.level, "note": d.note} for d in obj.demands.all()]


class CarvedTaskSerializer(serializers.ModelSerializer):
    task = serializers.UUIDField(source="task.uuid")
    name = serializers.CharField(source="task.name")
    source_job = serializers.CharField(source="task.source_job")
    hours_per_week = _hours_field(
        min_value=0, max_value=MAX_VACANCY_HOURS, help_text="Hours taken from the task."
    )

    class Meta:
        model = CarvedTask
        fields = ["task", "name", "source_job", "hours_per_week"]


class VacancyDetailSerializer(VacancySerializer):
    carved_tasks = CarvedTaskSerializer(many=True, source="carved_task_links")

    class Meta(VacancySerializer.Meta):
        fields = [*VacancySerializer.Meta.fields, "carved_tasks"]


def _occupation(value):
    return object_by_uuid(Occupation.objects, value, _("Unknown occupation."))


def _location(value):
    return object_by_uuid(EmployerLocation.objects, value, _("Unknown location."))


class _JobWriteFields(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    occupation = serializers.UUIDField(help_text="uuid of an ESCO occupation.")
    kind = serializers.ChoiceField(choices=VacancyKind.choices, required=False)
    location = serializers.UUIDField(
        required=False, allow_null=True, help_text="uuid of one of the employer's locations."
    )
    wage_scale = serializers.CharField(max_length=200, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    number_of_positions = serializers.IntegerField(
        min_value=1, max_value=services.MAX_POSITIONS, required=False
    )

    def validate_occupation(self, value):
        return _occupation(value)

    def validate_location(self, value):
        return _location(value)


class VacancyWriteSerializer(_JobWriteFields):
    """Input for create (employer, title, occupation, tasks and hoursPerWeek required) and PATCH (any subset
    but employer). In a PATCH, `demands` changes only the rubrics it names; level null removes a demand."""

    employer = serializers.UUIDField(help_text="uuid of the employer; only on create.")
    tasks = serializers.CharField()
    skills = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Skills asked for, separated by commas."
    )
    hours_per_week = _hours_field(min_value=MIN_VACANCY_HOURS, max_value=MAX_VACANCY_HOURS)
    support = VacancySupportSerializer(required=False)
    demands = VacancyDemandSerializer(many=True, required=False)

    def to_service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        data.pop("employer", None)
        for name, value in (data.pop("support", None) or {}).items():
            data["support_other" if name == "other" else f"support_{name}"] = value
        if "demands" in data:
            data["demands"] = [(d["rubric"], d["level"], d.get("note", "")) for d in data["demands"]]
        return data


class VacancyStatusChangeSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=VacancyStatus.choices)
    reason = serializers.CharField(max_length=1000)


class EmployerTaskSerializer(serializers.ModelSerializer):
    hours_per_week = _hours_field(min_value=0, max_value=MAX_VACANCY_HOURS)
    demands = TaskDemandSerializer(many=True)

    class Meta:
        model = EmployerTask
        fields = [
            "uuid",
            "name",
            "description",
            "source_job",
            "hours_per_week",
            "suitable_for_target_group",
            "archived",
            "demands",
            "created_at",
        ]


class EmployerTaskWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    source_job = serializers.CharField(max_length=200, help_text="The existing job the task is now part of.")
    hours_per_week = _hours_field(
        min_value=Decimal("0.01"), max_value=MAX_VACANCY_HOURS, help_text="More than 0, at most 40."
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
    suitable_for_target_group = serializers.BooleanField(required=False, default=True)
    demands = TaskDemandSerializer(many=True, required=False, default=list)

    def to_service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        data["demands"] = [(d["rubric"], d["level"]) for d in data["demands"]]
        return data


class CarvedTaskInputSerializer(serializers.Serializer):
    task = serializers.UUIDField(help_text="uuid of one of the employer's tasks.")
    hours_per_week = _hours_field(
        min_value=0,
        max_value=MAX_VACANCY_HOURS,
        required=False,
        allow_null=True,
        help_text="Hours taken from the task; leave out to take all of its hours.",
    )


class CarvedJobWriteSerializer(_JobWriteFields):
    tasks = CarvedTaskInputSerializer(many=True, allow_empty=False)
    task_list = serializers.CharField(
        required=False, allow_blank=True, help_text="Tasks text of the job; by default the tasks' names."
    )


def _vacancy_response(request, region, vacancy_uuid, *, code=status.HTTP_200_OK) -> Response:
    vacancy = selectors.vacancy_get(user=request.user, region=region, vacancy_uuid=vacancy_uuid)
    return Response(VacancyDetailSerializer(vacancy).data, status=code)


class VacancyListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = VacancySerializer

    @extend_schema(
        operation_id="vacancies_list", parameters=LIST_PARAMETERS, responses=VacancySerializer(many=True)
    )
    def get(self, request):
        region = resolve_region(request)
        params = request.query_params
        for name in ("occupation", "employer"):
            if params.get(name):
                try:
                    serializers.UUIDField().to_internal_value(params[name])
                except serializers.ValidationError as error:
                    raise exceptions.ValidationError({name: error.detail}) from None
        filters = VacancyFilters(
            search=params.get("search", ""),
            status=params.get("status", ""),
            kind=params.get("kind", ""),
            occupation_group=params.get("occupationGroup", ""),
            occupation_uuid=params.get("occupation", ""),
            municipality_code=params.get("municipality", ""),
            employer_uuid=params.get("employer", ""),
            sort=params.get("sort", selectors.SORT_NEWEST),
        )
        qs = selectors.vacancy_search(user=request.user, region=region, filters=filters).prefetch_related(
            "demands"
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(VacancySerializer(page, many=True).data)

    @extend_schema(
        operation_id="vacancies_create",
        parameters=[REGION_PARAMETER],
        request=VacancyWriteSerializer,
        responses={201: VacancyDetailSerializer},
    )
    def post(self, request):
        region = resolve_region(request)
        serializer = VacancyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        employer = employer_get(
            user=request.user, region=region, employer_uuid=serializer.validated_data["employer"]
        )
        try:
            vacancy = services.vacancy_create(
                user=request.user,
                region=region,
                employer=employer,
                request=request,
                **serializer.to_service_kwargs(),
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return _vacancy_response(request, region, vacancy.uuid, code=status.HTTP_201_CREATED)


class VacancyDetailView(GenericAPIView):
    filter_backends: list = []
    serializer_class = VacancyDetailSerializer

    @extend_schema(operation_id="vacancies_read", parameters=[REGION_PARAMETER])
    def get(self, request, vacancy_uuid):
        region = resolve_region(request)
        return _vacancy_response(request, region, vacancy_uuid)

    @extend_schema(
        operation_id="vacancies_partial_update",
        parameters=[REGION_PARAMETER],
        request=VacancyWriteSerializer(partial=True),
        responses=VacancyDetailSerializer,
    )
    def patch(self, request, vacancy_uuid):
        region = resolve_region(request)
        vacancy = selectors.vacancy_get(user=request.user, region=region, vacancy_uuid=vacancy_uuid)
        serializer = VacancyWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "employer" in serializer.validated_data:
            raise exceptions.ValidationError(
                {"employer": [_("The employer of a vacancy cannot be changed.")]}
            )
        try:
            services.vacancy_update(
                user=request.user,
                region=region,
                vacancy=vacancy,
                request=request,
                **serializer.to_service_kwargs(),
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return _vacancy_response(request, region, vacancy_uuid)


class VacancyStatusView(GenericAPIView):
    filter_backends: list = []
    serializer_class = VacancyStatusChangeSerializer

    @extend_schema(
        operation_id="vacancies_status_change",
        parameters=[REGION_PARAMETER],
        request=VacancyStatusChangeSerializer,
        responses=VacancyDetailSerializer,
    )
    def post(self, request, vacancy_uuid):
        region = resolve_region(request)
        vacancy = selectors.vacancy_get(user=request.user, region=region, vacancy_uuid=vacancy_uuid)
        serializer = VacancyStatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.vacancy_status_change(
                user=request.user,
                region=region,
                vacancy=vacancy,
                request=request,
                **serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return _vacancy_response(request, region, vacancy_uuid)


class EmployerTaskListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = EmployerTaskSerializer
    pagination_class = None

    @extend_schema(
        operation_id="employers_tasks_list",
        parameters=[
            REGION_PARAMETER,
            OpenApiParameter("archived", OpenApiTypes.BOOL, description="Also archived tasks."),
        ],
        responses=EmployerTaskSerializer(many=True),
    )
    def get(self, request, employer_uuid):
        region = resolve_region(request)
        employer = employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
        tasks = selectors.employer_tasks(
            user=request.user,
            region=region,
            employer=employer,
            include_archived=request.query_params.get("archived", "").lower() in ("1", "true"),
        )
        return Response(EmployerTaskSerializer(tasks, many=True).data)

    @extend_schema(
        operation_id="employers_tasks_create",
        parameters=[REGION_PARAMETER],
        request=EmployerTaskWriteSerializer,
        responses={201: EmployerTaskSerializer},
    )
    def post(self, request, employer_uuid):
        region = resolve_region(request)
        employer = employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
        serializer = EmployerTaskWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            task = services.employer_task_create(
                user=request.user,
                region=region,
                employer=employer,
                request=request,
                **serializer.to_service_kwargs(),
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return Response(EmployerTaskSerializer(task).data, status=status.HTTP_201_CREATED)


class CarvedJobCreateView(GenericAPIView):
    filter_backends: list = []
    serializer_class = CarvedJobWriteSerializer

    @extend_schema(
        operation_id="employers_carved_jobs_create",
        parameters=[REGION_PARAMETER],
        request=CarvedJobWriteSerializer,
        responses={201: VacancyDetailSerializer},
        description=(
            "Compose a job from the employer's tasks (job carving): a draft vacancy whose hours are the "
            "hours taken, whose demand per rubric is the most demanding level among the tasks, linked to "
            "its tasks."
        ),
    )
    def post(self, request, employer_uuid):
        region = resolve_region(request)
        employer = employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
        serializer = CarvedJobWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        wanted = data.pop("tasks")
        found = selectors.tasks_by_uuid(employer=employer, uuids=[str(t["task"]) for t in wanted])
        missing = [str(t["task"]) for t in wanted if str(t["task"]) not in found]
        if missing:
            raise exceptions.ValidationError(
                {
                    "tasks": [
                        _("Unknown or archived task of this employer: %(uuids)s.")
                        % {"uuids": ", ".join(missing)}
                    ]
                }
            )
        selection = [(found[str(t["task"])], t.get("hours_per_week")) for t in wanted]
        data["tasks"] = data.pop("task_list", "")
        try:
            vacancy = services.carved_job_create(
                user=request.user,
                region=region,
                employer=employer,
                selection=selection,
                request=request,
                **data,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return _vacancy_response(request, region, vacancy.uuid, code=status.HTTP_201_CREATED)
