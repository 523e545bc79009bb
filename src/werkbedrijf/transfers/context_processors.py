from .selectors import may_transfer


def transfer_navigation(request):
    """Whether the menu offers "Import and export": the user may import or export something in the region."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_import": False}
    return {"can_import": may_transfer(user=user, region=getattr(request, "region", None))}
