import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import selectors
from .models import Occupation

FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,60}$")
ELEMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,80}$")


def _year(request) -> int | None:
    try:
        return selectors.resolve_year(request.GET.get("jaar"))
    except selectors.UnknownYear as exc:
        raise Http404(str(exc)) from None


@login_required
def region_list(request):
    year = _year(request)
    regions = list(selectors.regions_with_municipality_count(year=year))
    return render(
        request,
        "regions/region_list.html",
        {
            "regions": regions,
            "year": year,
            "years": selectors.membership_years(),
            "municipality_total": sum(r.municipality_count for r in regions),
        },
    )


@login_required
def region_detail(request, uuid):
    year = _year(request)
    region = get_object_or_404(selectors.regions_with_municipality_count(year=year), uuid=uuid)
    return render(
        request,
        "regions/region_detail.html",
        {"region": region, "year": year, "municipalities": selectors.municipalities_in(region, year)},
    )


@login_required
def reference_data(request):
    return render(
        request,
        "regions/reference_data.html",
        {"data_sets": selectors.reference_data_sets(), "years": selectors.membership_years()},
    )


def _picker_params(request) -> dict | None:
    name, target = request.GET.get("veld", ""), request.GET.get("doel", "")
    if not FIELD_NAME.match(name) or not ELEMENT_ID.match(target):
        return None
    return {"name": name, "target": target, "multiple": request.GET.get("meer") == "1"}


@login_required
@require_GET
def occupation_search(request):
    """The occupation picker's search results (an htmx fragment of choice buttons)."""
    params = _picker_params(request)
    if params is None:
        return HttpResponseBadRequest()
    query = request.GET.get(f"{params['name']}__zoek", "")[:100]
    results = selectors.search_occupations(query, exclude_ids=request.GET.getlist(params["name"]))
    return render(
        request,
        "regions/widgets/occupation_results.html",
        {
            **params,
            "query": query,
            "results": results,
            "too_short": len(query.strip()) < selectors.OCCUPATION_SEARCH_MIN_LENGTH,
            "minimum": selectors.OCCUPATION_SEARCH_MIN_LENGTH,
        },
    )


@login_required
@require_GET
def occupation_choose(request):
    """The chosen occupation as a checked checkbox (or radio button) for the picker's list."""
    params = _picker_params(request)
    occupation_id = request.GET.get("id", "")
    if params is None or not occupation_id.isdigit():
        return HttpResponseBadRequest()
    occupation = get_object_or_404(Occupation.objects.select_related("group"), pk=occupation_id)
    return render(request, "regions/widgets/occupation_chosen.html", {**params, "occupation": occupation})
