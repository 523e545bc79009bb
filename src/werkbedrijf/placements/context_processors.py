from . import selectors
from .permissions import may_read_placements

REMINDERS_SHOWN = 20


def placement_navigation(request):
    """Whether the menu offers "Plaatsingen"."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_list_placements": False}
    return {"can_list_placements": may_read_placements(user, getattr(request, "region", None))}


def aftercare_todo(request) -> dict:
    """For the home view (not a context processor: it reads the database): the user's open reminders and
    the checkpoints due of the placements they are responsible for, or nothing for who has no placements."""
    user, region = request.user, getattr(request, "region", None)
    if not may_read_placements(user, region):
        return {"aftercare": None}
    due = selectors.checkpoints_due(user=user, region=region, request=request)
    reminders = list(selectors.open_reminders(user=user, region=region)[:REMINDERS_SHOWN])
    return {"aftercare": {"due": due, "reminders": reminders} if due or reminders else None}
