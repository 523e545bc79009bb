"""REST API for labour pools: the same rules as the interface (selectors/services, permissions.py).

Members come in full where the candidates' rules allow it, otherwise pseudonymised; reading a pool's members
or secondments is access-logged. Board members, who see counts only in the interface, get 403 here.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.accounts.models import Organisation, User
from werkbedrijf.accounts.permissions import Visibility
from werkbedrijf.api.lookups import object_by_uuid
from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.employers.models import Employer, EmployerLocation

from . import selectors, services
from .models import MAX_HOURS_PER_WEEK, PoolKind
from .permissions import pool_rule

API_MEMBERS_CONTEXT = "Leden van werkpool opgevraagd (API)"
API_SECONDMENTS_CONTEXT = "Detacheringen van werkpool opgevraagd (API)"

LIST_PARAMETERS = [
    REGION_PARAMETER,
    OpenApiParameter("search", OpenApiTypes.STR, description="Part of the pool's or the operator's name."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=PoolKind.values),
    OpenApiParameter("operator", OpenApiTypes.UUID, description="uuid of the operating organisation."),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=[selectors.STATUS_ACTIVE, selectors.STATUS_ENDED, "all"],
        description="Active pools (default), ended ones, or all.",
    ),
]


def _hours(**kwargs):
    return serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=MAX_HOURS_PER_WEEK,
        coerce_to_string=False,
        **kwargs,
    )


def _service_errors(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError(error.messages)


def _require_manage(request, region) -> None:
    if not pool_rule(request.user, region).manage:
        raise exceptions.PermissionDenied()


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["uuid", "name", "kind"]


class PersonRefSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["uuid", "name"]

    def get_name(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class PoolSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PoolKind.choices)
    operator = OrganisationRefSerializer()
    job_coach = PersonRefSerializer(allow_null=True)
    description = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    member_count = serializers.IntegerField(min_value=0, max_value=1_000_000, help_text="Current members.")
    seconded_hours = serializers.DecimalField(
        max_digits=9,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("40000000"),
        coerce_to_string=False,
        help_text="Hours a week seconded today.",
    )
    employer_count = serializers.IntegerField(
        min_value=0, max_value=1_000_000, help_text="Employers with a member seconded today."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PoolWriteSerializer(serializers.Serializer):
    """Input for create (name, kind and operator required) and for PATCH (any subset)."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=PoolKind.choices)
    operator = serializers.UUIDField(help_text="uuid of the operating organisation.")
    job_coach = serializers.UUIDField(required=False, allow_null=True, help_text="uuid of a user.")
    description = serializers.CharField(required=False, allow_blank=True)

    def validate_operator(self, value):
        return object_by_uuid(Organisation.objects, value, _("Unknown organisation."))

    def validate_job_coach(self, value):
        return object_by_uuid(User.objects, value, _("Unknown user."))


class MemberSerializer(serializers.Serializer):
    """A candidate as the caller may see them: a name only when `visibility` is full."""

    uuid = serializers.UUIDField(help_text="uuid of the candidate.")
    visibility = serializers.ChoiceField(choices=["full", "pseudonymised", "withheld"])
    label = serializers.CharField(help_text="The name (full) or the stable pseudonym K-XXXXX-XXXXX-XXX.")
    age_band = serializers.CharField(help_text="Empty when full or withheld.")
    pc4 = serializers.CharField(help_text="Empty when full or withheld.")
    municipality = serializers.CharField(help_text="Empty when full or withheld.")


VISIBILITY_NAMES = {
    Visibility.FULL: "full",
    Visibility.PSEUDONYMISED: "pseudonymised",
    Visibility.AGGREGATE: "withheld",
}


def _member(member: selectors.MemberPresentation) -> dict:
    return {
        "uuid": member.candidate_uuid,
        "visibility": VISIBILITY_NAMES[member.visibility],
        "label": member.label,
        "age_band": member.age_band,
        "pc4": member.pc4,
        "municipality": member.municipality,
    }


class EmployerRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()


class SecondmentSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    membership = serializers.UUIDField()
    member = MemberSerializer()
    employer = EmployerRefSerializer()
    location = EmployerRefSerializer(allow_null=True)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    hours_per_week = _hours()
    tasks = serializers.CharField()
    end_reason = serializers.CharField(help_text="Only for members shown in full.")


class MembershipSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    member = MemberSerializer()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    hours_per_week = _hours()
    note = serializers.CharField(help_text="Only for members shown in full.")
    end_reason = serializers.CharField(help_text="Only for members shown in full.")


