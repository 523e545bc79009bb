from .permissions import may_list_rounds


def matching_navigation(request):
    """Whether the menu offers "Matchrondes"."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_list_rounds": False}
    return {"can_list_rounds": may_list_rounds(user, getattr(request, "region", None))}
