from .permissions import Visibility, fully_signed_in, max_candidate_visibility, roles_in_region


def workplace(request):
    """The active region, the user's roles there and what the menus may offer."""
    user = getattr(request, "user", None)
    region = getattr(request, "region", None)
    if user is None or not user.is_authenticated:
        return {"fully_signed_in": False}
    roles = roles_in_region(user, region)
    return {
        "fully_signed_in": fully_signed_in(user),
        "active_region": region,
        "available_regions": getattr(request, "available_regions", []),
        "active_roles": sorted(roles),
        "can_list_candidates": max_candidate_visibility(user, region) >= Visibility.PSEUDONYMISED,
        "is_auditor": "auditor" in roles,
    }
