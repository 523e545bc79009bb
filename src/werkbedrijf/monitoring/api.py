"""REST API for the monitoring: a region's aggregate figures, and every region's, so that a national
installation can collect them from regional ones. Everything here leaves the system, so small numbers are
always suppressed: a count under 5 is null with `suppressed: true` where it matters, and a sum of jobs over
such a cell is null."""

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region

from . import selectors

MONTH_PARAMETER = OpenApiParameter(
    "maand", OpenApiTypes.STR, description="The measuring month, YYYY-MM (default: the current month)."
)
FROM_PARAMETER = OpenApiParameter(
    "vanaf", OpenApiTypes.STR, description="The first month of the series, YYYY-MM (default: 12 months back)."
)


def _month(request, name: str) -> date | None:
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise exceptions.ValidationError({name: [_("Give a month as YYYY-MM.")]}) from None


class CountField(serializers.IntegerField):
    """A number of people; null when it is under 5 (suppressed)."""

    def to_representation(self, value):
        return value.value


class UnitsField(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=12, decimal_places=1, coerce_to_string=False, allow_null=True, **kwargs)


class TargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    national = serializers.IntegerField(help_text="The national cumulative target (extra jobs since 2013).")
    share_percent = serializers.DecimalField(max_digits=6, decimal_places=3, coerce_to_string=False)
    region = serializers.DecimalField(max_digits=12, decimal_places=1, coerce_to_string=False)
    confidence = serializers.CharField(
        help_text="LAW, OFFICIAL, SECONDARY or UNCONFIRMED (the lower of the two)."
    )
    share_source = serializers.CharField()


class MonthSerializer(serializers.Serializer):
    month = serializers.DateField()
    market = UnitsField()
    government = UnitsField()
    running = CountField(allow_null=True)
    started = CountField(allow_null=True)
    ended = CountField(allow_null=True)


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS municipality code.")
    name = serializers.CharField()
    running = CountField(allow_null=True)
    counted = CountField(allow_null=True)
    units = UnitsField()
    started = CountField(allow_null=True)
    pool_share = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    started_share = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True
    )


class GroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    running = CountField(allow_null=True)
    counted = CountField(allow_null=True)
    units = UnitsField()
    started = CountField(allow_null=True)


class RegionFiguresSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.code")
    month = serializers.DateField(source="period_end")
    period_start = serializers.DateField()
    measured_on = serializers.DateField()
    built_at = serializers.DateTimeField()
    market = UnitsField(help_text="Jobs of the banenafspraak at the employers of the market sector.")
    government = UnitsField()
    total = UnitsField()
    counted = CountField(allow_null=True, help_text="Placements counting for the banenafspraak.")
    target = TargetSerializer(allow_null=True)
    series = MonthSerializer(many=True)
    municipalities = AreaSerializer(many=True)
    target_groups = GroupSerializer(many=True)


class RegionRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    market = UnitsField()
    government = UnitsField()
    running = CountField(allow_null=True)
    counted = CountField(allow_null=True)
    target = TargetSerializer(allow_null=True)
    built_at = serializers.DateTimeField(allow_null=True)


class NationalSerializer(serializers.Serializer):
    month = serializers.DateField()
    market = serializers.DecimalField(max_digits=12, decimal_places=1, coerce_to_string=False)
    government = serializers.DecimalField(max_digits=12, decimal_places=1, coerce_to_string=False)
    running = CountField(allow_null=True)
    national_target = serializers.IntegerField(allow_null=True)
    regions = RegionRowSerializer(many=True)


@extend_schema(tags=["monitoring"])
class RegionFiguresView(GenericAPIView):
    filter_backends: list = []
    serializer_class = RegionFiguresSerializer

    @extend_schema(
        operation_id="monitoring_region",
        parameters=[REGION_PARAMETER, MONTH_PARAMETER, FROM_PARAMETER],
        description="The region's aggregate figures: jobs of the banenafspraak by sector against the "
        "region's share of the target, the monthly series, municipalities and target groups. Counts under 5 "
        "are null.",
    )
    def get(self, request):
        region = resolve_region(request)
        result = selectors.dashboard(
            user=request.user,
            region=region,
            month=_month(request, "maand"),
            period_start=_month(request, "vanaf"),
            suppress=True,
        )
        return Response(RegionFiguresSerializer(result).data)


@extend_schema(tags=["monitoring"])
class NationalFiguresView(GenericAPIView):
    filter_backends: list = []
    serializer_class = NationalSerializer

    @extend_schema(
        operation_id="monitoring_national",
        parameters=[MONTH_PARAMETER],
        description="Every region's figures at the month in this installation, and their sum (for a "
        "national roll-up). Counts under 5 are null.",
    )
    def get(self, request):
        return Response(
            NationalSerializer(
                selectors.national_figures(user=request.user, month=_month(request, "maand"))
            ).data
        )
