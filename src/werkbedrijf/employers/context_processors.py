from .permissions import may_list_employers


def employer_navigation(request):
    """Whether the menu offers "Werkgevers" (the list, or for an employer user its own page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_list_employers": False}
    return {"can_list_employers": may_list_employers(user, getattr(request, "region", None))}
