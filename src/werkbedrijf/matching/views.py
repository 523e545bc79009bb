from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors
from .forms import MatchDateForm, VacancyMatchForm

CONTEXT_VACANCY = "Kandidaten gezocht voor een vacature (interface)"
CONTEXT_CANDIDATE = "Passende vacatures gezocht voor een kandidaat (interface)"


@login_required
def vacancy_matches_view(request, vacancy_uuid):
    region = request.region
    vacancy = selectors.vacancy_in_region(region=region, vacancy_uuid=vacancy_uuid)
    form = VacancyMatchForm(request.GET or None)
    on, limit = form.values()
    result = selectors.matches_for_vacancy(
        user=request.user,
        region=region,
        vacancy=vacancy,
        on=on,
        filters=form.filters(),
        limit=limit,
        request=request,
        context=CONTEXT_VACANCY,
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "matching/vacancy_matches.html", {"result": result, "form": form}, status=status)


@login_required
def candidate_matches_view(request, candidate_uuid):
    region = request.region
    candidate = selectors.candidate_in_region(region=region, candidate_uuid=candidate_uuid)
    form = MatchDateForm(request.GET or None)
    on, limit = form.values()
    result = selectors.matches_for_candidate(
        user=request.user,
        region=region,
        candidate=candidate,
        on=on,
        limit=limit,
        request=request,
        context=CONTEXT_CANDIDATE,
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "matching/candidate_matches.html", {"result": result, "form": form}, status=status)
