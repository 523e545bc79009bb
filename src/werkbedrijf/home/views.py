from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from werkbedrijf.accounts.permissions import Visibility, max_candidate_visibility, roles_in_region
from werkbedrijf.employers.context_processors import employer_navigation
from werkbedrijf.instruments.context_processors import instrument_navigation
from werkbedrijf.labour_pools.context_processors import labour_pool_navigation
from werkbedrijf.placements.context_processors import aftercare_todo
from werkbedrijf.transfers.context_processors import transfer_navigation
from werkbedrijf.vacancies.context_processors import vacancy_navigation
from werkbedrijf.wage_value.context_processors import assessment_navigation

from .roles import sections_for
from .selectors import region_figures


@login_required
def home(request):
    """One section per role the user holds in the active region; an empty state without any role."""
    region = request.region
    roles = roles_in_region(request.user, region)
    flags = {
        "can_list_candidates": max_candidate_visibility(request.user, region) >= Visibility.PSEUDONYMISED,
        "is_auditor": "auditor" in roles,
    }
    for navigation in (
        employer_navigation,
        vacancy_navigation,
        labour_pool_navigation,
        assessment_navigation,
        instrument_navigation,
        transfer_navigation,
    ):
        flags.update(navigation(request))
    sections = sections_for(roles, flags)
    figures = None
    if region is not None and any(section["shows_figures"] for section in sections):
        figures = region_figures(user=request.user, region=region)
    return render(
        request, "home/home.html", {"sections": sections, "figures": figures, **aftercare_todo(request)}
    )
