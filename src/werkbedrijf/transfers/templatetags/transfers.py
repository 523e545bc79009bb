from django import template

from ..kinds import get_kind

register = template.Library()


@register.inclusion_tag("transfers/_export_form.html", takes_context=True)
def export_form(context, kind_code: str):
    """Export buttons for a list page: the list's own query string goes along, so the file holds exactly the
    filtered list. Shown only to users who may export that kind in the active region."""
    request = context.get("request")
    kind = get_kind(kind_code)
    allowed = bool(
        request is not None
        and kind is not None
        and getattr(request, "region", None) is not None
        and kind.may_export(request.user, request.region)
    )
    query = request.GET.copy() if allowed else None
    if query is not None:
        query.pop("pagina", None)
    return {
        "allowed": allowed,
        "kind": kind_code,
        "query": query.urlencode() if query is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
