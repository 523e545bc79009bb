from .permissions import may_list


def assessment_navigation(request):
    """Whether the menu offers "Loonwaardemetingen"."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_list_assessments": False}
    return {"can_list_assessments": may_list(user, getattr(request, "region", None))}
