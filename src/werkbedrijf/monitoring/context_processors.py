from .permissions import may_read_monitoring


def monitoring_navigation(request):
    """Whether the menu offers "Monitoring"."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_see_monitoring": False}
    return {"can_see_monitoring": may_read_monitoring(user, getattr(request, "region", None))}
