from django.db.models import QuerySet

from .models import Organisation
from .permissions import roles_in_region


def organisation_list(*, user, region) -> QuerySet[Organisation]:
    """Staff see the organisations of their active region; an employer user only its own organisation."""
    if user.is_external:
        return Organisation.objects.filter(pk=user.organisation_id)
    if not roles_in_region(user, region):
        return Organisation.objects.none()
    return Organisation.objects.filter(region=region)
