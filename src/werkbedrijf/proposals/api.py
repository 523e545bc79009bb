"""REST API for proposals: the same rules as the interface (selectors/services, permissions.py).

Candidates come in full for their own organisation, otherwise pseudonymised, or by pseudonym only once their
region-wide consent has ended; notes and reasons only for who takes part in the process. Lists are
access-logged with the persons shown in full, a proposal read of a person in full as a read of their record.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.accounts.permissions import Visibility
from werkbedrijf.api.params import bool_param, uuid_param
from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.vacancies.models import VacancyKind

from . import selectors, services
from .models import MAX_POINTS, ProposalSource
from .permissions import may_propose_at_all
from .services import MAX_NOTE_LENGTH
from .states import DeclinedBy, DeclineReason, ProposalState

API_LIST_CONTEXT = "Voordrachten opgevraagd (API)"
API_DETAIL_CONTEXT = "Voordracht opgevraagd (API)"

LIST_PARAMETERS = [
    REGION_PARAMETER,
    OpenApiParameter("state", OpenApiTypes.STR, enum=ProposalState.values),
    OpenApiParameter("active", OpenApiTypes.BOOL, description="Only proposals in an active process."),
    OpenApiParameter("vacancy", OpenApiTypes.UUID, description="uuid of the vacancy."),
    OpenApiParameter("candidate", OpenApiTypes.UUID, description="uuid of the candidate."),
]

VISIBILITY_NAMES = {
    Visibility.FULL: "full",
    Visibility.PSEUDONYMISED: "pseudonymised",
    Visibility.AGGREGATE: "withheld",
}


class EnumField(serializers.ChoiceField):
    """A choice field documented as the named enum component `enum_name`, whatever the field is called.

    The states and reasons appear under several names (state, fromState, toState; declineReason, reason):
    drf-spectacular would give one choice set several enum names, or hashed ones, and warn.
    """

    def __init__(self, *args, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(*args, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        choices = {value: label for value, label in field.choices.items() if value not in ("", None)}
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={
                "enum": list(choices),
                "type": "string",
                "description": build_choice_description_list(choices.items()),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def _state_field(**kwargs):
    return EnumField(choices=ProposalState.choices, enum_name="ProposalStateEnum", **kwargs)


def _declined_by_field(**kwargs):
    return EnumField(choices=DeclinedBy.choices, enum_name="DeclinedByEnum", **kwargs)


def _reason_field(**kwargs):
    return EnumField(choices=DeclineReason.choices, enum_name="DeclineReasonEnum", **kwargs)


def _service_errors(error: DjangoValidationError):
    """A service's ValidationError as DRF's. A double booking is reported at overrideReason (giving one makes
    it pass), with its code, so that clients can tell it from other refusals."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    detail = [ErrorDetail(message, code=error.code or "invalid") for message in error.messages]
    if error.code == services.DOUBLE_BOOKING:
        return exceptions.ValidationError({"override_reason": detail})
    return exceptions.ValidationError(detail)


class ProposalCandidateSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    visibility = EnumField(
        choices=list(VISIBILITY_NAMES.values()),
        enum_name="ProposalCandidateVisibilityEnum",
        help_text="full: the caller's own organisation's candidate; pseudonymised: another partner's, with "
        "consent to share in the region; withheld: that consent has ended, only the pseudonym is shown.",
    )
    label = serializers.CharField(help_text="The name (full) or the stable pseudonym K-XXXXX-XXXXX-XXX.")
    municipality = serializers.CharField(allow_null=True, help_text="null when withheld.")


class ProposalVacancySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    title = serializers.CharField()
    employer = serializers.CharField(source="employer.organisation.name")
    kind = serializers.ChoiceField(choices=VacancyKind.choices)


class ProposalSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    state = _state_field()
    candidate = ProposalCandidateSerializer()
    vacancy = ProposalVacancySerializer()
    hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        coerce_to_string=False,
        help_text="The vacancy's hours a week when the candidate was proposed.",
    )
    declined_by = _declined_by_field(allow_null=True)
    decline_reason = _reason_field(
        allow_null=True,
        help_text="null when not declined, or withheld from callers outside the process.",
    )
    decline_note = serializers.CharField(allow_null=True)
    double_booking = serializers.BooleanField(
        help_text="true when proposed although the candidate's hours did not fit (with overrideReason)."
    )
    override_reason = serializers.CharField(allow_null=True)
    source = EnumField(choices=ProposalSource.choices, enum_name="ProposalSourceEnum")
    points = serializers.IntegerField(min_value=0, max_value=MAX_POINTS, allow_null=True)
    tier = serializers.IntegerField(min_value=0, max_value=1, allow_null=True)
    weights_version = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ProposalEventSerializer(serializers.Serializer):
    from_state = _state_field(allow_null=True, help_text="null for the creation.")
    to_state = _state_field()
    at = serializers.DateTimeField()
    actor = serializers.CharField(help_text="The name of the staff member who took the step.")
    declined_by = _declined_by_field(allow_null=True)
    reason = _reason_field(allow_null=True)
    note = serializers.CharField(allow_null=True, help_text="null when withheld from the caller.")
    override_reason = serializers.CharField(allow_null=True)


class ProposalStepSerializer(serializers.Serializer):
    to_state = _state_field()
    declined_by = _declined_by_field(allow_null=True)


class ProposalDetailSerializer(ProposalSerializer):
    history = ProposalEventSerializer(many=True)
    allowed_transitions = ProposalStepSerializer(
        many=True, help_text="The steps the caller may take now (POST …/transitions)."
    )


