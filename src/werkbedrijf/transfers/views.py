from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .forms import ImportForm
from .kinds import get_kind
from .kinds.base import choice_label
from .reading import MB, limits, too_large_message
from .uploads import limit_upload, too_large
from .writing import FORMATS, file_response, template_response

ERRORS_PER_PAGE = 100


def _max_mb() -> int:
    return max(1, round(limits().max_bytes / MB))


def _index(request, *, form=None, status: int = 200):
    user, region = request.user, request.region
    importable = selectors.importable_kinds(user=user, region=region)
    exportable = selectors.exportable_kinds(user=user, region=region)
    if not importable and not exportable:
        raise PermissionDenied
    if form is None and importable:
        form = ImportForm(kinds=importable, max_mb=_max_mb())
    return render(
        request,
        "transfers/index.html",
        {
            "form": form,
            "importable": importable,
            "exportable": exportable,
            "explanations": [(kind, explanation_rows(kind)) for kind in importable],
            "jobs": selectors.recent_jobs(user=user),
            "formats": FORMATS,
        },
        status=status,
    )


def explanation_rows(kind) -> list[list[str]]:
    rows = []
    for column in kind.import_columns():
        allowed = ""
        if column.choices is not None:
            allowed = "; ".join(
                choice_label(column.choices(), code) for code, _label in column.choices() if code
            )
        rows.append([column.header, _("yes") if column.required else _("no"), str(column.help), allowed])
    return rows


@login_required
@require_GET
def index_view(request):
    return _index(request)


@csrf_exempt
@login_required
@require_POST
def upload_view(request):
    # Before anything reads the body: refuse by the announced size, and cap what is read otherwise.
    if too_large(request):
        return _too_large(request, kind="")
    handler = limit_upload(request)
    return _upload(request, handler)


def _too_large(request, *, kind: str):
    """The form again with the size limit next to the file field (the CSRF check has not read the body)."""
    importable = selectors.importable_kinds(user=request.user, region=request.region)
    if not importable:
        raise PermissionDenied
    form = ImportForm(kinds=importable, max_mb=_max_mb(), initial={"kind": kind})
    form.refuse_file(too_large_message(limits().max_bytes))
    return _index(request, form=form, status=413)


@csrf_protect
def _upload(request, handler):
    user, region = request.user, request.region
    importable = selectors.importable_kinds(user=user, region=region)
    if not importable:
        raise PermissionDenied
    files = request.FILES  # parses the body (if the CSRF check has not) through the size-limit handler
    if handler.exceeded:
        return _too_large(request, kind=request.POST.get("kind", ""))
    form = ImportForm(request.POST, files, kinds=importable, max_mb=_max_mb())
    if form.is_valid():
        try:
            job = services.import_job_create(
                user=user,
                region=region,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                request=request,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            return redirect("transfers:job", job_uuid=job.uuid)
    return _index(request, form=form, status=400)


def _job_context(request, job):
    page = Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("pagina"))
    return {"job": job, "kind": get_kind(job.kind), "errors_page": page}


@login_required
@require_GET
def job_view(request, job_uuid):
    job = selectors.job_get(user=request.user, job_uuid=job_uuid)
    return render(request, "transfers/job.html", _job_context(request, job))


@login_required
@require_GET
def job_progress_view(request, job_uuid):
    """The status block alone, polled by htmx every second while the job runs."""
    job = selectors.job_get(user=request.user, job_uuid=job_uuid)
    return render(request, "transfers/_job_status.html", _job_context(request, job))


@login_required
@require_GET
def job_report_view(request, job_uuid):
    """The error report as CSV: row, column and reason (never a value from the file)."""
    job = selectors.job_get(user=request.user, job_uuid=job_uuid)
    rows = ([str(e["row"]), e["column"], e["reason"]] for e in job.errors)
    return file_response(
        "csv", f"importfouten-{job.kind}", [_("Row"), _("Column"), _("Reason")], rows, sheet=_("Errors")
    )


@login_required
@require_GET
def template_view(request, kind, fmt):
    definition = get_kind(kind)
    if definition is None or fmt not in FORMATS:
        raise Http404
    if not definition.may_import(request.user, request.region):
        raise PermissionDenied
    header = [_("Column"), _("Required"), _("Explanation"), _("Allowed values")]
    return template_response(definition, fmt, header, explanation_rows(definition))


@login_required
@require_POST
def export_view(request, kind, fmt):
    """POST (like the access-log export): an export writes an access-log entry, which a cross-site link must
    not be able to cause. The list's filters come in the query string, exactly as the list uses them."""
    definition = get_kind(kind)
    if definition is None or fmt not in FORMATS:
        raise Http404
    user, region = request.user, request.region
    if region is None or not definition.may_export(user, region):
        raise PermissionDenied
    data = definition.export(
        user=user,
        region=region,
        params=request.GET,
        request=request,
        context=f"Export {definition.file_stem} ({fmt}, interface)",
    )
    return file_response(
        fmt, f"{data.file_stem}-{region.code}", data.header, data.rows, sheet=definition.sheet_names[0]
    )
