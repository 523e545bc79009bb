from .permissions import instrument_rule


def instrument_navigation(request):
    """Whether the menu offers "Instrumenten en toekenningen" (the catalogue, grants or budget figures)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_list_instruments": False}
    return {"can_list_instruments": instrument_rule(user, getattr(request, "region", None)).catalogue}