class ProposalCreateSerializer(serializers.Serializer):
    candidate = serializers.UUIDField(help_text="uuid of the candidate.")
    vacancy = serializers.UUIDField(help_text="uuid of an open vacancy of the region.")
    note = serializers.CharField(max_length=MAX_NOTE_LENGTH, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(
        max_length=MAX_NOTE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required only when the candidate's hours do not fit their other active processes "
        "(the error then has code double_booking).",
    )
    points = serializers.IntegerField(
        min_value=0,
        max_value=MAX_POINTS,
        required=False,
        allow_null=True,
        default=None,
        help_text="The match score the caller saw (GET …/matches), kept as it was.",
    )
    tier = serializers.IntegerField(min_value=0, max_value=1, required=False, allow_null=True, default=None)
    weights_version = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ProposalTransitionSerializer(serializers.Serializer):
    to_state = _state_field(help_text="The state to move to; one of allowedTransitions.")
    declined_by = _declined_by_field(required=False, help_text="Who declined; only for declined.")
    reason = _reason_field(required=False, help_text="Why; only for declined.")
    note = serializers.CharField(
        max_length=MAX_NOTE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for withdrawn and for the reason other.",
    )


def candidate_data(person: selectors.ProposedPerson) -> dict:
    return {
        "uuid": person.uuid,
        "visibility": VISIBILITY_NAMES[person.visibility],
        "label": person.label,
        "municipality": person.profile.municipality if person.profile is not None else None,
    }


def _proposal(proposal, person, details_visible: bool) -> dict:
    declined = proposal.state == ProposalState.DECLINED
    return {
        "uuid": proposal.uuid,
        "state": proposal.state,
        "candidate": candidate_data(person),
        "vacancy": proposal.vacancy,
        "hours_per_week": proposal.hours_per_week,
        "declined_by": proposal.declined_by or None,
        "decline_reason": proposal.decline_reason if declined and details_visible else None,
        "decline_note": proposal.decline_note if declined and details_visible else None,
        "double_booking": bool(proposal.override_reason),
        "override_reason": proposal.override_reason if details_visible and proposal.override_reason else None,
        "source": proposal.source,
        "points": proposal.points,
        "tier": proposal.tier,
        "weights_version": proposal.weights_version,
        "created_at": proposal.created_at,
        "updated_at": proposal.updated_at,
    }


def _detail(detail: selectors.ProposalDetail) -> dict:
    return {
        **_proposal(detail.proposal, detail.person, detail.details_visible),
        "history": [
            {
                "from_state": row.event.from_state or None,
                "to_state": row.event.to_state,
                "at": row.event.at,
                "actor": row.event.actor.get_full_name() or row.event.actor.get_username(),
                "declined_by": row.event.declined_by or None,
                "reason": (row.event.reason or None) if detail.details_visible else None,
                "note": row.note,
                "override_reason": row.override_reason or None,
            }
            for row in detail.events
        ],
        "allowed_transitions": [
            {"to_state": step.to_state, "declined_by": step.declined_by or None} for step in detail.steps
        ],
    }


def _detail_response(request, region, proposal_uuid, *, code=status.HTTP_200_OK) -> Response:
    proposal = selectors.proposal_get(user=request.user, region=region, proposal_uuid=proposal_uuid)
    detail = selectors.proposal_detail(
        user=request.user, region=region, proposal=proposal, request=request, context=API_DETAIL_CONTEXT
    )
    return Response(ProposalDetailSerializer(_detail(detail)).data, status=code)


@extend_schema(tags=["proposals"])
class ProposalListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = ProposalSerializer

    @extend_schema(
        operation_id="proposals_list",
        parameters=LIST_PARAMETERS,
        responses=ProposalSerializer(many=True),
        description="The region's proposals, newest first, for consultants, instrument officers and account "
        "managers. The persons shown in full are access-logged.",
    )
    def get(self, request):
        region = resolve_region(request)
        params = request.query_params
        state = params.get("state", "")
        if state and state not in ProposalState.values:
            raise exceptions.ValidationError({"state": [_("Unknown state.")]})
        filters = selectors.ProposalFilters(
            state=state,
            active_only=bool_param(params, "active"),
            vacancy_uuid=uuid_param(params, "vacancy"),
            candidate_uuid=uuid_param(params, "candidate"),
        )
        qs = selectors.proposal_search(user=request.user, region=region, filters=filters)
        page = self.paginate_queryset(qs)
        rows = selectors.present_proposals(
            user=request.user, region=region, proposals=page, request=request, context=API_LIST_CONTEXT
        )
        return self.get_paginated_response(
            ProposalSerializer(
                [_proposal(row.proposal, row.person, row.details_visible) for row in rows], many=True
            ).data
        )

    @extend_schema(
        operation_id="proposals_create",
        parameters=[REGION_PARAMETER],
        request=ProposalCreateSerializer,
        responses={201: ProposalDetailSerializer},
        description="Propose a candidate for an open vacancy. Refused with code double_booking (at "
        "overrideReason) when the candidate's hours do not fit their other active processes and no reason "
        "is given, and with code already_proposed when the candidate is already in a process for it.",
    )
    def post(self, request):
        region = resolve_region(request)
        if not may_propose_at_all(request.user, region):
            raise exceptions.PermissionDenied()
        serializer = ProposalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = selectors.candidate_for_proposal(region=region, candidate_uuid=data.pop("candidate"))
        vacancy = selectors.vacancy_for_proposal(region=region, vacancy_uuid=data.pop("vacancy"))
        try:
            proposal = services.proposal_create(
                user=request.user,
                region=region,
                candidate=candidate,
                vacancy=vacancy,
                request=request,
                **data,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return _detail_response(request, region, proposal.uuid, code=status.HTTP_201_CREATED)


@extend_schema(tags=["proposals"], parameters=[REGION_PARAMETER])
class ProposalDetailView(GenericAPIView):
    filter_backends: list = []
    serializer_class = ProposalDetailSerializer

    @extend_schema(operation_id="proposals_read")
    def get(self, request, proposal_uuid):
        region = resolve_region(request)
        return _detail_response(request, region, proposal_uuid)


@extend_schema(tags=["proposals"], parameters=[REGION_PARAMETER])
class ProposalTransitionView(GenericAPIView):
    filter_backends: list = []
    serializer_class = ProposalTransitionSerializer

    @extend_schema(
        operation_id="proposals_transition",
        request=ProposalTransitionSerializer,
        responses=ProposalDetailSerializer,
        description="Take one step (see allowedTransitions): the employer's steps are the account "
        "manager's; the candidate's decline and withdrawing are for the candidate's own organisation or the "
        "account manager. A decline needs declinedBy and reason; withdrawn and the reason other a note.",
    )
    def post(self, request, proposal_uuid):
        region = resolve_region(request)
        proposal = selectors.proposal_get(user=request.user, region=region, proposal_uuid=proposal_uuid)
        serializer = ProposalTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.proposal_transition(
                user=request.user,
                region=region,
                proposal=proposal,
                request=request,
                **serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return _detail_response(request, region, proposal_uuid)
