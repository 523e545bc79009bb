"""Template tags for other apps' pages: the proposals section of a vacancy's and a candidate's page, and the
"Propose" button of the match lists. Those apps' views need not know about proposals; each tag checks the
user's rights itself and renders nothing for who may not see or propose."""

from django import template
from django.urls import reverse

from werkbedrijf.candidates.models import CandidateStatus
from werkbedrijf.proposals import selectors
from werkbedrijf.proposals.permissions import may_propose_as_seen, may_propose_at_all, may_read_proposals
from werkbedrijf.vacancies.models import VacancyStatus

register = template.Library()

VACANCY_SECTION_CONTEXT = "Voordrachten bij een vacature bekeken (interface)"
CANDIDATE_SECTION_CONTEXT = "Voordrachten van een kandidaat bekeken (interface)"


def _user_and_region(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return request, None, None
    return request, request.user, getattr(request, "region", None)


@register.inclusion_tag("proposals/_section.html", takes_context=True)
def vacancy_proposals(context, vacancy):
    request, user, region = _user_and_region(context)
    if user is None or not may_read_proposals(user, region) or vacancy.region_id != region.pk:
        return {"show": False}
    rows, total = selectors.proposals_section(
        user=user, region=region, vacancy=vacancy, request=request, context=VACANCY_SECTION_CONTEXT
    )
    return {
        "show": True,
        "rows": rows,
        "total": total,
        "of_vacancy": True,
        "vacancy": vacancy,
        "list_url": f"{reverse('proposals:list')}?vacature={vacancy.uuid}",
        "may_propose": may_propose_at_all(user, region),
    }


@register.inclusion_tag("proposals/_section.html", takes_context=True)
def candidate_proposals(context, profile):
    """`profile` is the candidates app's profile (or anything with the candidate's `uuid`)."""
    request, user, region = _user_and_region(context)
    if user is None or not may_read_proposals(user, region):
        return {"show": False}
    rows, total = selectors.proposals_section(
        user=user,
        region=region,
        candidate_uuid=profile.uuid,
        request=request,
        context=CANDIDATE_SECTION_CONTEXT,
    )
    return {
        "show": True,
        "rows": rows,
        "total": total,
        "of_vacancy": False,
        "candidate_uuid": profile.uuid,
        "list_url": f"{reverse('proposals:list')}?kandidaat={profile.uuid}",
        # The vacancies for a candidate (matching) are only for who sees the candidate in full.
        "may_propose": getattr(profile, "is_full", False)
        and may_propose_as_seen(user, region, is_full=True, has_region_consent=False),
    }


@register.simple_tag(takes_context=True)
def may_propose_candidates(context) -> bool:
    """Whether the user may propose at all in the active region (for the match lists' extra column)."""
    _request, user, region = _user_and_region(context)
    return user is not None and may_propose_at_all(user, region)


def _active_pairs(request, region, *, vacancy_uuid=None, candidate_uuid=None) -> dict:
    """The active proposals of the list's vacancy or candidate, read once per page."""
    cache = getattr(request, "_proposal_active_pairs", None)
    if cache is None:
        cache = request._proposal_active_pairs = {}
    key = ("vacancy", str(vacancy_uuid)) if vacancy_uuid is not None else ("candidate", str(candidate_uuid))
    if key not in cache:
        cache[key] = selectors.active_pairs_by_uuid(
            region=region, vacancy_uuid=vacancy_uuid, candidate_uuid=candidate_uuid
        )
    return cache[key]


@register.inclusion_tag("proposals/_propose.html", takes_context=True)
def propose_button(context, profile, vacancy, score=None, weights_version="", per="vacancy"):
    """The "Propose" form for one match row, "Proposed" with a link when the pair is in an active process,
    or nothing when this user may not propose this candidate (or the vacancy is not open).

    `per` says which list the row is in ("vacancy": candidates for one vacancy; "candidate": vacancies for
    one candidate), so the active proposals are read once for the whole list.
    """
    request, user, region = _user_and_region(context)
    if user is None or region is None:
        return {"show": False}
    if per == "vacancy":
        pairs = _active_pairs(request, region, vacancy_uuid=vacancy.uuid)
    else:
        pairs = _active_pairs(request, region, candidate_uuid=profile.uuid)
    active = pairs.get((str(profile.uuid), str(vacancy.uuid)))
    allowed = (
        vacancy.status == VacancyStatus.OPEN
        and getattr(profile, "status", "") != CandidateStatus.LEFT
        and may_propose_as_seen(
            user, region, is_full=profile.is_full, has_region_consent=profile.has_region_consent
        )
    )
    return {
        "show": bool(active) or allowed,
        "active_uuid": active,
        "allowed": allowed,
        "candidate_uuid": profile.uuid,
        "vacancy_uuid": vacancy.uuid,
        "points": getattr(score, "points", ""),
        "tier": getattr(score, "tier", ""),
        "weights_version": weights_version or getattr(score, "weights_version", ""),
        "subject": profile.label if per == "vacancy" else vacancy.title,
        "csrf_token": context.get("csrf_token"),
    }
