"""Read-only API for regions and municipalities: reference data, readable by every authenticated user."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from . import selectors
from .models import Municipality, Occupation, Region

YEAR_PARAMETER = OpenApiParameter(
    name="jaar",
    type=OpenApiTypes.INT,
    location=OpenApiParameter.QUERY,
    required=False,
    description=(
        "Jaar van de gemeentelijke indeling en regio-indeling "
        "(year of the municipality → region membership). Standaard: het laatste geladen jaar. "
        "Nu is alleen 2026 geladen (situatie op 1 januari 2026, CBS 86247NED); "
        "een onbekend jaar geeft 400 met de beschikbare jaren."
    ),
)
UUID_PARAMETER = OpenApiParameter(
    name="uuid", type=OpenApiTypes.UUID, location=OpenApiParameter.PATH, description="The object's uuid."
)
REGION_CODE_PARAMETER = OpenApiParameter(
    name="regio",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.QUERY,
    required=False,
    description="Alleen gemeenten in deze arbeidsmarktregio (CBS-code AMxx, bijv. AM18). Only this region's.",
)


class CentroidSerializer(serializers.Serializer):
    lat = serializers.FloatField(source="centroid_lat", help_text="WGS84 latitude (EPSG:4326).")
    lon = serializers.FloatField(source="centroid_lon", help_text="WGS84 longitude (EPSG:4326).")


class ProvinceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS province code, PVxx.")
    name = serializers.CharField()


class RegionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["uuid", "code", "name"]


class RegionSerializer(serializers.ModelSerializer):
    centroid = CentroidSerializer(
        source="*", help_text="Area centroid of the region (derived from CBS/PDOK 2022 boundaries)."
    )
    municipality_count = serializers.IntegerField(
        read_only=True, help_text="Number of municipalities in the region in the requested year."
    )
    year = serializers.SerializerMethodField(help_text="The year the membership refers to.")

    class Meta:
        model = Region
        fields = ["uuid", "code", "name", "centroid", "municipality_count", "year"]
        extra_kwargs = {"code": {"help_text": "CBS code AMxx (the 2025 codes; no 2026 code list exists)."}}

    @extend_schema_field(OpenApiTypes.INT)
    def get_year(self, obj) -> int | None:
        return self.context.get("year")


class MunicipalitySerializer(serializers.ModelSerializer):
    province = ProvinceSerializer()
    centroid = CentroidSerializer(
        source="*",
        help_text="Area centroid (CBS/PDOK 2022 generalised boundaries, merged to the 2026 division).",
    )
    centroid_inside_municipality = serializers.BooleanField(
        source="centroid_inside",
        help_text="False for the 5 municipalities whose centroid lies outside their area.",
    )

    class Meta:
        model = Municipality
        fields = ["uuid", "code", "name", "province", "centroid", "centroid_inside_municipality"]
        extra_kwargs = {"code": {"help_text": "CBS code GMxxxx."}}


class MunicipalityWithRegionSerializer(MunicipalitySerializer):
    region = serializers.SerializerMethodField(
        help_text="The region the municipality belongs to in that year."
    )
    year = serializers.SerializerMethodField()

    class Meta(MunicipalitySerializer.Meta):
        fields = [*MunicipalitySerializer.Meta.fields, "region", "year"]

    @extend_schema_field(RegionSummarySerializer(allow_null=True))
    def get_region(self, obj):
        memberships = getattr(obj, "memberships_in_year", None)
        if not memberships:
            return None
        return RegionSummarySerializer(memberships[0].region).data

    @extend_schema_field(OpenApiTypes.INT)
    def get_year(self, obj) -> int | None:
        return self.context.get("year")


class RegionDetailSerializer(RegionSerializer):
    municipalities = serializers.SerializerMethodField(help_text="The region's municipalities in that year.")

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "municipalities"]

    @extend_schema_field(MunicipalitySerializer(many=True))
    def get_municipalities(self, obj):
        municipalities = selectors.municipalities_in(obj, self.context.get("year"))
        return MunicipalitySerializer(municipalities, many=True, context=self.context).data


class _YearMixin:
    """Reads ?jaar= once per request; an unknown year is a 400 that names the loaded years."""

    filter_backends: list = []

    def get_year(self) -> int | None:
        if not hasattr(self, "_year"):
            try:
                self._year = selectors.resolve_year(self.request.query_params.get("jaar"))
            except selectors.UnknownYear as exc:
                available = ", ".join(str(y) for y in exc.available) or _("none")
                raise exceptions.ValidationError(
                    {
                        "jaar": [
                            _("Unknown year %(year)s. Years loaded: %(years)s.")
                            % {"year": exc.year, "years": available}
                        ]
                    }
                ) from None
        return self._year

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["year"] = self.get_year()
        return context


@extend_schema_view(
    list=extend_schema(
        summary="Arbeidsmarktregio's",
        description=(
            "De 35 arbeidsmarktregio's met het aantal gemeenten in het gevraagde jaar. "
            "Lists the 35 labour-market regions with their municipality count for the year. Reference data: "
            "readable by every authenticated user."
        ),
        parameters=[YEAR_PARAMETER],
    ),
    retrieve=extend_schema(
        summary="Arbeidsmarktregio met gemeenten",
        description=(
            "Eén arbeidsmarktregio met haar gemeenten in het gevraagde jaar (province and centroid included)."
        ),
        parameters=[UUID_PARAMETER, YEAR_PARAMETER],
    ),
)
@extend_schema(tags=["regions"])
class RegionViewSet(_YearMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "uuid"

    def get_queryset(self):
        return selectors.regions_with_municipality_count(year=self.get_year())

    def get_serializer_class(self):
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Gemeenten",
        description=(
            "Gemeenten (CBS GMxxxx) in de indeling van het gevraagde jaar, met provincie, centroïde en hun "
            "arbeidsmarktregio dat jaar; filter op regio met `regio=AMxx`. Municipalities with their region."
        ),
        parameters=[YEAR_PARAMETER, REGION_CODE_PARAMETER],
    ),
    retrieve=extend_schema(
        summary="Gemeente",
        description="Eén gemeente met haar arbeidsmarktregio in het gevraagde jaar.",
        parameters=[UUID_PARAMETER, YEAR_PARAMETER],
    ),
)
@extend_schema(tags=["regions"])
class MunicipalityViewSet(_YearMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "uuid"
    serializer_class = MunicipalityWithRegionSerializer

    def get_queryset(self):
        region_code = self._region_code() if self.action == "list" else None
        return selectors.municipalities_for_year(year=self.get_year(), region_code=region_code)

    def _region_code(self) -> str | None:
        code = self.request.query_params.get("regio", "").strip().upper()
        if not code:
            return None
        if not re.fullmatch(r"AM\d{2}", code) or not Region.objects.filter(code=code).exists():
            raise exceptions.ValidationError({"regio": [_("Unknown region code %(code)s.") % {"code": code}]})
        return code


SEARCH_PARAMETER = OpenApiParameter(
    name="zoek",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.QUERY,
    required=True,
    description=(
        "Ten minste 2 tekens: woorden uit de Nederlandse (alternatieve) naam, of het begin van een ESCO- of "
        "ISCO-code. Words of the Dutch (alternative) name, or the start of an ESCO or ISCO code."
    ),
)


class OccupationSerializer(serializers.ModelSerializer):
    isco_code = serializers.CharField(source="group.code", read_only=True)
    isco_name = serializers.CharField(source="group.name_nl", read_only=True)

    class Meta:
        model = Occupation
        fields = ["uuid", "name_nl", "esco_code", "isco_code", "isco_name"]


@extend_schema_view(
    list=extend_schema(
        summary="Beroepen zoeken",
        description=(
            "Zoekt ESCO-beroepen (v1.2.0, Nederlandse namen) voor de velden die een beroep vragen, zoals "
            "`occupation` van een vacature en `desiredOccupations` van een kandidaat: de beste "
            f"{selectors.OCCUPATION_SEARCH_LIMIT} treffers, namen die met de zoekterm beginnen eerst. "
            "Searches the occupations; use the uuid in the other endpoints. Reference data: readable by "
            "every authenticated user."
        ),
        parameters=[SEARCH_PARAMETER],
    ),
    retrieve=extend_schema(summary="Beroep", description="Eén ESCO-beroep.", parameters=[UUID_PARAMETER]),
)
@extend_schema(tags=["regions"])
class OccupationViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "uuid"
    serializer_class = OccupationSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Occupation.objects.select_related("group")

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("zoek", "").strip()
        if len(query) < selectors.OCCUPATION_SEARCH_MIN_LENGTH:
            raise exceptions.ValidationError(
                {
                    "zoek": [
                        _("Type at least %(count)s characters to search.")
                        % {"count": selectors.OCCUPATION_SEARCH_MIN_LENGTH}
                    ]
                }
            )
        if len(query) > 100:
            raise exceptions.ValidationError({"zoek": [_("Search for at most 100 characters.")]})
        results = selectors.search_occupations(query)
        return Response(self.get_serializer(results, many=True).data)
