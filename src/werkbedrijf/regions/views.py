from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from . import selectors


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
