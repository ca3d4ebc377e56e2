"""What a hub section can list under its text.

Each kind of content registers how to fetch its published items and which
partial shows them; the hub asks the registry, so adding a kind does not
touch the hub's view or template.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Listing:
    template: str
    items: Callable  # (request) -> iterable of items to show


_registry: dict[str, Listing] = {}


def register(key: str, template: str):
    def decorator(fn):
        _registry[key] = Listing(template=template, items=fn)
        return fn

    return decorator


def get(key: str) -> Listing | None:
    return _registry.get(key)


@register("regional_partnerships", "includes/listings/partnerships.html")
def regional_partnerships(request):
    from .models import Partnership

    return Partnership.objects.filter(is_regional=True)
