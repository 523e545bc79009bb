"""Public calculation endpoints: no authentication, throttled, the working in the answer.

POST /api/v1/calculations/wage-cost-subsidy is a published contract (issue 4): request `date`,
`wageValue` (whole percent 0-100, null = the flat rate), `hoursPerWeek`, `fullTimeHoursPerWeek`
(default 36), `dateOfBirth` (optional, adult when left out); response `monthlyAmount` (decimal string,
two places) and `steps`. Change it only in a backward-compatible way.
"""

from decimal import Decimal

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from . import calculators
from .calculation import (
    CalculationInputError,
    MainTask,
    WageInstrument,
    WageValueMethod,
    wage_value_method_on,
)
from .presentation import api_steps, describe_check, error_message

HOURS = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": Decimal(168)}


class CalculationThrottle(SimpleRateThrottle):
    """Per client address (or per user for signed-in API clients); the rate is set here, not in settings."""

    scope = "calculations"
    rate = "60/min"

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def _input_error(error: CalculationInputError) -> exceptions.ValidationError:
    """A calculation error as DRF's, nested by the dotted field path (tasks.0.share_pct)."""
    detail: dict = {}
    target = detail
    parts = error.field.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = [exceptions.ErrorDetail(error_message(error), code=error.code)]
    return exceptions.ValidationError(detail)


class CalculationStepSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="What the step does (stable identifier, snake_case).")
    description = serializers.CharField(
        help_text="The step in words, in the language of the request (Dutch by default)."
    )
    values = serializers.DictField(
        child=serializers.JSONField(),
        help_text="The figures the step uses: amounts and percentages as decimal strings, counts as "
        "integers.",
    )
    result = serializers.DictField(
        child=serializers.JSONField(), allow_null=True, help_text="The figure the step produces, if any."
    )
    unconfirmed = serializers.BooleanField(
        help_text="The step rests on a rule or figure that is not confirmed (see DOMAIN confidence)."
    )


class CalculationProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    invalid_params = serializers.ListField(child=serializers.DictField(), required=False)


PUBLIC_DESCRIPTION = "Public, no authentication; throttled per client."


