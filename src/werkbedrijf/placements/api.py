"""REST API for placements and their aftercare: the same rules as the interface (selectors, services,
permissions.py). Candidates come as the proposals API shows them (full, pseudonymised or withheld); notes,
the end reason and coaching only for who sees the candidate in full and the account manager. Lists are
access-logged with the persons shown in full.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.api.params import bool_param, uuid_param
from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.employers.models import Employer
from werkbedrijf.instruments.models import Grant
from werkbedrijf.proposals.api import EnumField, ProposalCandidateSerializer, candidate_data
from werkbedrijf.proposals.models import Proposal
from werkbedrijf.proposals.selectors import candidate_for_proposal, vacancy_for_proposal

from . import selectors, services
from .choices import CheckpointOutcome, CoachingKind, CoachingPeriod, ContractType, EndReason
from .models import MAX_HOURS_PER_WEEK
from .permissions import may_read_details, may_write_at_all
from .rules import CHECKPOINT_MONTHS

API_LIST_CONTEXT = "Plaatsingen opgevraagd (API)"
API_DETAIL_CONTEXT = "Plaatsing opgevraagd (API)"
MAX_TEXT = services.MAX_TEXT


def _contract_field(**kwargs):
    return EnumField(choices=ContractType.choices, enum_name="ContractTypeEnum", **kwargs)


def _end_reason_field(**kwargs):
    return EnumField(choices=EndReason.choices, enum_name="PlacementEndReasonEnum", **kwargs)


def _hours_field(**kwargs):
    return serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=MAX_HOURS_PER_WEEK,
        coerce_to_string=False,
        **kwargs,
    )


class PlacementEmployerSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField(source="organisation.name")
    sector_type = serializers.CharField(help_text="market or government: where the jobs count.")


class PlacementSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    candidate = ProposalCandidateSerializer()
    employer = PlacementEmployerSerializer()
    vacancy = serializers.UUIDField(allow_null=True)
    proposal = serializers.UUIDField(allow_null=True)
    job_title = serializers.CharField()
    contract_type = _contract_field()
    start_date = serializers.DateField()
    planned_end_date = serializers.DateField(allow_null=True)
    hours_per_week = _hours_field(help_text="As they are now; see hoursHistory.")
    ended_on = serializers.DateField(allow_null=True, help_text="The last working day; null while running.")
    end_reason = _end_reason_field(
        allow_null=True, help_text="null while running, or withheld from the caller."
    )
    created_at = serializers.DateTimeField()


class HoursRowSerializer(serializers.Serializer):
    valid_from = serializers.DateField()
    hours_per_week = _hours_field()


class CheckpointSerializer(serializers.Serializer):
    months = serializers.IntegerField()
    due_on = serializers.DateField()
    outcome = EnumField(choices=CheckpointOutcome.choices, enum_name="CheckpointOutcomeEnum", allow_null=True)
    cancelled = serializers.BooleanField(help_text="The placement ended before it was due.")
    new_hours = _hours_field(allow_null=True)
    note = serializers.CharField(allow_null=True, help_text="null when withheld from the caller.")
    recorded_at = serializers.DateTimeField(allow_null=True)


class CoachingPlanSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    provider = serializers.CharField()
    coach_name = serializers.CharField(allow_blank=True)
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    period = EnumField(choices=CoachingPeriod.choices, enum_name="CoachingPeriodEnum")
    goals = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class CoachingActivitySerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = EnumField(choices=CoachingKind.choices, enum_name="CoachingKindEnum")
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=False)
    note = serializers.CharField(allow_blank=True)


class PlacementDetailSerializer(PlacementSerializer):
    hourly_wage = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    trial_extension_reason = serializers.CharField(allow_null=True)
    end_note = serializers.CharField(allow_null=True)
    responsible = serializers.CharField(help_text="Username of who gets the checkpoint reminders.")
    grants = serializers.ListField(child=serializers.UUIDField(), help_text="uuids of the attached grants.")
    hours_history = HoursRowSerializer(many=True)
    checkpoints = CheckpointSerializer(many=True)
    coaching_plans = CoachingPlanSerializer(many=True, help_text="Newest first; empty when withheld.")
    coaching_activities = CoachingActivitySerializer(
        many=True, help_text="Newest first; empty when withheld."
    )


class PlacementCreateSerializer(serializers.Serializer):
    candidate = serializers.UUIDField()
    employer = serializers.UUIDField(
        required=False, help_text="Defaults to the proposal's vacancy's employer."
    )
    proposal = serializers.UUIDField(
        required=False, help_text="A hired proposal (or one in a trial placement)."
    )
    vacancy = serializers.UUIDField(required=False)
    contract_type = _contract_field()
    start_date = serializers.DateField()
    planned_end_date = serializers.DateField(required=False, allow_null=True, default=None)
    trial_extension_reason = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default=""
    )
    hours_per_week = _hours_field()
    hourly_wage = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None, coerce_to_string=False
    )
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    grants = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    responsible = serializers.CharField(required=False, help_text="Username; defaults to the caller.")


class PlacementHoursChangeSerializer(serializers.Serializer):
    valid_from = serializers.DateField()
    hours_per_week = _hours_field()
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class PlacementEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField(help_text="The last working day.")
    reason = _end_reason_field()
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class CheckpointOutcomeSerializer(serializers.Serializer):
    outcome = EnumField(choices=CheckpointOutcome.choices, enum_name="CheckpointOutcomeEnum")
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    new_hours = _hours_field(required=False, allow_null=True, default=None, help_text="For hours_changed.")
    changed_from = serializers.DateField(required=False, allow_null=True, default=None)
    ended_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="For ended.")
    end_reason = _end_reason_field(required=False, default="", help_text="For ended.")


class CoachingPlanCreateSerializer(serializers.Serializer):
    provider = serializers.CharField(max_length=200)
    coach_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, coerce_to_string=False)
    period = EnumField(choices=CoachingPeriod.choices, enum_name="CoachingPeriodEnum")
    goals = serializers.CharField(max_length=MAX_TEXT)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class CoachingActivityCreateSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = EnumField(choices=CoachingKind.choices, enum_name="CoachingKindEnum")
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=0, coerce_to_string=False)
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


def _placement(placement, person, details: bool) -> dict:
    return {
        "uuid": placement.uuid,
        "candidate": candidate_data(person),
        "employer": placement.employer,
        "vacancy": placement.vacancy.uuid if placement.vacancy_id else None,
        "proposal": placement.proposal.uuid if placement.proposal_id else None,
        "job_title": placement.job_title,
        "contract_type": placement.contract_type,
        "start_date": placement.start_date,
        "planned_end_date": placement.planned_end_date,
        "hours_per_week": placement.hours_per_week,
        "ended_on": placement.ended_on,
        "end_reason": (placement.end_reason or None) if details else None,
        "created_at": placement.created_at,
    }


def _detail(detail: selectors.PlacementDetail) -> dict:
    p, details = detail.placement, detail.details_visible
    return {
        **_placement(p, detail.person, details),
        "hourly_wage": p.hourly_wage,
        "trial_extension_reason": p.trial_extension_reason if details else None,
        "end_note": p.end_note if details else None,
        "responsible": p.responsible.get_username(),
        "grants": [grant.uuid for grant in detail.grants],
        "hours_history": detail.hours,
        "checkpoints": [
            {
                "months": row.checkpoint.months,
                "due_on": row.checkpoint.due_on,
                "outcome": row.checkpoint.outcome or None,
                "cancelled": row.checkpoint.cancelled,
                "new_hours": row.checkpoint.new_hours,
                "note": row.checkpoint.note if details else None,
                "recorded_at": row.checkpoint.recorded_at,
            }
            for row in detail.checkpoints
        ],
        "coaching_plans": detail.plans,
        "coaching_activities": detail.activities,
    }


def _detail_response(request, region, placement_uuid, *, code=status.HTTP_200_OK) -> Response:
    placement = selectors.placement_get(user=request.user, region=region, placement_uuid=placement_uuid)
    detail = selectors.placement_detail(
        user=request.user, region=region, placement=placement, request=request, context=API_DETAIL_CONTEXT
    )
    return Response(PlacementDetailSerializer(_detail(detail)).data, status=code)


def _service_call(function, **kwargs):
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise exceptions.ValidationError(error.message_dict) from None
        raise exceptions.ValidationError(error.messages) from None


LIST_PARAMETERS = [
    REGION_PARAMETER,
    OpenApiParameter("active", OpenApiTypes.BOOL, description="Only placements that have not ended."),
    OpenApiParameter("contractType", OpenApiTypes.STR, enum=ContractType.values),
    OpenApiParameter("candidate", OpenApiTypes.UUID),
    OpenApiParameter("employer", OpenApiTypes.UUID),
]


@extend_schema(tags=["placements"])
class PlacementListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = PlacementSerializer

    @extend_schema(
        operation_id="placements_list",
        parameters=LIST_PARAMETERS,
        responses=PlacementSerializer(many=True),
        description="The region's placements, newest start first, for consultants, instrument officers and "
        "account managers. The persons shown in full are access-logged.",
    )
    def get(self, request):
        region = resolve_region(request)
        params = request.query_params
        contract_type = params.get("contractType", "")
        if contract_type and contract_type not in ContractType.values:
            raise exceptions.ValidationError({"contractType": [_("Unknown contract type.")]})
        filters = selectors.PlacementFilters(
            active_only=bool_param(params, "active"),
            contract_type=contract_type,
            candidate_uuid=uuid_param(params, "candidate"),
            employer_uuid=uuid_param(params, "employer"),
        )
        qs = selectors.placement_search(user=request.user, region=region, filters=filters)
        page = self.paginate_queryset(qs)
        rows = selectors.present_placements(
            user=request.user, region=region, placements=page, request=request, context=API_LIST_CONTEXT
        )
        return self.get_paginated_response(
            PlacementSerializer(
                [
                    _placement(
                        row.placement,
                        row.person,
                        may_read_details(request.user, region, row.placement.candidate),
                    )
                    for row in rows
                ],
                many=True,
            ).data
        )

    @extend_schema(
        operation_id="placements_create",
        parameters=[REGION_PARAMETER],
        request=PlacementCreateSerializer,
        responses={201: PlacementDetailSerializer},
        description="Register a placement, from a hired proposal or directly. Makes its checkpoints at 1, 3, "
        "6, 12 and 24 months and marks the candidate placed.",
    )
    def post(self, request):
        region = resolve_region(request)
        if not may_write_at_all(request.user, region):
            raise exceptions.PermissionDenied()
        serializer = PlacementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = candidate_for_proposal(region=region, candidate_uuid=data.pop("candidate"))
        if candidate is None:
            raise exceptions.ValidationError({"candidate": [_("No candidate of this region has this uuid.")]})
        proposal = None
        if "proposal" in data:
            proposal = (
                Proposal.objects.filter(region=region, uuid=data.pop("proposal"))
                .select_related("vacancy__employer__organisation")
                .first()
            )
            if proposal is None:
                raise exceptions.ValidationError(
                    {"proposal": [_("No proposal of this region has this uuid.")]}
                )
        vacancy = None
        if "vacancy" in data:
            vacancy = vacancy_for_proposal(region=region, vacancy_uuid=data.pop("vacancy"))
            if vacancy is None:
                raise exceptions.ValidationError({"vacancy": [_("No vacancy of this region has this uuid.")]})
        employer = None
        if "employer" in data:
            employer = (
                Employer.objects.filter(uuid=data.pop("employer"), organisation__region=region)
                .select_related("organisation")
                .first()
            )
            if employer is None:
                raise exceptions.ValidationError(
                    {"employer": [_("No employer of this region has this uuid.")]}
                )
        else:
            source = vacancy or (proposal.vacancy if proposal else None)
            if source is None:
                raise exceptions.ValidationError({"employer": [_("Give the employer.")]})
            employer = source.employer
        grant_uuids = data.pop("grants")
        grants = list(Grant.objects.filter(uuid__in=grant_uuids))
        if len(grants) != len(set(grant_uuids)):
            raise exceptions.ValidationError({"grants": [_("Unknown grant.")]})
        responsible = None
        if "responsible" in data:
            responsible = get_user_model().objects.filter(username=data.pop("responsible")).first()
            if responsible is None:
                raise exceptions.ValidationError({"responsible": [_("Unknown user.")]})
        placement = _service_call(
            services.placement_create,
            user=request.user,
            region=region,
            candidate=candidate,
            employer=employer,
            vacancy=vacancy,
            proposal=proposal,
            grants=grants,
            responsible=responsible,
            request=request,
            **data,
        )
        return _detail_response(request, region, placement.uuid, code=status.HTTP_201_CREATED)


@extend_schema(tags=["placements"], parameters=[REGION_PARAMETER])
class PlacementDetailView(GenericAPIView):
    filter_backends: list = []
    serializer_class = PlacementDetailSerializer

    @extend_schema(operation_id="placements_read")
    def get(self, request, placement_uuid):
        return _detail_response(request, resolve_region(request), placement_uuid)


class _PlacementAction(GenericAPIView):
    """POST an action on one placement; answers with the placement as it is after it."""

    filter_backends: list = []
    service = None

    def post(self, request, placement_uuid, **kwargs):
        region = resolve_region(request)
        placement = selectors.placement_get(user=request.user, region=region, placement_uuid=placement_uuid)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.act(request, region, placement, dict(serializer.validated_data), **kwargs)
        return _detail_response(request, region, placement_uuid)

    def act(self, request, region, placement, data, **kwargs):
        _service_call(
            type(self).service, user=request.user, region=region, placement=placement, request=request, **data
        )


ACTION_RESPONSE = {200: PlacementDetailSerializer}


@extend_schema(tags=["placements"], parameters=[REGION_PARAMETER], responses=ACTION_RESPONSE)
class PlacementHoursView(_PlacementAction):
    serializer_class = PlacementHoursChangeSerializer
    service = staticmethod(services.placement_change_hours)

    @extend_schema(operation_id="placements_hours", description="The placement's hours from a date on.")
    def post(self, request, placement_uuid):
        return super().post(request, placement_uuid)


@extend_schema(tags=["placements"], parameters=[REGION_PARAMETER], responses=ACTION_RESPONSE)
class PlacementEndView(_PlacementAction):
    serializer_class = PlacementEndSerializer
    service = staticmethod(services.placement_end)

    @extend_schema(
        operation_id="placements_end",
        description="End the placement: its last working day and why (the reason other needs a note).",
    )
    def post(self, request, placement_uuid):
        return super().post(request, placement_uuid)


@extend_schema(tags=["placements"], parameters=[REGION_PARAMETER], responses=ACTION_RESPONSE)
class CheckpointRecordView(_PlacementAction):
    serializer_class = CheckpointOutcomeSerializer

    @extend_schema(
        operation_id="placements_checkpoint_record",
        parameters=[
            OpenApiParameter("months", OpenApiTypes.INT, OpenApiParameter.PATH, enum=list(CHECKPOINT_MONTHS))
        ],
        description="Record a checkpoint's outcome once, from 14 days before it is due: employed, "
        "hours_changed (newHours, changedFrom) or ended (endedOn, endReason).",
    )
    def post(self, request, placement_uuid, months):
        return super().post(request, placement_uuid, months=months)

    def act(self, request, region, placement, data, months):
        checkpoint = placement.checkpoints.filter(months=months).first()
        if checkpoint is None:
            raise exceptions.NotFound()
        _service_call(
            services.checkpoint_record,
            user=request.user,
            region=region,
            checkpoint=checkpoint,
            request=request,
            **data,
        )


@extend_schema(tags=["placements"], parameters=[REGION_PARAMETER], responses=ACTION_RESPONSE)
class CoachingPlanView(_PlacementAction):
    serializer_class = CoachingPlanCreateSerializer
    service = staticmethod(services.coaching_plan_set)

    @extend_schema(
        operation_id="placements_coaching_plan", description="A new version of the job-coach plan."
    )
    def post(self, request, placement_uuid):
        return super().post(request, placement_uuid)


@extend_schema(tags=["placements"], parameters=[REGION_PARAMETER], responses=ACTION_RESPONSE)
class CoachingActivityView(_PlacementAction):
    serializer_class = CoachingActivityCreateSerializer
    service = staticmethod(services.coaching_activity_add)

    @extend_schema(operation_id="placements_coaching_activity", description="Log coaching given on a day.")
    def post(self, request, placement_uuid):
        return super().post(request, placement_uuid)