def _secondment(secondment, member: selectors.MemberPresentation) -> dict:
    return {
        "uuid": secondment.uuid,
        "membership": secondment.membership.uuid,
        "member": _member(member),
        "employer": {"uuid": secondment.employer.uuid, "name": secondment.employer.name},
        "location": {"uuid": secondment.location.uuid, "name": secondment.location.name}
        if secondment.location
        else None,
        "started_on": secondment.started_on,
        "ended_on": secondment.ended_on,
        "hours_per_week": secondment.hours_per_week,
        "tasks": secondment.tasks,
        "end_reason": secondment.end_reason if member.is_full else "",
    }


def _membership(membership, member: selectors.MemberPresentation) -> dict:
    return {
        "uuid": membership.uuid,
        "member": _member(member),
        "started_on": membership.started_on,
        "ended_on": membership.ended_on,
        "hours_per_week": membership.hours_per_week,
        "note": membership.note if member.is_full else "",
        "end_reason": membership.end_reason if member.is_full else "",
    }


class MembershipWriteSerializer(serializers.Serializer):
    candidate = serializers.UUIDField(help_text="uuid of a candidate of the region.")
    started_on = serializers.DateField()
    hours_per_week = _hours()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)


class SecondmentWriteSerializer(serializers.Serializer):
    """One member (a list of one) or a group of members of the pool, seconded to one employer at once."""

    memberships = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=200, help_text="uuids of pool memberships."
    )
    employer = serializers.UUIDField(help_text="uuid of an employer of the region.")
    location = serializers.UUIDField(required=False, allow_null=True, default=None)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    hours_per_week = _hours(help_text="Hours a week per member.")
    tasks = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["labour-pools"])
class PoolListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = PoolSerializer

    @extend_schema(operation_id="labour_pools_list", parameters=LIST_PARAMETERS)
    def get(self, request):
        region = resolve_region(request)
        params = request.query_params
        operator = params.get("operator", "")
        if operator:
            try:
                serializers.UUIDField().to_internal_value(operator)
            except serializers.ValidationError as error:
                raise exceptions.ValidationError({"operator": error.detail}) from None
        filters = selectors.PoolFilters(
            search=params.get("search", ""),
            kind=params.get("kind", ""),
            operator_uuid=operator,
            status=params.get("status", selectors.STATUS_ACTIVE),
        )
        qs = selectors.pool_search(user=request.user, region=region, filters=filters)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PoolSerializer(page, many=True).data)

    @extend_schema(
        operation_id="labour_pools_create",
        parameters=[REGION_PARAMETER],
        request=PoolWriteSerializer,
        responses={201: PoolSerializer},
    )
    def post(self, request):
        region = resolve_region(request)
        _require_manage(request, region)
        serializer = PoolWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            pool = services.pool_create(
                user=request.user, region=region, request=request, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool.uuid)
        return Response(PoolSerializer(pool).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["labour-pools"], parameters=[REGION_PARAMETER])
