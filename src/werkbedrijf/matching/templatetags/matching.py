"""Template tags for other apps' pages that link to matching (their views need not know about matching)."""

from django import template

from werkbedrijf.matching.permissions import CandidateMatchScope, candidate_match_scope

register = template.Library()


@register.simple_tag(takes_context=True)
def may_match_candidates(context) -> bool:
    """Whether the user may see candidates (or their counts) for a vacancy of the active region."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    return candidate_match_scope(request.user, getattr(request, "region", None)) > CandidateMatchScope.NONE
