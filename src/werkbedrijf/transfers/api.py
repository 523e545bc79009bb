"""REST API for imports and exports: the same kinds, permissions and scoping as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from werkbedrijf.api.regions import REGION_PARAMETER, resolve_region

from . import selectors, services
from .kinds import all_kinds, get_kind
from .models import ImportJob, ImportStatus
from .reading import limits, too_large_message
from .uploads import limit_upload, too_large
from .writing import CONTENT_TYPES, FORMATS, file_response


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row as in Excel: 1 is the header; 0 is the file as a whole.")
    column = serializers.CharField(help_text="The column's header, empty for the row or file as a whole.")
    reason = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    status = serializers.ChoiceField(choices=ImportStatus.choices)
    errors = ImportErrorSerializer(many=True)
    notices = serializers.ListField(child=serializers.CharField())
    url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "uuid",
            "url",
            "kind",
            "region",
            "file_name",
            "file_size",
            "status",
            "rows_total",
            "rows_checked",
            "rows_done",
            "created_count",
            "updated_count",
            "unchanged_count",
            "skipped_count",
            "error_count",
            "errors",
            "notices",
            "created_at",
            "started_at",
            "finished_at",
        ]
        # PositiveIntegerField has no upper bound on SQLite and 2**31-1 on PostgreSQL; state it, so the
        # OpenAPI document is the same on both.
        extra_kwargs = {
            name: {"max_value": 2_147_483_647}
            for name in fields
            if name.endswith("_count") or name.startswith("rows_")
        }

    def get_url(self, obj) -> str:
        return reverse("api-import-detail", kwargs={"job_uuid": obj.uuid})


class ImportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k.code for k in all_kinds()])
    file = serializers.FileField(allow_empty_file=True, help_text="CSV (UTF-8, ; or ,) or XLSX.")


class ImportListView(GenericAPIView):
    filter_backends: list = []
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        # Before DRF (or anything) parses the body: cap how much of it will be read.
        self._limit = limit_upload(request) if request.method == "POST" else None
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        operation_id="imports_create",
        parameters=[REGION_PARAMETER],
        request={"multipart/form-data": ImportCreateSerializer},
        responses={202: ImportJobSerializer, 413: OpenApiResponse(description="The file is too large.")},
        description=(
            "Upload a file to import. The job checks every row, then imports all rows or none; follow its "
            "`url` for the status, the progress and the report."
        ),
    )
    def post(self, request):
        if too_large(request):
            raise PayloadTooLarge(too_large_message(limits().max_bytes))
        region = resolve_region(request)
        data = request.data
        if self._limit is not None and self._limit.exceeded:
            raise PayloadTooLarge(too_large_message(limits().max_bytes))
        serializer = ImportCreateSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        try:
            job = services.import_job_create(
                user=request.user,
                region=region,
                kind=serializer.validated_data["kind"],
                upload=serializer.validated_data["file"],
                request=request,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from None
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(operation_id="imports_list", description="The caller's own import jobs, newest first.")
    def get(self, request):
        page = self.paginate_queryset(selectors.user_jobs(user=request.user))
        return self.get_paginated_response(ImportJobSerializer(page, many=True).data)


class ImportDetailView(GenericAPIView):
    filter_backends: list = []
    serializer_class = ImportJobSerializer

    @extend_schema(operation_id="imports_read")
    def get(self, request, job_uuid):
        job = selectors.job_get(user=request.user, job_uuid=job_uuid)
        return Response(ImportJobSerializer(job).data)


def export_format(request) -> str:
    """`format` in the query string, else the Accept header (the XLSX type), else CSV."""
    fmt = request.query_params.get("format", "").strip().lower()
    if fmt:
        if fmt not in FORMATS:
            raise exceptions.ValidationError({"format": [_("Choose csv or xlsx.")]})
        return fmt
    accept = request.META.get("HTTP_ACCEPT", "")
    if CONTENT_TYPES["xlsx"] in accept:
        return "xlsx"
    return "csv"


class ExportView(GenericAPIView):
    filter_backends: list = []

    def perform_content_negotiation(self, request, force=False):
        # `format` and Accept choose the file format here (export_format), not one of DRF's renderers;
        # errors are still problem+json.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="exports_read",
        parameters=[
            REGION_PARAMETER,
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=list(FORMATS),
                description="csv or xlsx; without it the Accept header decides, and CSV is the default.",
            ),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                location=OpenApiParameter.PATH,
                enum=[k.code for k in all_kinds()],
            ),
        ],
        responses={
            (200, CONTENT_TYPES["csv"]): OpenApiTypes.BINARY,
            (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        },
        description=(
            "What the list shows with the same filters, with the import template's columns; candidates of "
            "other organisations pseudonymised. Access-logged. The list's filters go in the query string as "
            "on its page: for candidates status, doelgroep, actualiteit, q, eigen; for employers zoek, "
            "sectie, grootte, accountmanager, mijn, sorteer; for vacancies zoek, status, soort, "
            "beroepsgroep, gemeente, werkgever, sorteer."
        ),
    )
    def get(self, request, kind):
        definition = get_kind(kind)
        if definition is None:
            raise Http404
        fmt = export_format(request)
        region = resolve_region(request)
        if not definition.may_export(request.user, region):
            raise exceptions.PermissionDenied(
                _("You may not export %(kind)s.") % {"kind": str(definition.label).lower()}
            )
        params = request.query_params.copy()
        for name in ("format", "regio"):
            params.pop(name, None)
        data = definition.export(
            user=request.user,
            region=region,
            params=params,
            request=request._request,
            context=f"Export {definition.file_stem} ({fmt}, API)",
        )
        return file_response(
            fmt, f"{data.file_stem}-{region.code}", data.header, data.rows, sheet=definition.sheet_names[0]
        )
