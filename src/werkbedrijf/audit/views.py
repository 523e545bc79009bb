from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .exports import access_log_csv, access_log_xlsx
from .forms import AccessLogFilterForm
from .models import AccessAction
from .selectors import AccessLogFilter, access_log_list
from .services import log_access

EXPORT_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _filters(form) -> AccessLogFilter | None:
    """The filter the auditor asked for; None while the form has errors (then nothing is listed)."""
    if not form.is_bound:
        return AccessLogFilter()
    if not form.is_valid():
        return None
    d = form.cleaned_data
    return AccessLogFilter(
        username=d["gebruiker"],
        object_uuid=str(d["object"]) if d["object"] else "",
        action=d["actie"],
        date_from=d["van"],
        date_to=d["tot"],
    )


@login_required
def access_log_view(request):
    form = AccessLogFilterForm({k: v for k, v in request.GET.items() if k != "pagina"} or None)
    filters = _filters(form)
    entries = access_log_list(user=request.user, region=request.region, filters=filters or AccessLogFilter())
    if filters is None:
        entries = entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "audit/access_log.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@require_POST
def access_log_export_view(request, fmt):
    """POST only: an export writes an access-log entry, which a cross-site GET must not be able to cause."""
    if fmt not in EXPORT_CONTENT_TYPES:
        raise Http404
    form = AccessLogFilterForm({k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"} or None)
    filters = _filters(form)
    if filters is None:
        return HttpResponseBadRequest("Ongeldig filter: pas het filter aan en exporteer opnieuw.")
    entries = access_log_list(user=request.user, region=request.region, filters=filters)
    log_access(
        actor=request.user,
        action=AccessAction.EXPORT,
        object_type="access_log",
        context=f"Toegangslog geëxporteerd ({fmt})",
        request=request,
    )
    if fmt == "csv":
        response = StreamingHttpResponse(access_log_csv(entries), content_type=EXPORT_CONTENT_TYPES[fmt])
    else:
        response = HttpResponse(access_log_xlsx(entries), content_type=EXPORT_CONTENT_TYPES[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="toegangslog-{request.region.code}-{stamp}.{fmt}"'
    )
    return response
