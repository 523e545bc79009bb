"""REST API for employers and their contact history: the same rules as the interface (selectors/services)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.accounts.models import User
from werkbedrijf.api.lookups import object_by_uuid
from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.regions.models import Sector, SectorClassification

from . import selectors, services
from .models import (
    ContactMoment,
    ContactMomentKind,
    Employer,
    EmployerLocation,
    SectorType,
    SizeClass,
)

API_HISTORY_CONTEXT = "Contacthistorie werkgever opgevraagd (API)"

LIST_PARAMETERS = [
    REGION_PARAMETER,
    OpenApiParameter(
        "search", OpenApiTypes.STR, description="Part of the name, or the start of the KvK number."
    ),
    OpenApiParameter("sectorSection", OpenApiTypes.STR, description="SBI 2008 section letter, e.g. C."),
    OpenApiParameter("sizeClass", OpenApiTypes.STR, enum=SizeClass.values),
    OpenApiParameter("accountManager", OpenApiTypes.UUID, description="uuid of the account manager."),
    OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only employers I am account manager of."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(selectors.SORTS)),
]


def _service_errors(error: DjangoValidationError, field_map: dict[str, str] | None = None):
    """A service's ValidationError as DRF's, with field names as the API spells them."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({field_map.get(k, k): v for k, v in error.message_dict.items()})
    return exceptions.ValidationError(error.messages)


# The PostgreSQL integer column's upper bound.
YEARLY_PAID_HOURS_MAX = 2_147_483_647


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name_nl", "section"]


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["uuid", "name", "email"]

    def get_name(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class LocationSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.name")
    municipality_code = serializers.CharField(source="municipality.code")

    class Meta:
        model = EmployerLocation
        fields = ["uuid", "name", "postcode", "municipality", "municipality_code", "is_main"]


class EmployerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organisation.name")
    kvk_number = serializers.CharField(source="organisation.kvk_number")
    region = serializers.CharField(source="organisation.region.code", help_text="CBS code AMxx.")
    sector = SectorSerializer()
    account_manager = PersonSerializer(allow_null=True)
    last_contact_at = serializers.DateTimeField(allow_null=True, read_only=True)
    # Explicit bounds: the model field's range differs between SQLite and PostgreSQL, the API must not.
    yearly_paid_hours = serializers.IntegerField(
        min_value=0, max_value=YEARLY_PAID_HOURS_MAX, allow_null=True
    )

    class Meta:
        model = Employer
        fields = [
            "uuid",
            "name",
            "kvk_number",
            "region",
            "sector",
            "size_class",
            "sector_type",
            "yearly_paid_hours",
            "account_manager",
            "last_contact_at",
            "created_at",
            "updated_at",
        ]


class EmployerDetailSerializer(EmployerSerializer):
    locations = LocationSerializer(many=True)

    class Meta(EmployerSerializer.Meta):
        fields = [*EmployerSerializer.Meta.fields, "locations"]


class EmployerWriteSerializer(serializers.Serializer):
    """Input for create (all required but yearlyPaidHours and accountManager) and for PATCH (any subset)."""

    name = serializers.CharField(max_length=200)
    kvk_number = serializers.CharField(max_length=12, help_text="8 digits.")
    sector_code = serializers.CharField(
        max_length=6, help_text="An SBI 2008 code, a division (2 digits) or finer."
    )
    size_class = serializers.ChoiceField(choices=SizeClass.choices)
    sector_type = serializers.ChoiceField(choices=SectorType.choices, required=False)
    yearly_paid_hours = serializers.IntegerField(
        min_value=0, max_value=YEARLY_PAID_HOURS_MAX, required=False, allow_null=True
    )
    account_manager = serializers.UUIDField(required=False, allow_null=True, help_text="uuid of a user.")

    def validate_sector_code(self, value):
        sector = Sector.objects.filter(classification=SectorClassification.SBI_2008, code=value).first()
        if sector is None:
            raise serializers.ValidationError(_("Unknown SBI 2008 code."))
        return sector

    def validate_account_manager(self, value):
        return object_by_uuid(User.objects.filter(is_active=True), value, _("Unknown user."))

    def to_service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        if "sector_code" in data:
            data["sector"] = data.pop("sector_code")
        return data


EMPLOYER_FIELD_MAP = {"sector": "sector_code"}


class ContactMomentSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    corrects = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = ContactMoment
        fields = [
            "uuid",
            "occurred_at",
            "kind",
            "summary",
            "next_step",
            "next_step_date",
            "corrects",
            "author",
            "created_at",
        ]


class ContactMomentWriteSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=ContactMomentKind.choices)
    summary = serializers.CharField()
    next_step = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    next_step_date = serializers.DateField(required=False, allow_null=True, default=None)
    corrects = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="uuid of the contact moment this corrects."
    )


class EmployerListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = EmployerSerializer

    @extend_schema(
        operation_id="employers_list", parameters=LIST_PARAMETERS, responses=EmployerSerializer(many=True)
    )
    def get(self, request):
        region = resolve_region(request)
        params = request.query_params
        filters = selectors.EmployerFilters(
            search=params.get("search", ""),
            sector_section=params.get("sectorSection", ""),
            size_class=params.get("sizeClass", ""),
            account_manager_uuid=params.get("accountManager", ""),
            mine=params.get("mine", "").lower() in ("1", "true"),
            sort=params.get("sort", selectors.SORT_NAME),
        )
        if filters.account_manager_uuid:
            try:
                serializers.UUIDField().to_internal_value(filters.account_manager_uuid)
            except serializers.ValidationError as error:
                raise exceptions.ValidationError({"accountManager": error.detail}) from None
        qs = selectors.employer_search(user=request.user, region=region, filters=filters)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(EmployerSerializer(page, many=True).data)

    @extend_schema(
        operation_id="employers_create",
        parameters=[REGION_PARAMETER],
        request=EmployerWriteSerializer,
        responses={201: EmployerDetailSerializer},
    )
    def post(self, request):
        region = resolve_region(request)
        serializer = EmployerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            employer = services.employer_create(
                user=request.user, region=region, request=request, **serializer.to_service_kwargs()
            )
        except DjangoValidationError as error:
            raise _service_errors(error, EMPLOYER_FIELD_MAP) from None
        employer = selectors.employer_get(user=request.user, region=region, employer_uuid=employer.uuid)
        return Response(EmployerDetailSerializer(employer).data, status=status.HTTP_201_CREATED)


class EmployerDetailView(GenericAPIView):
    filter_backends: list = []
    serializer_class = EmployerDetailSerializer

    @extend_schema(operation_id="employers_read", parameters=[REGION_PARAMETER])
    def get(self, request, employer_uuid):
        region = resolve_region(request)
        employer = selectors.employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
        return Response(EmployerDetailSerializer(employer).data)

    @extend_schema(
        operation_id="employers_partial_update",
        parameters=[REGION_PARAMETER],
        request=EmployerWriteSerializer(partial=True),
        responses=EmployerDetailSerializer,
    )
    def patch(self, request, employer_uuid):
        region = resolve_region(request)
        employer = selectors.employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
        serializer = EmployerWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            services.employer_update(
                user=request.user,
                region=region,
                employer=employer,
                request=request,
                **serializer.to_service_kwargs(),
            )
        except DjangoValidationError as error:
            raise _service_errors(error, EMPLOYER_FIELD_MAP) from None
        employer = selectors.employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
        return Response(EmployerDetailSerializer(employer).data)


class ContactMomentListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = ContactMomentSerializer
    pagination_class = None

    @extend_schema(
        operation_id="employers_contact_moments_list",
        parameters=[REGION_PARAMETER],
        responses=ContactMomentSerializer(many=True),
    )
    def get(self, request, employer_uuid):
        region = resolve_region(request)
        employer = selectors.employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
        moments = selectors.contact_history(
            user=request.user, region=region, employer=employer, request=request, context=API_HISTORY_CONTEXT
        )
        return Response(ContactMomentSerializer(moments, many=True).data)

    @extend_schema(
        operation_id="employers_contact_moments_create",
        parameters=[REGION_PARAMETER],
        request=ContactMomentWriteSerializer,
        responses={201: ContactMomentSerializer},
    )
    def post(self, request, employer_uuid):
        region = resolve_region(request)
        employer = selectors.employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
        serializer = ContactMomentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data["corrects"] is not None:
            corrected = ContactMoment.objects.filter(uuid=data["corrects"], employer=employer).first()
            if corrected is None:
                raise exceptions.ValidationError(
                    {"corrects": [_("Unknown contact moment of this employer.")]}
                )
            data["corrects"] = corrected
        try:
            moment = services.contact_moment_add(
                user=request.user, region=region, employer=employer, request=request, **data
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return Response(ContactMomentSerializer(moment).data, status=status.HTTP_201_CREATED)