class PoolDetailView(GenericAPIView):
    filter_backends: list = []
    serializer_class = PoolSerializer

    @extend_schema(operation_id="labour_pools_read")
    def get(self, request, pool_uuid):
        region = resolve_region(request)
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        return Response(PoolSerializer(pool).data)

    @extend_schema(
        operation_id="labour_pools_partial_update",
        request=PoolWriteSerializer(partial=True),
        responses=PoolSerializer,
    )
    def patch(self, request, pool_uuid):
        region = resolve_region(request)
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        _require_manage(request, region)
        serializer = PoolWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            services.pool_update(
                user=request.user, region=region, pool=pool, request=request, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        return Response(PoolSerializer(pool).data)


@extend_schema(tags=["labour-pools"], parameters=[REGION_PARAMETER])
class MemberListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = MembershipSerializer
    pagination_class = None

    @extend_schema(
        operation_id="labour_pools_members_list",
        description="Current and ended memberships; access-logged.",
        responses=MembershipSerializer(many=True),
    )
    def get(self, request, pool_uuid):
        region = resolve_region(request)
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        detail = selectors.pool_detail(
            user=request.user, region=region, pool=pool, request=request, context=API_MEMBERS_CONTEXT
        )
        rows = detail.members + detail.ended_members
        return Response(
            MembershipSerializer([_membership(r.membership, r.member) for r in rows], many=True).data
        )

    @extend_schema(
        operation_id="labour_pools_members_create",
        request=MembershipWriteSerializer,
        responses={201: MembershipSerializer},
    )
    def post(self, request, pool_uuid):
        region = resolve_region(request)
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        _require_manage(request, region)
        serializer = MembershipWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = selectors.candidate_for_membership(
            user=request.user, region=region, candidate_uuid=data.pop("candidate")
        )
        try:
            membership = services.membership_add(
                user=request.user, region=region, pool=pool, candidate=candidate, request=request, **data
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        member = selectors.present_member(user=request.user, region=region, candidate=membership.candidate)
        return Response(
            MembershipSerializer(_membership(membership, member)).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["labour-pools"], parameters=[REGION_PARAMETER])
class MemberEndView(GenericAPIView):
    serializer_class = MembershipSerializer

    @extend_schema(
        operation_id="labour_pools_members_end",
        description="Ends the membership and, on the same date, its secondments.",
        request=EndSerializer,
        responses=MembershipSerializer,
    )
    def post(self, request, pool_uuid, membership_uuid):
        region = resolve_region(request)
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        _require_manage(request, region)
        membership = selectors.membership_get(
            user=request.user, region=region, pool=pool, membership_uuid=membership_uuid
        )
        serializer = EndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            membership = services.membership_end(
                user=request.user,
                region=region,
                membership=membership,
                request=request,
                **serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        member = selectors.present_member(user=request.user, region=region, candidate=membership.candidate)
        return Response(MembershipSerializer(_membership(membership, member)).data)


@extend_schema(tags=["labour-pools"], parameters=[REGION_PARAMETER])
class SecondmentListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = SecondmentSerializer
    pagination_class = None

    @extend_schema(
        operation_id="labour_pools_secondments_list",
        description="Current, planned and ended secondments of the pool's members; access-logged.",
        responses=SecondmentSerializer(many=True),
    )
    def get(self, request, pool_uuid):
        region = resolve_region(request)
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        detail = selectors.pool_detail(
            user=request.user, region=region, pool=pool, request=request, context=API_SECONDMENTS_CONTEXT
        )
        items = [
            _secondment(s, row.member)
            for row in detail.members + detail.ended_members
            for s in row.secondments
        ] + [_secondment(e.secondment, e.member) for e in detail.ended_secondments]
        return Response(SecondmentSerializer(items, many=True).data)

    @extend_schema(
        operation_id="labour_pools_secondments_create",
        description="One member, or several at once (group secondment: all or nothing).",
        request=SecondmentWriteSerializer,
        responses={201: SecondmentSerializer(many=True)},
    )
    def post(self, request, pool_uuid):
        region = resolve_region(request)
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        _require_manage(request, region)
        serializer = SecondmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        uuids = list(dict.fromkeys(data.pop("memberships")))
        memberships = []
        for membership_uuid in uuids:
            try:
                memberships.append(
                    selectors.membership_get(
                        user=request.user, region=region, pool=pool, membership_uuid=membership_uuid
                    )
                )
            except Http404:
                raise exceptions.ValidationError(
                    {
                        "memberships": [
                            _("Unknown membership of this pool: %(uuid)s.") % {"uuid": membership_uuid}
                        ]
                    }
                ) from None
        employer = Employer.objects.filter(uuid=data.pop("employer")).select_related("organisation").first()
        if employer is None:
            raise exceptions.ValidationError({"employer": [_("Choose an employer of this region.")]})
        location_uuid = data.pop("location")
        location = None
        if location_uuid is not None:
            location = EmployerLocation.objects.filter(uuid=location_uuid).first()
            if location is None:
                raise exceptions.ValidationError(
                    {"location": [_("Choose a location of this employer, or none.")]}
                )
        try:
            if len(memberships) == 1:
                created = [
                    services.secondment_add(
                        user=request.user,
                        region=region,
                        membership=memberships[0],
                        employer=employer,
                        location=location,
                        request=request,
                        **data,
                    )
                ]
            else:
                created = services.group_secondment_add(
                    user=request.user,
                    region=region,
                    pool=pool,
                    memberships=memberships,
                    employer=employer,
                    location=location,
                    request=request,
                    **data,
                )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        items = [
            _secondment(
                s,
                selectors.present_member(user=request.user, region=region, candidate=s.membership.candidate),
            )
            for s in created
        ]
        return Response(SecondmentSerializer(items, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["labour-pools"], parameters=[REGION_PARAMETER])
class SecondmentEndView(GenericAPIView):
    serializer_class = SecondmentSerializer

    @extend_schema(
        operation_id="labour_pools_secondments_end", request=EndSerializer, responses=SecondmentSerializer
    )
    def post(self, request, pool_uuid, secondment_uuid):
        region = resolve_region(request)
        pool = selectors.pool_get(user=request.user, region=region, pool_uuid=pool_uuid)
        _require_manage(request, region)
        secondment = selectors.secondment_get(
            user=request.user, region=region, pool=pool, secondment_uuid=secondment_uuid
        )
        serializer = EndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            secondment = services.secondment_end(
                user=request.user,
                region=region,
                secondment=secondment,
                request=request,
                **serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        member = selectors.present_member(
            user=request.user, region=region, candidate=secondment.membership.candidate
        )
        return Response(SecondmentSerializer(_secondment(secondment, member)).data)
