"""What a hub section can list under its text.

Each kind of content registers how to fetch its published items and which
partial shows them (from its app's `ready()`); the hub asks the registry, so
adding a kind touches neither the hub's view nor its template.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Listing:
    label: str
    template: str
    items: Callable  # (request) -> the published items to show


_registry: dict[str, Listing] = {}


def register(key: str, label: str, template: str):
    def decorator(fn):
        _registry[key] = Listing(label=label, template=template, items=fn)
        return fn

    return decorator


def get(key: str) -> Listing | None:
    return _registry.get(key)


def choices() -> list[tuple[str, str]]:
    """For the admin's select: every registered listing."""
    return [(key, listing.label) for key, listing in _registry.items()]


@register("regional_partnerships", "Regional partnerships", "includes/listings/partnerships.html")
def regional_partnerships(request):
    from .models import Partnership

    return Partnership.objects.filter(is_regional=True)
