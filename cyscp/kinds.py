"""The kinds of content the site publishes, for the pages that span them
all: theme pages, search, the feeds and the sitemap.

Each app registers its kinds from its AppConfig.ready(), in the order they
should appear.
"""

import operator
from dataclasses import dataclass, field

from django.db.models import Count


@dataclass(frozen=True)
class ContentKind:
    key: str  # in addresses: /search/?kind=case-reviews
    label: str  # plural, as a heading: "Case reviews"
    model: type
    list_url_name: str | None
    # Related objects a list of these items needs, to avoid a query per item.
    select_related: tuple[str, ...] = ()
    # Fields searched, by weight: "A" (the title) counts most, then "B", "C".
    search_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Items with their own page and themes (not hub sections): theme pages,
    # feeds and the sitemap list them.
    is_learning: bool = True
    # Whether the kind's list page filters by ?theme=<slug>, so a theme page
    # can show the newest few and link to the rest.
    theme_filter: bool = True


_kinds: list[ContentKind] = []


def register(kind: ContentKind) -> None:
    if all(existing.model is not kind.model for existing in _kinds):
        _kinds.append(kind)


def all_kinds() -> list[ContentKind]:
    return list(_kinds)


def learning_kinds() -> list[ContentKind]:
    return [kind for kind in _kinds if kind.is_learning]


def get(key: str) -> ContentKind | None:
    return next((kind for kind in _kinds if kind.key == key), None)


def by_theme(aggregate, combine) -> dict[int, object]:
    """Theme id -> `aggregate` over each kind's published items on that theme,
    the kinds' values joined with `combine`."""
    result: dict[int, object] = {}
    for kind in learning_kinds():
        rows = (
            kind.model.objects.published()
            .filter(themes__isnull=False)
            .values("themes")
            .annotate(value=aggregate)
        )
        for row in rows:
            theme, value = row["themes"], row["value"]
            result[theme] = combine(result[theme], value) if theme in result else value
    return result


def published_counts_by_theme() -> dict[int, int]:
    """Theme id -> how many published items, of every kind, carry it."""
    return by_theme(Count("pk"), operator.add)
