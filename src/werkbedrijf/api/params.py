"""Query parameters of list endpoints, checked the same way everywhere (errors per parameter, as 400)."""

from rest_framework import exceptions, serializers


def uuid_param(params, name: str) -> str:
    """The parameter when it is a uuid, '' when absent; a 400 naming it otherwise."""
    value = params.get(name, "")
    if value:
        try:
            serializers.UUIDField().to_internal_value(value)
        except serializers.ValidationError as error:
            raise exceptions.ValidationError({name: error.detail}) from None
    return value


def bool_param(params, name: str) -> bool:
    """The parameter as a boolean (true/false/1/0…), False when absent; a 400 naming it otherwise."""
    if not params.get(name):
        return False
    try:
        return serializers.BooleanField().to_internal_value(params[name])
    except serializers.ValidationError as error:
        raise exceptions.ValidationError({name: error.detail}) from None
