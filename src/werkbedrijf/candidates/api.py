"""REST API for candidates: the same scoping as the interface (selectors) and the same writes (services).

Own organisation's candidates come in full (each full read access-logged), other partners' pseudonymised;
the region is the user's only region, or `regio` (AMxx) when the user works in more than one.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.regions.models import Municipality, Occupation, Sector

from . import selectors, services
from .models import (
    AbilityLevel,
    AbilityRubric,
    Candidate,
    CandidateStatus,
    EducationLevel,
    Gender,
    OwnTransport,
    RegisterGround,
    TargetGroup,
)

CONTEXT_LIST = "Kandidatenlijst (API)"
CONTEXT_READ = "Kandidaatdossier gelezen (API)"

LIST_PARAMETERS = [
    REGION_PARAMETER,
    OpenApiParameter("status", OpenApiTypes.STR, enum=CandidateStatus.values, description="Status."),
    OpenApiParameter("doelgroep", OpenApiTypes.STR, enum=TargetGroup.values, description="Target group."),
    OpenApiParameter(
        "actualiteit",
        OpenApiTypes.STR,
        enum=["include", "only"],
        description="Stale profiles of other partners are left out unless `include`; `only`: only stale.",
    ),
    OpenApiParameter("zoek", OpenApiTypes.STR, description="Name or BSN; searches own organisation only."),
    OpenApiParameter("eigen", OpenApiTypes.BOOL, description="Only own organisation's candidates."),
]


class AbilitySerializer(serializers.Serializer):
    rubric = serializers.ChoiceField(choices=AbilityRubric.choices)
    level = serializers.ChoiceField(choices=AbilityLevel.choices, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class CompletenessSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text="0–100.")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Missing items (translated).")


class CandidateSerializer(serializers.Serializer):
    """A candidate as the caller may see it: `visibility` says which; personal fields only when `full`."""

    uuid = serializers.UUIDField()
    visibility = serializers.ChoiceField(choices=["full", "pseudonymised"])
    label = serializers.CharField(help_text="The name (full) or the stable pseudonym K-XXXXX-XXXXX-XXX.")
    municipality = serializers.CharField()
    pc4 = serializers.CharField(help_text="The 4-digit postcode area.")
    age_band = serializers.CharField()
    target_group = serializers.ChoiceField(choices=TargetGroup.choices)
    in_target_group_register = serializers.BooleanField()
    status = serializers.ChoiceField(choices=CandidateStatus.choices)
    is_stale = serializers.BooleanField()
    education_level = serializers.ChoiceField(choices=EducationLevel.choices)
    desired_occupations = serializers.ListField(child=serializers.CharField())
    abilities = AbilitySerializer(many=True)
    hours_per_week_min = serializers.IntegerField(allow_null=True)
    hours_per_week_max = serializers.IntegerField(allow_null=True)
    available_from = serializers.DateField(allow_null=True)
    # Full only:
    bsn = serializers.CharField(required=False)
    first_name = serializers.CharField(required=False)
    last_name_prefix = serializers.CharField(required=False)
    last_name = serializers.CharField(required=False)
    date_of_birth = serializers.DateField(required=False)
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, help_text="As stated; for the fairness reports only."
    )
    postcode = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    municipality_code = serializers.CharField(required=False)
    responsible_organisation = serializers.CharField(required=False)
    consultant = serializers.UUIDField(required=False, allow_null=True)
    register_ground = serializers.ChoiceField(choices=RegisterGround.choices, required=False)
    registered_from = serializers.DateField(required=False, allow_null=True)
    registered_until = serializers.DateField(required=False, allow_null=True)
    hours_per_day = serializers.IntegerField(required=False, allow_null=True)
    needs_job_coach = serializers.BooleanField(required=False)
    needs_workplace_adaptation = serializers.BooleanField(required=False)
    needs_transport_support = serializers.BooleanField(required=False)
    desired_occupation_uuids = serializers.ListField(child=serializers.UUIDField(), required=False)
    sectors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="SBI 2008 sections."
    )
    skills = serializers.CharField(required=False)
    languages = serializers.CharField(required=False)
    driving_licence = serializers.BooleanField(required=False)
    own_transport = serializers.ChoiceField(choices=OwnTransport.choices, required=False)
    max_travel_km = serializers.IntegerField(required=False, allow_null=True)
    last_confirmed_at = serializers.DateTimeField(required=False, allow_null=True)
    completeness = CompletenessSerializer(required=False)


def represent(profile: selectors.CandidateProfile, candidate: Candidate | None = None) -> dict:
    data = {
        "uuid": profile.uuid,
        "visibility": "full" if profile.is_full else "pseudonymised",
        "label": profile.label,
        "municipality": profile.municipality,
        "pc4": profile.pc4,
        "age_band": profile.age_band,
        "target_group": profile.target_group,
        "in_target_group_register": profile.in_target_group_register,
        "status": profile.status,
        "is_stale": profile.is_stale,
        "education_level": profile.education_level,
        "desired_occupations": list(profile.desired_occupations),
        "abilities": [
            {"rubric": a.rubric, "level": a.level, **({"note": a.note} if profile.is_full else {})}
            for a in profile.abilities
        ],
        "hours_per_week_min": profile.hours_per_week_min,
        "hours_per_week_max": profile.hours_per_week,
        "available_from": profile.available_from,
    }
    if profile.is_full:
        data |= {
            "bsn": profile.bsn,
            "date_of_birth": profile.date_of_birth,
            "postcode": profile.postcode,
            "email": profile.email,
            "phone": profile.phone,
            "responsible_organisation": profile.responsible_organisation,
        }
    if profile.is_full and candidate is not None:
        result = selectors.completeness(selectors.profile_values(candidate))
        data |= {
            "first_name": candidate.first_name,
            "gender": candidate.gender,
            "last_name_prefix": candidate.last_name_prefix,
            "last_name": candidate.last_name,
            "municipality_code": candidate.municipality.code,
            "consultant": candidate.consultant.uuid if candidate.consultant_id else None,
            "register_ground": candidate.register_ground,
            "registered_from": candidate.registered_from,
            "registered_until": candidate.registered_until,
            "hours_per_day": candidate.hours_per_day,
            "needs_job_coach": candidate.needs_job_coach,
            "needs_workplace_adaptation": candidate.needs_workplace_adaptation,
            "needs_transport_support": candidate.needs_transport_support,
            "desired_occupation_uuids": [o.uuid for o in candidate.desired_occupations.all()],
            "sectors": [s.code for s in candidate.sectors.all()],
            "skills": candidate.skills,
            "languages": candidate.languages,
            "driving_licence": candidate.driving_licence,
            "own_transport": candidate.own_transport,
            "max_travel_km": candidate.max_travel_km,
            "last_confirmed_at": candidate.last_confirmed_at,
            "completeness": {"score": result.score, "missing": result.missing_labels},
        }
    return _serialize(data)


def _serialize(data: dict) -> dict:
    serializer = CandidateSerializer(instance=data)
    return {key: value for key, value in serializer.data.items() if key in data}


class CandidateWriteSerializer(serializers.Serializer):
    bsn = serializers.CharField(max_length=9)
    first_name = serializers.CharField(max_length=100)
    last_name_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, allow_blank=True, help_text="For the fairness reports only."
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=7)
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), help_text="CBS code GMxxxx."
    )
    consultant = serializers.SlugRelatedField(
        slug_field="uuid", queryset=get_user_model().objects.all(), required=False, allow_null=True
    )
    target_group = serializers.ChoiceField(choices=TargetGroup.choices)
    register_ground = serializers.ChoiceField(choices=RegisterGround.choices, required=False)
    registered_from = serializers.DateField(required=False, allow_null=True)
    registered_until = serializers.DateField(required=False, allow_null=True)
    hours_per_day = serializers.IntegerField(required=False, allow_null=True)
    needs_job_coach = serializers.BooleanField(required=False)
    needs_workplace_adaptation = serializers.BooleanField(required=False)
    needs_transport_support = serializers.BooleanField(required=False)
    education_level = serializers.ChoiceField(
        choices=EducationLevel.choices, required=False, allow_blank=True
    )
    skills = serializers.CharField(required=False, allow_blank=True)
    languages = serializers.CharField(max_length=200, required=False, allow_blank=True)
    driving_licence = serializers.BooleanField(required=False)
    own_transport = serializers.ChoiceField(choices=OwnTransport.choices, required=False, allow_blank=True)
    max_travel_km = serializers.IntegerField(required=False, allow_null=True)
    hours_per_week_min = serializers.IntegerField(required=False, allow_null=True)
    hours_per_week = serializers.IntegerField(
        required=False, allow_null=True, help_text="Maximum hours per week."
    )
    available_from = serializers.DateField(required=False, allow_null=True)
    desired_occupations = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Occupation.objects.all(), many=True, required=False
    )
    sectors = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Sector.objects.filter(classification="SBI2008", level="sectie"),
        many=True,
        required=False,
        help_text="SBI 2008 sections (A–U).",
    )
    abilities = AbilitySerializer(many=True, required=False)


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CandidateStatus.choices, help_text="The new status.")
    reason = serializers.CharField(max_length=1000)


def _validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        errors = error.message_dict
        if "to_status" in errors:
            errors["status"] = errors.pop("to_status")
        return exceptions.ValidationError(errors)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _write_abilities(request, region, candidate, abilities) -> None:
    if abilities is None:
        return
    services.functional_abilities_set(
        user=request.user,
        region=region,
        candidate=candidate,
        abilities=[(a["rubric"], a["level"], a.get("note", "")) for a in abilities],
        request=request,
    )


def _full(request, region, candidate_uuid) -> dict:
    detail = selectors.candidate_detail(
        user=request.user, region=region, candidate_uuid=candidate_uuid, request=request, context=CONTEXT_READ
    )
    if isinstance(detail, selectors.CandidateDetail):
        return represent(detail.profile, detail.candidate)
    return represent(detail)


@extend_schema(tags=["candidates"])
class CandidateListView(GenericAPIView):
    serializer_class = CandidateSerializer
    queryset = Candidate.objects.none()  # for the schema only; rows come from selectors

    @extend_schema(
        summary="Kandidaten in de regionale pool",
        description=(
            "Eigen kandidaten volledig, die van andere partners gepseudonimiseerd (alleen met regiobrede "
            "toestemming; verouderde profielen alleen met `actualiteit=include`). Listing is access-logged."
        ),
        parameters=LIST_PARAMETERS,
        responses=CandidateSerializer(many=True),
    )
    def get(self, request):
        region = resolve_region(request)
        params = request.query_params
        try:
            qs = selectors.candidate_queryset(
                user=request.user,
                region=region,
                own_only=params.get("eigen", "").lower() in ("1", "true"),
                status=params.get("status", ""),
                target_group=params.get("doelgroep", ""),
                freshness=params.get("actualiteit", ""),
                search=params.get("zoek", ""),
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied from exc
        page = self.paginate_queryset(qs)
        profiles = selectors.candidate_profiles(
            user=request.user, region=region, candidates=page, request=request, context=CONTEXT_LIST
        )
        return self.get_paginated_response([represent(p) for p in profiles])

    @extend_schema(
        summary="Kandidaat toevoegen",
        description="Een nieuwe kandidaat van de eigen organisatie (consulent of instrumentfunctionaris).",
        parameters=[REGION_PARAMETER],
        request=CandidateWriteSerializer,
        responses={201: CandidateSerializer},
    )
    def post(self, request):
        region = resolve_region(request)
        serializer = CandidateWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        abilities = values.pop("abilities", None)
        try:
            candidate = services.candidate_create(user=request.user, region=region, request=request, **values)
            _write_abilities(request, region, candidate, abilities)
        except DjangoValidationError as error:
            raise _validation_error(error) from error
        return Response(_full(request, region, candidate.uuid), status=status.HTTP_201_CREATED)


UUID_PARAMETER = OpenApiParameter(name="uuid", type=OpenApiTypes.UUID, location=OpenApiParameter.PATH)


@extend_schema(tags=["candidates"], parameters=[UUID_PARAMETER, REGION_PARAMETER])
class CandidateDetailView(GenericAPIView):
    serializer_class = CandidateSerializer

    @extend_schema(summary="Kandidaat", description="Volledig voor de eigen organisatie (access-logged).")
    def get(self, request, uuid):
        return Response(_full(request, resolve_region(request), uuid))

    @extend_schema(
        summary="Kandidaat wijzigen",
        description="Alleen de verantwoordelijke organisatie; de namen van gewijzigde velden worden gelogd.",
        request=CandidateWriteSerializer(partial=True),
        responses=CandidateSerializer,
    )
    def patch(self, request, uuid):
        region = resolve_region(request)
        candidate = selectors.candidate_for_write(user=request.user, region=region, candidate_uuid=uuid)
        serializer = CandidateWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        abilities = changes.pop("abilities", None)
        try:
            candidate = services.candidate_update(
                user=request.user, region=region, candidate=candidate, changes=changes, request=request
            )
            _write_abilities(request, region, candidate, abilities)
        except DjangoValidationError as error:
            raise _validation_error(error) from error
        return Response(_full(request, region, uuid))


@extend_schema(tags=["candidates"], parameters=[UUID_PARAMETER, REGION_PARAMETER])
class CandidateConfirmView(GenericAPIView):
    serializer_class = CandidateSerializer

    @extend_schema(summary="Profiel bevestigen", request=None, responses=CandidateSerializer)
    def post(self, request, uuid):
        region = resolve_region(request)
        candidate = selectors.candidate_for_write(user=request.user, region=region, candidate_uuid=uuid)
        services.candidate_confirm(user=request.user, region=region, candidate=candidate, request=request)
        return Response(_full(request, region, uuid))


@extend_schema(tags=["candidates"], parameters=[UUID_PARAMETER, REGION_PARAMETER])
class CandidateStatusView(GenericAPIView):
    serializer_class = StatusChangeSerializer

    @extend_schema(
        summary="Status wijzigen",
        description="Volgens de overgangstabel, met een reden; de geschiedenis wordt aangevuld.",
        request=StatusChangeSerializer,
        responses=CandidateSerializer,
    )
    def post(self, request, uuid):
        region = resolve_region(request)
        candidate = selectors.candidate_for_write(user=request.user, region=region, candidate_uuid=uuid)
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.candidate_status_change(
                user=request.user,
                region=region,
                candidate=candidate,
                to_status=serializer.validated_data["status"],
                reason=serializer.validated_data["reason"],
                request=request,
            )
        except DjangoValidationError as error:
            raise _validation_error(error) from error
        return Response(_full(request, region, uuid))
