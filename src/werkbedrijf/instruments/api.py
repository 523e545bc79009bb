"""REST API for the instrument catalogue, eligibility, grants, payment schedules and budgets: the same rules
as the interface (selectors/services, permissions.py), problem+json errors. Grants and eligibility checks
carry personal data: reading them is access-logged, like the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.candidates.models import TargetGroup
from werkbedrijf.parameters.models import Confidence
from werkbedrijf.vacancies.models import VacancyKind
from werkbedrijf.wage_value.presentation import api_steps

from . import presentation, selectors, services
from .eligibility import Status
from .models import (
    MAX_HOURS_PER_WEEK,
    AmountPeriod,
    GrantStatus,
    InstrumentKind,
    PaymentMethod,
    PaymentStatus,
    Provider,
)
from .permissions import GrantScope, instrument_rule

API_ELIGIBILITY_CONTEXT = "Toets welke instrumenten van toepassing zijn (API)"
API_GRANT_CONTEXT = "Toekenning van instrument opgevraagd (API)"
API_GRANT_LIST_CONTEXT = "Aanvragen en toekenningen opgevraagd (API)"
API_DEADLINE_CONTEXT = "Beslistermijnen van aanvragen opgevraagd (API)"
API_PAYMENTS_CONTEXT = "Betaalregels opgevraagd voor het financieel systeem (API)"

ELIGIBILITY_STATUS_CHOICES = [(s.value, s.value) for s in Status]


def _service_errors(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {("nonFieldErrors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
        )
    return exceptions.ValidationError(error.messages)


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def _rule(request, region):
    return instrument_rule(request.user, region)


# --- catalogue ------------------------------------------------------------------------------------------


class InstrumentVersionSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    number = serializers.IntegerField()
    valid_from = serializers.DateField()
    name = serializers.CharField()
    description = serializers.CharField()
    legal_basis = serializers.CharField()
    provider = serializers.ChoiceField(choices=Provider.choices)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    offered = serializers.BooleanField()
    target_groups = serializers.ListField(child=serializers.ChoiceField(choices=TargetGroup.choices))
    requires_register = serializers.BooleanField()
    requires_reduced_wage_value = serializers.BooleanField()
    min_productivity_loss_pct = serializers.IntegerField(allow_null=True)
    min_hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    min_contract_months = serializers.IntegerField(allow_null=True)
    excluded_job_kinds = serializers.ListField(child=serializers.ChoiceField(choices=VacancyKind.choices))
    apply_within_months = serializers.IntegerField(allow_null=True)
    max_amount = _money(allow_null=True)
    max_amount_period = serializers.ChoiceField(choices=[("", ""), *AmountPeriod.choices])
    max_duration_months = serializers.IntegerField(allow_null=True)
    decision_period_weeks = serializers.IntegerField()
    decision_period_basis = serializers.CharField()
    conditions = serializers.CharField()
    documents = serializers.ListField(child=serializers.CharField())
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    source_note = serializers.CharField()
    change_note = serializers.CharField()
    created_at = serializers.DateTimeField()


class InstrumentSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="instrument.uuid")
    code = serializers.CharField(source="instrument.code")
    kind = serializers.ChoiceField(source="instrument.kind", choices=InstrumentKind.choices)
    current = InstrumentVersionSerializer(
        source="version", allow_null=True, help_text="The version in force today."
    )


class InstrumentDetailSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=InstrumentKind.choices)
    versions = InstrumentVersionSerializer(many=True, help_text="Newest first; append-only.")


class InstrumentVersionWriteSerializer(serializers.Serializer):
    """A new version; fields left out are taken over from the latest version."""

    valid_from = serializers.DateField()
    change_note = serializers.CharField(max_length=300)
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    legal_basis = serializers.CharField(max_length=300, required=False)
    provider = serializers.ChoiceField(choices=Provider.choices, required=False)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, required=False)
    offered = serializers.BooleanField(required=False)
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), required=False
    )
    requires_register = serializers.BooleanField(required=False)
    requires_reduced_wage_value = serializers.BooleanField(required=False)
    min_productivity_loss_pct = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )
    min_hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=MAX_HOURS_PER_WEEK,
        required=False,
        allow_null=True,
    )
    min_contract_months = serializers.IntegerField(
        min_value=0, max_value=600, required=False, allow_null=True
    )
    excluded_job_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=VacancyKind.choices), required=False
    )
    apply_within_months = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True
    )
    max_amount = _money(min_value=0, required=False, allow_null=True)
    max_amount_period = serializers.ChoiceField(
        choices=AmountPeriod.choices, required=False, allow_blank=True
    )
    max_duration_months = serializers.IntegerField(
        min_value=1, max_value=600, required=False, allow_null=True
    )
    decision_period_weeks = serializers.IntegerField(min_value=1, max_value=52, required=False)
    decision_period_basis = serializers.CharField(max_length=300, required=False, allow_blank=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    documents = serializers.ListField(child=serializers.CharField(max_length=300), required=False)
    confidence = serializers.ChoiceField(choices=Confidence.choices, required=False)
    source_note = serializers.CharField(required=False, allow_blank=True)


@extend_schema(tags=["instruments"], parameters=[REGION_PARAMETER])
class InstrumentListView(GenericAPIView):
    filter_backends: list = []
    pagination_class = None
    serializer_class = InstrumentSerializer

    @extend_schema(
        operation_id="instruments_list",
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="The catalogue on this date (today).")
        ],
        responses=InstrumentSerializer(many=True),
    )
    def get(self, request):
        region = resolve_region(request)
        on = timezone.localdate()
        if request.query_params.get("date"):
            try:
                on = serializers.DateField().to_internal_value(request.query_params["date"])
            except serializers.ValidationError as error:
                raise exceptions.ValidationError({"date": error.detail}) from None
        entries = selectors.catalogue(user=request.user, region=region, on=on)
        return Response(InstrumentSerializer(entries, many=True).data)


@extend_schema(tags=["instruments"], parameters=[REGION_PARAMETER])
class InstrumentDetailView(GenericAPIView):
    filter_backends: list = []
    serializer_class = InstrumentDetailSerializer

    @extend_schema(operation_id="instruments_read")
    def get(self, request, instrument_uuid):
        region = resolve_region(request)
        instrument = selectors.instrument_get(
            user=request.user, region=region, instrument_uuid=instrument_uuid
        )
        instrument.versions_list = selectors.instrument_versions(instrument)
        data = {
            "uuid": instrument.uuid,
            "code": instrument.code,
            "kind": instrument.kind,
            "versions": instrument.versions_list,
        }
        return Response(InstrumentDetailSerializer(data).data)


@extend_schema(tags=["instruments"], parameters=[REGION_PARAMETER])
class InstrumentVersionCreateView(GenericAPIView):
    filter_backends: list = []
    serializer_class = InstrumentVersionSerializer

    @extend_schema(
        operation_id="instruments_versions_create",
        description="Functional administrators: a new version from `validFrom`; earlier versions stay.",
        request=InstrumentVersionWriteSerializer,
        responses={201: InstrumentVersionSerializer},
    )
    def post(self, request, instrument_uuid):
        region = resolve_region(request)
        instrument = selectors.instrument_get(
            user=request.user, region=region, instrument_uuid=instrument_uuid
        )
        if not _rule(request, region).edit_catalogue:
            raise exceptions.PermissionDenied()
        serializer = InstrumentVersionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            version = services.instrument_version_create(
                user=request.user,
                region=region,
                instrument=instrument,
                valid_from=data.pop("valid_from"),
                change_note=data.pop("change_note"),
                request=request,
                **data,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return Response(InstrumentVersionSerializer(version).data, status=status.HTTP_201_CREATED)


# --- eligibility ----------------------------------------------------------------------------------------


class EligibilityRequestSerializer(serializers.Serializer):
    candidate = serializers.UUIDField(help_text="uuid of a candidate of your own organisation.")
    employer = serializers.UUIDField(help_text="uuid of an employer of the region.")
    vacancy = serializers.UUIDField(required=False, allow_null=True, help_text="uuid of the job, if any.")
    date = serializers.DateField(required=False, help_text="Default: today.")
    job_kind = serializers.ChoiceField(choices=VacancyKind.choices, required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=MAX_HOURS_PER_WEEK,
        required=False,
        allow_null=True,
    )
    contract_months = serializers.IntegerField(min_value=0, max_value=600, required=False, allow_null=True)
    employment_start = serializers.DateField(required=False, allow_null=True)
    already_employed = serializers.BooleanField(required=False, default=False)
    wage_value = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)


class EligibilityReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    met = serializers.BooleanField(
        allow_null=True, help_text="null: could not be checked with what is known."
    )
    text = serializers.CharField()


class EligibilityOutcomeSerializer(serializers.Serializer):
    instrument = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    provider = serializers.ChoiceField(choices=Provider.choices)
    status = serializers.ChoiceField(choices=ELIGIBILITY_STATUS_CHOICES)
    applies = serializers.BooleanField()
    reasons = EligibilityReasonSerializer(many=True)
    where_to_apply = serializers.CharField()


class EligibilityResponseSerializer(serializers.Serializer):
    date = serializers.DateField()
    wage_value = serializers.IntegerField(allow_null=True)
    wage_value_source = serializers.CharField()
    only_one_wage_instrument = serializers.BooleanField(
        help_text="Wage-cost subsidy and wage dispensation are both open; only one can be used for a job."
    )
    outcomes = EligibilityOutcomeSerializer(many=True)


@extend_schema(tags=["instruments"], parameters=[REGION_PARAMETER])
class EligibilityCheckView(GenericAPIView):
    filter_backends: list = []
    serializer_class = EligibilityResponseSerializer

    @extend_schema(
        operation_id="eligibility_checks_create",
        description="Which instruments apply, which do not, and why. Access-logged (reads the candidate).",
        request=EligibilityRequestSerializer,
        responses=EligibilityResponseSerializer,
    )
    def post(self, request):
        region = resolve_region(request)
        if _rule(request, region).grants < GrantScope.OWN:
            raise exceptions.PermissionDenied()
        serializer = EligibilityRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        candidate = selectors.candidate_for_grants(
            user=request.user, region=region, candidate_uuid=data["candidate"]
        )
        employer = selectors.employer_in_region(region=region, employer_uuid=data["employer"])
        if employer is None:
            raise exceptions.ValidationError({"employer": [_("Choose an employer of this region.")]})
        vacancy = None
        if data.get("vacancy"):
            vacancy = selectors.vacancy_in_region(region=region, vacancy_uuid=data["vacancy"])
            if vacancy is None or vacancy.employer_id != employer.pk:
                raise exceptions.ValidationError({"vacancy": [_("Choose a job of this employer, or none.")]})
        result = selectors.eligibility_check(
            user=request.user,
            region=region,
            candidate=candidate,
            employer=employer,
            vacancy=vacancy,
            on=data.get("date") or timezone.localdate(),
            hours_per_week=data.get("hours_per_week"),
            contract_months=data.get("contract_months"),
            employment_start=data.get("employment_start"),
            already_employed=data.get("already_employed", False),
            wage_value=data.get("wage_value"),
            job_kind=data.get("job_kind"),
            request=request,
            context=API_ELIGIBILITY_CONTEXT,
        )
        outcomes = []
        for outcome in result.outcomes:
            version = result.versions[outcome.rules.key]
            outcomes.append(
                {
                    "instrument": outcome.rules.key,
                    "code": outcome.rules.code,
                    "name": version.name,
                    "provider": version.provider,
                    "status": outcome.status.value,
                    "applies": outcome.applies,
                    "reasons": presentation.reason_rows(outcome),
                    "where_to_apply": presentation.where_to_apply(version.provider),
                }
            )
        return Response(
            EligibilityResponseSerializer(
                {
                    "date": result.situation.on,
                    "wage_value": result.situation.wage_value,
                    "wage_value_source": result.wage_value_source,
                    "only_one_wage_instrument": result.exclusive_wage_instruments,
                    "outcomes": outcomes,
                }
            ).data
        )


# --- grants ---------------------------------------------------------------------------------------------


class GrantPartySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()


class GrantStatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.ChoiceField(choices=GrantStatus.choices)
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class PaymentLineSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    month = serializers.DateField(help_text="First day of the month.")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    amount = _money()
    monthly_amount = _money(help_text="The amount for a whole month.")
    determined_on = serializers.DateField(help_text="The date whose legal figures were used.")
    wage_value = serializers.IntegerField(allow_null=True)
    flat_rate = serializers.BooleanField()
    status = serializers.ChoiceField(choices=PaymentStatus.choices)
    paid_on = serializers.DateField(allow_null=True)


class GrantSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=GrantStatus.choices)
    instrument = serializers.UUIDField(source="instrument_version.instrument.uuid")
    instrument_version = serializers.IntegerField(source="instrument_version.number")
    instrument_name = serializers.CharField(source="instrument_version.name")
    candidate = serializers.SerializerMethodField()
    employer = serializers.SerializerMethodField()
    paying_organisation = serializers.SerializerMethodField()
    applied_on = serializers.DateField()
    term_starts_on = serializers.DateField()
    decision_due_on = serializers.DateField()
    period_start = serializers.DateField()
    period_end = serializers.DateField(allow_null=True)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=2)
    full_time_hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=2)
    wage_value = serializers.IntegerField(allow_null=True)
    wage_value_source = serializers.CharField()
    wage_value_from = serializers.DateField(allow_null=True)
    requested_amount = _money(allow_null=True)
    granted_amount = _money(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    decision_note = serializers.CharField()
    budget_override_reason = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()

    def get_candidate(self, obj) -> dict:
        return {"uuid": str(obj.candidate.uuid), "name": obj.candidate.full_name}

    def get_employer(self, obj) -> dict:
        return {"uuid": str(obj.employer.uuid), "name": obj.employer.name}

    def get_paying_organisation(self, obj) -> dict:
        return {"uuid": str(obj.paying_organisation.uuid), "name": obj.paying_organisation.name}


class GrantDetailSerializer(GrantSerializer):
    status_changes = GrantStatusChangeSerializer(many=True)
    payment_lines = PaymentLineSerializer(many=True)


class GrantWriteSerializer(serializers.Serializer):
    candidate = serializers.UUIDField()
    employer = serializers.UUIDField()
    instrument = serializers.UUIDField()
    vacancy = serializers.UUIDField(required=False, allow_null=True)
    applied_on = serializers.DateField()
    term_starts_on = serializers.DateField(required=False, allow_null=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=2)
    full_time_hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=2, required=False, default=36
    )
    wage_value = serializers.IntegerField(required=False, allow_null=True)
    wage_value_source = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    requested_amount = _money(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class GrantDecisionSerializer(serializers.Serializer):
    granted = serializers.BooleanField()
    decided_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    granted_amount = _money(required=False, allow_null=True)
    budget_override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class GrantEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)


class GrantWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class GrantWageValueSerializer(serializers.Serializer):
    wage_value = serializers.IntegerField(min_value=0, max_value=100)
    source = serializers.CharField(max_length=300)
    applies_from = serializers.DateField()


class PaymentLinePaidSerializer(serializers.Serializer):
    paid_on = serializers.DateField()


def _detail(request, region, grant, *, context=API_GRANT_CONTEXT) -> dict:
    detail = selectors.grant_detail(
        user=request.user, region=region, grant=grant, request=request, context=context
    )
    data = GrantSerializer(grant).data
    data["status_changes"] = GrantStatusChangeSerializer(detail.status_changes, many=True).data
    data["payment_lines"] = PaymentLineSerializer(detail.lines, many=True).data
    return data


@extend_schema(tags=["grants"], parameters=[REGION_PARAMETER])
class GrantListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = GrantSerializer

    @extend_schema(
        operation_id="grants_list",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=GrantStatus.values),
            OpenApiParameter("candidate", OpenApiTypes.UUID),
        ],
        description="Grants of your own organisation's candidates; the candidates listed are access-logged.",
    )
    def get(self, request):
        region = resolve_region(request)
        if _rule(request, region).grants < GrantScope.OWN:
            raise exceptions.PermissionDenied()
        params = request.query_params
        if params.get("status") and params["status"] not in GrantStatus.values:
            raise exceptions.ValidationError({"status": [_("Unknown status.")]})
        candidate = params.get("candidate", "")
        if candidate:
            try:
                serializers.UUIDField().to_internal_value(candidate)
            except serializers.ValidationError as error:
                raise exceptions.ValidationError({"candidate": error.detail}) from None
        qs = selectors.grant_search(
            user=request.user,
            region=region,
            filters=selectors.GrantFilters(status=params.get("status", ""), candidate_uuid=candidate),
        )
        page = self.paginate_queryset(qs)
        selectors.log_grant_list(
            user=request.user, region=region, grants=page, request=request, context=API_GRANT_LIST_CONTEXT
        )
        return self.get_paginated_response(GrantSerializer(page, many=True).data)

    @extend_schema(
        operation_id="grants_create", request=GrantWriteSerializer, responses={201: GrantDetailSerializer}
    )
    def post(self, request):
        region = resolve_region(request)
        if not _rule(request, region).apply:
            raise exceptions.PermissionDenied()
        serializer = GrantWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = selectors.candidate_for_grants(
            user=request.user, region=region, candidate_uuid=data.pop("candidate")
        )
        employer = selectors.employer_in_region(region=region, employer_uuid=data.pop("employer"))
        instrument_uuid = data.pop("instrument")
        instrument = selectors.instrument_in_region(region=region, instrument_uuid=instrument_uuid)
        vacancy_uuid = data.pop("vacancy", None)
        vacancy = (
            selectors.vacancy_in_region(region=region, vacancy_uuid=vacancy_uuid) if vacancy_uuid else None
        )
        if vacancy_uuid and vacancy is None:
            raise exceptions.ValidationError({"vacancy": [_("Choose a job of this employer, or none.")]})
        try:
            grant = services.grant_apply(
                user=request.user,
                region=region,
                candidate=candidate,
                employer=employer,
                instrument=instrument,
                vacancy=vacancy,
                request=request,
                **data,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        grant = selectors.grant_get(user=request.user, region=region, grant_uuid=grant.uuid)
        return Response(_detail(request, region, grant), status=status.HTTP_201_CREATED)


@extend_schema(tags=["grants"], parameters=[REGION_PARAMETER])
class GrantDetailView(GenericAPIView):
    filter_backends: list = []
    serializer_class = GrantDetailSerializer

    @extend_schema(
        operation_id="grants_read", description="With history and payment schedule; access-logged."
    )
    def get(self, request, grant_uuid):
        region = resolve_region(request)
        grant = selectors.grant_get(user=request.user, region=region, grant_uuid=grant_uuid)
        return Response(_detail(request, region, grant))


def _action_view(name, request_serializer, call, description):
    @extend_schema(tags=["grants"], parameters=[REGION_PARAMETER])
    class ActionView(GenericAPIView):
        filter_backends: list = []
        serializer_class = GrantDetailSerializer

        @extend_schema(
            operation_id=f"grants_{name}",
            description=description,
            request=request_serializer,
            responses=GrantDetailSerializer,
        )
        def post(self, request, grant_uuid):
            region = resolve_region(request)
            grant = selectors.grant_get(user=request.user, region=region, grant_uuid=grant_uuid)
            if not _rule(request, region).decide:
                raise exceptions.PermissionDenied()
            data = {}
            if request_serializer is not None:
                serializer = request_serializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                data = serializer.validated_data
            try:
                call(user=request.user, region=region, grant=grant, request=request, **data)
            except DjangoValidationError as error:
                raise _service_errors(error) from None
            grant = selectors.grant_get(user=request.user, region=region, grant_uuid=grant_uuid)
            return Response(_detail(request, region, grant))

    ActionView.__name__ = f"Grant{name.title().replace('_', '')}View"
    return ActionView


GrantDecideView = _action_view(
    "decide",
    GrantDecisionSerializer,
    services.grant_decide,
    "Grant or refuse. Granting creates the payment schedule; over budget needs budgetOverrideReason.",
)
GrantStartView = _action_view("start", None, services.grant_start, "The job has started: the grant runs.")
GrantEndView = _action_view(
    "end", GrantEndSerializer, services.grant_end, "End the grant; later planned lines cancel."
)
GrantWithdrawView = _action_view(
    "withdraw", GrantWithdrawSerializer, services.grant_withdraw, "Withdraw the application."
)
GrantWageValueView = _action_view(
    "wage_value",
    GrantWageValueSerializer,
    services.grant_wage_value_record,
    "Record a (new) wage value from a date; planned lines from that month on are recalculated.",
)


@extend_schema(tags=["grants"], parameters=[REGION_PARAMETER])
class PaymentLinePayView(GenericAPIView):
    filter_backends: list = []
    serializer_class = PaymentLineSerializer

    @extend_schema(
        operation_id="grants_payment_lines_pay",
        request=PaymentLinePaidSerializer,
        responses=PaymentLineSerializer,
    )
    def post(self, request, grant_uuid, line_uuid):
        region = resolve_region(request)
        grant = selectors.grant_get(user=request.user, region=region, grant_uuid=grant_uuid)
        if not _rule(request, region).decide:
            raise exceptions.PermissionDenied()
        line = selectors.payment_line_get(user=request.user, region=region, grant=grant, line_uuid=line_uuid)
        serializer = PaymentLinePaidSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            line = services.payment_line_mark_paid(
                user=request.user, region=region, line=line, request=request, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return Response(PaymentLineSerializer(line).data)


class PaymentLineWorkingSerializer(PaymentLineSerializer):
    steps = serializers.ListField(
        child=serializers.DictField(), help_text="The calculation of the whole month."
    )


@extend_schema(tags=["grants"], parameters=[REGION_PARAMETER])
class PaymentLineListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = PaymentLineWorkingSerializer
    pagination_class = None

    @extend_schema(
        operation_id="grants_payment_lines_list",
        description="The grant's schedule with the working of each month; access-logged.",
        responses=PaymentLineWorkingSerializer(many=True),
    )
    def get(self, request, grant_uuid):
        region = resolve_region(request)
        grant = selectors.grant_get(user=request.user, region=region, grant_uuid=grant_uuid)
        detail = selectors.grant_detail(
            user=request.user, region=region, grant=grant, request=request, context=API_GRANT_CONTEXT
        )
        items = []
        for line in detail.lines:
            item = PaymentLineSerializer(line).data
            monthly = grant.instrument_version.payment_method == PaymentMethod.MONTHLY_WAGE_COST_SUBSIDY
            item["steps"] = api_steps(selectors.line_working(grant, line)) if monthly else []
            items.append(item)
        return Response(items)


@extend_schema(tags=["grants"], parameters=[REGION_PARAMETER])
class DeadlineListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = GrantSerializer
    pagination_class = None

    @extend_schema(
        operation_id="grant_deadlines_list",
        description="Applications whose decision is due soon (or overdue), soonest first; access-logged.",
        responses=GrantSerializer(many=True),
    )
    def get(self, request):
        region = resolve_region(request)
        if _rule(request, region).grants < GrantScope.OWN:
            raise exceptions.PermissionDenied()
        grants = selectors.deadline_warnings(
            user=request.user, region=region, request=request, context=API_DEADLINE_CONTEXT
        )
        return Response(GrantSerializer(grants, many=True).data)


# --- budgets and payments for the financial system ------------------------------------------------------


class BudgetRowSerializer(serializers.Serializer):
    organisation = GrantPartySerializer()
    instrument = serializers.UUIDField(source="instrument.uuid")
    instrument_name = serializers.CharField(source="name")
    year = serializers.IntegerField()
    allocated = _money(allow_null=True, help_text="null: no budget set.")
    committed = _money()
    paid = _money()
    available = _money(allow_null=True)
    exceeded = serializers.BooleanField()


class BudgetWriteSerializer(serializers.Serializer):
    instrument = serializers.UUIDField()
    year = serializers.IntegerField(min_value=2015, max_value=2100)
    allocated = _money(min_value=0)


def _year(request) -> int:
    value = request.query_params.get("year")
    if not value:
        return timezone.localdate().year
    try:
        return serializers.IntegerField(min_value=2015, max_value=2100).to_internal_value(value)
    except serializers.ValidationError as error:
        raise exceptions.ValidationError({"year": error.detail}) from None


def _budget_rows(request, region, year: int) -> list:
    rows = selectors.budget_overview(user=request.user, region=region, year=year)
    data = [
        {
            "organisation": {"uuid": r.organisation.uuid, "name": r.organisation.name},
            "instrument": r.instrument,
            "name": r.name,
            "year": r.year,
            "allocated": r.allocated,
            "committed": r.committed,
            "paid": r.paid,
            "available": r.available,
            "exceeded": r.exceeded,
        }
        for r in rows
    ]
    return BudgetRowSerializer(data, many=True).data


@extend_schema(tags=["budgets"], parameters=[REGION_PARAMETER])
class BudgetListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = BudgetRowSerializer
    pagination_class = None

    @extend_schema(
        operation_id="budgets_list",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
        responses=BudgetRowSerializer(many=True),
    )
    def get(self, request):
        region = resolve_region(request)
        if not _rule(request, region).budgets:
            raise exceptions.PermissionDenied()
        return Response(_budget_rows(request, region, _year(request)))

    @extend_schema(
        operation_id="budgets_set",
        description="Set what your own municipality allocated to an instrument for a year.",
        request=BudgetWriteSerializer,
        responses={200: BudgetRowSerializer(many=True)},
    )
    def post(self, request):
        region = resolve_region(request)
        organisation = selectors.budget_organisations(user=request.user, region=region).first()
        if organisation is None:
            raise exceptions.PermissionDenied()
        serializer = BudgetWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        instrument = selectors.instrument_in_region(region=region, instrument_uuid=data["instrument"])
        try:
            services.budget_set(
                user=request.user,
                region=region,
                organisation=organisation,
                instrument=instrument,
                year=data["year"],
                allocated=data["allocated"],
                request=request,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return Response(_budget_rows(request, region, data["year"]))


class PaymentScheduleLineSerializer(PaymentLineSerializer):
    grant = serializers.UUIDField()
    instrument = serializers.CharField()
    employer = GrantPartySerializer()
    kvk_number = serializers.CharField()
    candidate_pseudonym = serializers.CharField()


@extend_schema(tags=["budgets"], parameters=[REGION_PARAMETER])
class PaymentScheduleView(GenericAPIView):
    filter_backends: list = []
    serializer_class = PaymentScheduleLineSerializer
    pagination_class = None

    @extend_schema(
        operation_id="payment_schedule_list",
        description=(
            "The planned and paid lines of your municipality's grants for a year (or month), for the "
            "financial system; access-logged as an export."
        ),
        parameters=[OpenApiParameter("year", OpenApiTypes.INT), OpenApiParameter("month", OpenApiTypes.INT)],
        responses=PaymentScheduleLineSerializer(many=True),
    )
    def get(self, request):
        region = resolve_region(request)
        if not _rule(request, region).decide:
            raise exceptions.PermissionDenied()
        month = request.query_params.get("month")
        if month:
            try:
                month = serializers.IntegerField(min_value=1, max_value=12).to_internal_value(month)
            except serializers.ValidationError as error:
                raise exceptions.ValidationError({"month": error.detail}) from None
        lines = list(
            selectors.payment_lines_for_export(
                user=request.user, region=region, year=_year(request), month=month or None
            )
        )
        log_access(
            actor=request.user,
            action=AccessAction.EXPORT,
            object_type="instrument_payment_schedule",
            context=API_PAYMENTS_CONTEXT,
            subject_uuids=sorted({str(line.grant.candidate.uuid) for line in lines}),
            region_code=region.code,
            request=request,
        )
        items = []
        for line in lines:
            item = PaymentLineSerializer(line).data
            item.update(
                grant=str(line.grant.uuid),
                instrument=line.grant.instrument_version.instrument.code,
                employer={"uuid": str(line.grant.employer.uuid), "name": line.grant.employer.name},
                kvk_number=line.grant.employer.kvk_number,
                candidate_pseudonym=selectors.candidate_label(line.grant.candidate),
            )
            items.append(item)
        return Response(items)
