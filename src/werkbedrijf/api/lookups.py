"""Serializer field validation that turns a uuid into the object it names."""

from rest_framework import serializers


def object_by_uuid(queryset, value, message: str):
    """The object in `queryset` with uuid `value` (None stays None), or a field error saying `message`."""
    if value is None:
        return None
    found = queryset.filter(uuid=value).first()
    if found is None:
        raise serializers.ValidationError(message)
    return found
