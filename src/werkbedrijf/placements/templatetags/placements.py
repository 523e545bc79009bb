"""Template tags for other apps' pages: the placements section of a candidate's and an employer's page and the
link from a proposal to its placement. Those apps need not know about placements; each tag checks the user's
rights itself and renders nothing for who may not see them."""

from django import template
from django.urls import reverse

from werkbedrijf.candidates.models import Candidate, CandidateStatus
from werkbedrijf.placements import selectors
from werkbedrijf.placements import services as placement_services
from werkbedrijf.placements.models import Placement
from werkbedrijf.placements.permissions import may_read_placements, may_write
from werkbedrijf.placements.services import PLACEABLE_PROPOSALS

register = template.Library()

CANDIDATE_SECTION_CONTEXT = "Plaatsingen van een kandidaat bekeken (interface)"
EMPLOYER_SECTION_CONTEXT = "Plaatsingen bij een werkgever bekeken (interface)"
NOT_PLACEABLE = (CandidateStatus.LEFT, CandidateStatus.TEMPORARILY_UNAVAILABLE)


def _user_and_region(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return request, None, None
    return request, request.user, getattr(request, "region", None)


@register.inclusion_tag("placements/_section.html", takes_context=True)
def candidate_placements(context, profile):
    """`profile` is the candidates app's profile (or anything with the candidate's `uuid`)."""
    request, user, region = _user_and_region(context)
    if user is None or not may_read_placements(user, region):
        return {"show": False}
    rows, total = selectors.placements_section(
        user=user,
        region=region,
        candidate_uuid=profile.uuid,
        request=request,
        context=CANDIDATE_SECTION_CONTEXT,
    )
    candidate = (
        Candidate.objects.select_related("responsible_organisation")
        .filter(region=region, uuid=profile.uuid)
        .first()
    )
    may_register = (
        candidate is not None and candidate.status not in NOT_PLACEABLE and may_write(user, region, candidate)
    )
    return {
        "show": True,
        "rows": rows,
        "total": total,
        "of_employer": False,
        "list_url": f"{reverse('placements:list')}?kandidaat={profile.uuid}",
        "register_url": f"{reverse('placements:create')}?kandidaat={profile.uuid}" if may_register else "",
    }


@register.inclusion_tag("placements/_section.html", takes_context=True)
def employer_placements(context, employer):
    request, user, region = _user_and_region(context)
    if user is None or not may_read_placements(user, region) or employer.organisation.region_id != region.pk:
        return {"show": False}
    rows, total = selectors.placements_section(
        user=user,
        region=region,
        employer_uuid=employer.uuid,
        request=request,
        context=EMPLOYER_SECTION_CONTEXT,
    )
    return {
        "show": True,
        "rows": rows,
        "total": total,
        "of_employer": True,
        "list_url": f"{reverse('placements:list')}?werkgever={employer.uuid}",
        "register_url": "",
    }


@register.inclusion_tag("placements/_proposal_link.html", takes_context=True)
def proposal_placement(context, proposal):
    """On a proposal's page: its placements (a trial placement, then the one on a contract), and "register
    the placement" while the one its state calls for is missing."""
    _request, user, region = _user_and_region(context)
    if user is None or not may_read_placements(user, region) or proposal.region_id != region.pk:
        return {"show": False}
    placements = list(
        Placement.objects.filter(proposal=proposal).order_by("start_date").only("uuid", "contract_type")
    )
    register_url = ""
    if (
        proposal.state in PLACEABLE_PROPOSALS
        and placement_services.proposal_placement(proposal) is None
        and may_write(user, region, proposal.candidate)
    ):
        register_url = f"{reverse('placements:create')}?voordracht={proposal.uuid}"
    return {"show": bool(placements or register_url), "placements": placements, "register_url": register_url}
