from .permissions import may_list_pools


def labour_pool_navigation(request):
    """Whether the menu offers "Werkpools" (the list, or for board members the totals)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_list_labour_pools": False}
    return {"can_list_labour_pools": may_list_pools(user, getattr(request, "region", None))}