def _calculation_schema(
    *, operation_id, summary, request_serializer, result_serializer, description=PUBLIC_DESCRIPTION, **extra
):
    """The schema of a calculation's POST: public, with 400 and 429 answered as problem details."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        auth=[],
        request=request_serializer,
        responses={
            200: result_serializer,
            400: CalculationProblemSerializer,
            429: CalculationProblemSerializer,
        },
        **extra,
    )


class _CalculationView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [CalculationThrottle]
    request_serializer: type[serializers.Serializer]

    def compute(self, data: dict):
        raise NotImplementedError

    def represent(self, answer) -> dict:
        raise NotImplementedError

    def post(self, request):
        serializer = self.request_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            answer = self.compute(serializer.validated_data)
        except CalculationInputError as error:
            raise _input_error(error) from None
        return Response(self.represent(answer))


# --- wage-cost subsidy (published contract) --------------------------------------------------------


class WageCostSubsidyCalculationSerializer(serializers.Serializer):
    date = serializers.DateField(
        help_text="The date the amount is for (ISO 8601); the figures in force then apply."
    )
    wage_value = serializers.IntegerField(
        min_value=0,
        max_value=100,
        allow_null=True,
        help_text="Wage value as a whole percentage of the minimum wage; null = the flat rate without a "
        "wage value (allowed for at most the first 6 months of the employment).",
    )
    hours_per_week = serializers.DecimalField(help_text="Agreed working hours per week.", **HOURS)
    full_time_hours_per_week = serializers.DecimalField(
        default=Decimal(36),
        help_text="Full-time week of comparable jobs (upper bound of the hours counted).",
        **HOURS,
    )
    date_of_birth = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For the youth minimum wage; adult when left out.",
    )


class WageCostSubsidyResultSerializer(serializers.Serializer):
    monthly_amount = serializers.CharField(
        help_text="Subsidy per month in euro, a decimal string with two places."
    )
    flat_rate = serializers.BooleanField()
    capped = serializers.BooleanField(help_text="The 70% maximum applied.")
    zero_reason = serializers.CharField(
        allow_null=True, help_text="Why the amount is 0: not_target_group (wage value 100)."
    )
    unconfirmed_figures = serializers.ListField(
        child=serializers.CharField(), help_text="Figures used whose source is not confirmed."
    )
    steps = CalculationStepSerializer(many=True)


@extend_schema(tags=["calculations"])
class WageCostSubsidyView(_CalculationView):
    request_serializer = WageCostSubsidyCalculationSerializer

    @_calculation_schema(
        operation_id="calculations_wage_cost_subsidy",
        summary="Loonkostensubsidie per maand (Participatiewet art. 10d)",
        request_serializer=WageCostSubsidyCalculationSerializer,
        result_serializer=WageCostSubsidyResultSerializer,
        description=PUBLIC_DESCRIPTION + " Published contract.",
        examples=[
            OpenApiExample(
                "Wage value 60%, 36 hours, 2026",
                value={
                    "date": "2026-01-01",
                    "wageValue": 60,
                    "hoursPerWeek": "36",
                    "fullTimeHoursPerWeek": "36",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        return super().post(request)

    def compute(self, data):
        return calculators.wage_cost_subsidy_from_fields(data)

    def represent(self, answer):
        result = answer.result
        return {
            "monthly_amount": f"{result.monthly_amount:.2f}",
            "flat_rate": result.flat_rate,
            "capped": result.capped,
            "zero_reason": result.zero_reason.value if result.zero_reason else None,
            "unconfirmed_figures": answer.unconfirmed_figures,
            "steps": api_steps(answer.steps),
        }


# --- wage value ----------------------------------------------------------------------------------


class MainTaskSerializer(serializers.Serializer):
    PCT = {"max_digits": 7, "decimal_places": 4}
    name = serializers.CharField(max_length=200)
    share_pct = serializers.DecimalField(
        help_text="Share of the weekly working time (%), at least 6.25.", **PCT
    )
    minutes_per_day = serializers.DecimalField(
        max_digits=6, decimal_places=2, help_text="Minutes per working day, at least 30."
    )
    tempo_pct = serializers.DecimalField(**PCT)
    quality_pct = serializers.DecimalField(**PCT)
    net_working_time_pct = serializers.DecimalField(
        required=False, help_text="Uniform method 2021: net working time (%).", **PCT
    )
    deployability_pct = serializers.DecimalField(
        required=False, help_text="Historical method 2015: deployability (%).", **PCT
    )


class WageValueCalculationSerializer(serializers.Serializer):
    date = serializers.DateField(
        help_text="Date of the measurement: picks the method in force when none is given."
    )
    method = serializers.ChoiceField(
        choices=[m.value for m in WageValueMethod], required=False, allow_null=True, default=None
    )
    tasks = MainTaskSerializer(many=True)
    reported_wage_value = serializers.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        default=None,
        help_text="The wage value reported by the expert: when given, it counts.",
    )

    def validate(self, attrs):
        method = WageValueMethod(attrs["method"]) if attrs.get("method") else None
        attrs["method"] = method
        return attrs


class WageValueResultSerializer(serializers.Serializer):
    wage_value = serializers.IntegerField(help_text="The wage value that counts (whole percent).")
    computed_wage_value = serializers.IntegerField()
    reported_by_expert = serializers.BooleanField()
    method = serializers.CharField()
    method_unconfirmed = serializers.BooleanField(help_text="The method's exact algebra is not confirmed.")
    steps = CalculationStepSerializer(many=True)


@extend_schema(tags=["calculations"])
class WageValueView(_CalculationView):
    request_serializer = WageValueCalculationSerializer

    @_calculation_schema(
        operation_id="calculations_wage_value",
        summary="Loonwaarde uit een meting per hoofdtaak",
        request_serializer=WageValueCalculationSerializer,
        result_serializer=WageValueResultSerializer,
    )
    def post(self, request):
        return super().post(request)

    def compute(self, data):
        method = data["method"] or wage_value_method_on(data["date"])
        third = "net_working_time_pct" if method is WageValueMethod.ULM_2021 else "deployability_pct"
        tasks = []
        for index, task in enumerate(data["tasks"]):
            if task.get(third) is None:
                raise CalculationInputError(f"tasks.{index}.{third}", "required")
            tasks.append(
                MainTask(
                    name=task["name"],
                    share_pct=task["share_pct"],
                    minutes_per_day=task["minutes_per_day"],
                    tempo_pct=task["tempo_pct"],
                    quality_pct=task["quality_pct"],
                    third_factor_pct=task[third],
                )
            )
        return calculators.wage_value(
            on=data["date"], tasks=tasks, method=method, reported_wage_value=data["reported_wage_value"]
        )

    def represent(self, answer):
        result = answer.result
        return {
            "wage_value": result.wage_value,
            "computed_wage_value": result.computed_wage_value,
            "reported_by_expert": result.reported_by_expert,
            "method": result.method.value,
            "method_unconfirmed": result.method_unconfirmed,
            "steps": api_steps(answer.steps),
        }


# --- wage dispensation ---------------------------------------------------------------------------


class WageDispensationCalculationSerializer(serializers.Serializer):
    date = serializers.DateField()
    wage_value = serializers.IntegerField(min_value=0, max_value=100)
    monthly_wage = serializers.DecimalField(max_digits=9, decimal_places=2, help_text="Wage per month, euro.")
    expected_duration_months = serializers.IntegerField(required=False, allow_null=True, default=None)
    remaining_contract_months = serializers.IntegerField(required=False, allow_null=True, default=None)
    requested_duration_months = serializers.IntegerField(required=False, allow_null=True, default=None)


class DispensationCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    passed = serializers.BooleanField()
    description = serializers.CharField()


class WageDispensationResultSerializer(serializers.Serializer):
    employer_pays = serializers.CharField(help_text="Per month, decimal string with two places.")
    reduction = serializers.CharField()
    eligible = serializers.BooleanField(help_text="All conditions entered are met (UWV decides).")
    checks = DispensationCheckSerializer(many=True)
    steps = CalculationStepSerializer(many=True)


@extend_schema(tags=["calculations"])
class WageDispensationView(_CalculationView):
    request_serializer = WageDispensationCalculationSerializer

    @_calculation_schema(
        operation_id="calculations_wage_dispensation",
        summary="Loondispensatie (Wajong art. 2:20)",
        request_serializer=WageDispensationCalculationSerializer,
        result_serializer=WageDispensationResultSerializer,
    )
    def post(self, request):
        return super().post(request)

    def compute(self, data):
        return calculators.wage_dispensation_from_fields(data)

    def represent(self, answer):
        result = answer.result
        return {
            "employer_pays": f"{result.employer_pays:.2f}",
            "reduction": f"{result.reduction:.2f}",
            "eligible": result.eligible,
            "checks": [
                {"code": c.code, "passed": c.passed, "description": describe_check(c)} for c in result.checks
            ],
            "steps": api_steps(answer.steps),
        }


# --- net cost ------------------------------------------------------------------------------------


class NetCostCalculationSerializer(serializers.Serializer):
    date = serializers.DateField()
    hours_per_week = serializers.DecimalField(**HOURS)
    full_time_hours_per_week = serializers.DecimalField(default=Decimal(36), **HOURS)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    hourly_wage = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="Gross hourly wage; the minimum wage for the age when left out.",
    )
    instrument = serializers.ChoiceField(
        choices=[i.value for i in WageInstrument],
        default=WageInstrument.NONE.value,
        help_text="At most one: wage-cost subsidy and wage dispensation never go together.",
    )
    wage_value = serializers.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        default=None,
        help_text="Required for wage dispensation; with wage-cost subsidy null means the flat rate.",
    )
    in_target_group_register = serializers.BooleanField(default=False)
    has_target_group_declaration = serializers.BooleanField(default=False)


class NetCostLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    monthly_amount = serializers.CharField(help_text="Decimal string, two places; instruments are negative.")
    unconfirmed = serializers.BooleanField()
    steps = CalculationStepSerializer(many=True)


class NetCostResultSerializer(serializers.Serializer):
    gross_monthly_cost = serializers.CharField()
    monthly_net_cost = serializers.CharField()
    unconfirmed_figures = serializers.ListField(child=serializers.CharField())
    lines = NetCostLineSerializer(many=True)


@extend_schema(tags=["calculations"])
class NetCostView(_CalculationView):
    request_serializer = NetCostCalculationSerializer

    @_calculation_schema(
        operation_id="calculations_net_cost",
        summary="Nettokosten van een baan voor de werkgever",
        request_serializer=NetCostCalculationSerializer,
        result_serializer=NetCostResultSerializer,
    )
    def post(self, request):
        return super().post(request)

    def compute(self, data):
        return calculators.net_cost_from_fields(data)

    def represent(self, answer):
        result = answer.result
        return {
            "gross_monthly_cost": f"{result.gross_monthly_cost:.2f}",
            "monthly_net_cost": f"{result.monthly_net_cost:.2f}",
            "unconfirmed_figures": answer.unconfirmed_figures,
            "lines": [
                {
                    "code": line.code,
                    "monthly_amount": f"{line.monthly_amount:.2f}",
                    "unconfirmed": line.unconfirmed,
                    "steps": api_steps(line.steps),
                }
                for line in result.lines
            ],
        }
