from .permissions import may_list_proposals


def proposal_navigation(request):
    """Whether the menu offers "Voordrachten"."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_list_proposals": False}
    return {"can_list_proposals": may_list_proposals(user, getattr(request, "region", None))}
