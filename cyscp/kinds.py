"""The kinds of learning the site publishes, for pages that span them all
(theme pages now; search, feeds and the sitemap later).

Each app registers its kinds from its AppConfig.ready(), in the order they
should appear.
"""

from dataclasses import dataclass

from django.db.models import Count


@dataclass(frozen=True)
class ContentKind:
    label: str  # plural, as a heading: "Case reviews"
    model: type
    list_url_name: str
    # Related objects the theme page's items need, to avoid a query per item.
    select_related: tuple[str, ...] = ()


_kinds: list[ContentKind] = []


def register(kind: ContentKind) -> None:
    if all(existing.model is not kind.model for existing in _kinds):
        _kinds.append(kind)


def all_kinds() -> list[ContentKind]:
    return list(_kinds)


def published_counts_by_theme() -> dict[int, int]:
    """Theme id -> how many published items, of every kind, carry it."""
    counts: dict[int, int] = {}
    for kind in _kinds:
        rows = (
            kind.model.objects.published()
            .filter(themes__isnull=False)
            .values("themes")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[row["themes"]] = counts.get(row["themes"], 0) + row["n"]
    return counts
