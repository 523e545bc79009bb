"""REST API for matches: candidates for a vacancy and vacancies for a candidate, with the same rules as the
interface (selectors.py). Every score comes with its factors; excluded ones are counted per reason."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.candidates.api import CandidateSerializer, represent
from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.vacancies.models import VacancyKind

from . import selectors

CONTEXT_VACANCY = "Kandidaten gezocht voor een vacature (API)"
CONTEXT_CANDIDATE = "Passende vacatures gezocht voor een kandidaat (API)"

COMMON_PARAMETERS = [
    REGION_PARAMETER,
    OpenApiParameter(
        "limit",
        OpenApiTypes.INT,
        description=f"How many of the best to return: 1 to {selectors.MAX_LIMIT}, default "
        f"{selectors.DEFAULT_LIMIT}.",
    ),
    OpenApiParameter(
        "on", OpenApiTypes.DATE, description="The date to match on (availability, register, rules); today."
    ),
]
VACANCY_PARAMETERS = [
    *COMMON_PARAMETERS,
    OpenApiParameter("targetGroup", OpenApiTypes.STR, enum=TargetGroup.values, description="Target group."),
    OpenApiParameter(
        "municipality", OpenApiTypes.STR, description="CBS code (GMxxxx) of the municipality of residence."
    ),
    OpenApiParameter("ownOnly", OpenApiTypes.BOOL, description="Only the own organisation's candidates."),
]


class MatchQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(
        min_value=1, max_value=selectors.MAX_LIMIT, required=False, default=selectors.DEFAULT_LIMIT
    )
    on = serializers.DateField(required=False, allow_null=True, default=None)
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False, allow_blank=True)
    municipality = serializers.CharField(max_length=6, required=False, allow_blank=True)
    own_only = serializers.BooleanField(required=False, default=False)

    QUERY_NAMES = {"targetGroup": "target_group", "ownOnly": "own_only"}

    @classmethod
    def from_request(cls, request) -> dict:
        data = {cls.QUERY_NAMES.get(key, key): value for key, value in request.query_params.items()}
        serializer = cls(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class FactorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="occupation, skills, distance, hours, education, preferences, waiting, cost or priority."
    )
    label = serializers.CharField(help_text="The factor in words, with its figures (in the active language).")
    points = serializers.IntegerField()


class ExcludedSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The hard constraint, e.g. too_far, ability, no_consent.")
    reason = serializers.CharField()
    count = serializers.IntegerField(help_text="How many were excluded for this reason (among others).")


class _ScoredSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = serializers.IntegerField(source="score.points", help_text="The sum of the factors' points.")
    tier = serializers.IntegerField(
        source="score.tier", help_text="1 when a priority rule ranks it first, else 0; tier 1 ranks first."
    )
    factors = serializers.SerializerMethodField()

    @extend_schema_field(FactorSerializer(many=True))
    def get_factors(self, obj) -> list[dict]:
        return [{"code": f.code, "label": str(f.label), "points": f.points} for f in obj.score.factors]


class CandidateMatchSerializer(_ScoredSerializer):
    candidate = serializers.SerializerMethodField()

    @extend_schema_field(CandidateSerializer)
    def get_candidate(self, obj) -> dict:
        return represent(obj.profile)


class MatchedVacancySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    title = serializers.CharField()
    employer = serializers.CharField(source="employer.organisation.name")
    occupation = serializers.CharField(source="occupation.name_nl")
    kind = serializers.ChoiceField(choices=VacancyKind.choices)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=False)
    number_of_positions = serializers.IntegerField()
    start_date = serializers.DateField(allow_null=True)
    municipality = serializers.CharField(
        source="location.municipality.name", allow_null=True, default=None, help_text="Of the location."
    )


class VacancyMatchSerializer(_ScoredSerializer):
    vacancy = MatchedVacancySerializer()


class _MatchesSerializer(serializers.Serializer):
    on = serializers.DateField()
    weights_version = serializers.CharField(help_text="The region's weights version used, or `default`.")
    cost_calculated = serializers.BooleanField(
        help_text=(
            "true: each pair's score includes the employer's monthly net cost after the wage instruments "
            "(at the minimum wage for the candidate's age). false: the legal figures for the date are "
            "missing; the cost factor is 0 for all."
        )
    )
    cost_unconfirmed_figures = serializers.ListField(
        child=serializers.CharField(),
        source="cost_unconfirmed",
        help_text="Legal figures used for the employer's cost whose source is not confirmed.",
    )
    considered = serializers.IntegerField()
    eligible = serializers.IntegerField(help_text="How many passed every hard constraint.")
    excluded = ExcludedSerializer(many=True)


class MatchedVacancyRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    title = serializers.CharField()


class VacancyMatchesSerializer(_MatchesSerializer):
    vacancy = MatchedVacancyRefSerializer()
    counts_only = serializers.BooleanField(help_text="true for users who may see counts only: no results.")
    results = CandidateMatchSerializer(many=True, source="matches")


class MatchedCandidateRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    label = serializers.CharField()


class CandidateMatchesSerializer(_MatchesSerializer):
    candidate = MatchedCandidateRefSerializer(source="profile")
    results = VacancyMatchSerializer(many=True, source="matches")


class VacancyMatchesView(GenericAPIView):
    serializer_class = VacancyMatchesSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        operation_id="vacancies_matches",
        parameters=VACANCY_PARAMETERS,
        responses=VacancyMatchesSerializer,
        description="The best candidates of the region for the vacancy: own organisation's in full, other "
        "partners' (with region-wide consent and a fresh profile) pseudonymised; counts only for policy "
        "advisers. Persons shown in full are access-logged.",
    )
    def get(self, request, vacancy_uuid):
        region = resolve_region(request)
        query = MatchQuerySerializer.from_request(request)
        vacancy = selectors.vacancy_in_region(region=region, vacancy_uuid=vacancy_uuid)
        result = selectors.matches_for_vacancy(
            user=request.user,
            region=region,
            vacancy=vacancy,
            on=query["on"],
            filters=selectors.MatchFilters(
                target_group=query.get("target_group", ""),
                municipality_code=query.get("municipality", "").strip().upper(),
                own_only=query["own_only"],
            ),
            limit=query["limit"],
            request=request,
            context=CONTEXT_VACANCY,
        )
        return Response(VacancyMatchesSerializer(result).data)


class CandidateMatchesView(GenericAPIView):
    serializer_class = CandidateMatchesSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        operation_id="candidates_matches",
        parameters=COMMON_PARAMETERS,
        responses=CandidateMatchesSerializer,
        description="The best open vacancies of the region for the candidate; only for users who see the "
        "candidate in full (the read is access-logged).",
    )
    def get(self, request, candidate_uuid):
        region = resolve_region(request)
        query = MatchQuerySerializer.from_request(request)
        candidate = selectors.candidate_in_region(region=region, candidate_uuid=candidate_uuid)
        result = selectors.matches_for_candidate(
            user=request.user,
            region=region,
            candidate=candidate,
            on=query["on"],
            limit=query["limit"],
            request=request,
            context=CONTEXT_CANDIDATE,
        )
        return Response(CandidateMatchesSerializer(result).data)
