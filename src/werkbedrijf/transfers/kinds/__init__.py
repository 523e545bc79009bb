"""The registry of kinds that can be imported and exported. Each module in this package that defines
`KIND` (an instance of base.Kind) is one kind; adding a kind (vacancies, say) is adding one module."""

import importlib
import pkgutil
from functools import cache

from .base import Kind


@cache
def registry() -> dict[str, Kind]:
    kinds = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, Kind):
            kinds.append(kind)
    return {kind.code: kind for kind in sorted(kinds, key=lambda k: k.position)}


def get_kind(code: str) -> Kind | None:
    return registry().get(code)


def all_kinds() -> list[Kind]:
    return list(registry().values())
