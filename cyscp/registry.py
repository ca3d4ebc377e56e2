"""The registry of content kinds: every kind the site publishes, declared once.

Each app declares its kinds in its own `kinds.py` (a `ContentKind` passed to
`register`); `cyscp.apps` imports those modules when Django starts, in the
order of INSTALLED_APPS, which is the order the kinds appear in navigation,
theme pages, search and the sitemap. The site-wide pages (navigation, theme
pages, search, feeds, sitemap, the hub's listings, the staff group's
permissions, and the list of what uses a document) read this registry and
keep no list of kinds of their own. `cyscp.checks` makes `manage.py check`
fail when a declaration is missing or disagrees with its model.

This module imports no models, so any module may import it.
"""

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.urls import reverse


@dataclass(frozen=True)
class HubListing:
    """Published items a hub section can list under its text."""

    key: str  # stored in HubSection.listing
    label: str  # in the admin's select
    template: str  # the partial that shows the items
    items: Callable[[object], Iterable]  # (request) -> the published items


@dataclass(frozen=True)
class ContentKind:
    key: str  # in addresses: /search/?kind=case-reviews
    model: type
    label: str  # plural, as a heading on theme pages and in search: "Case reviews"
    noun: str  # "case review", as in "1 case review"
    nouns: str  # "case reviews"
    # The kind's list page: its route, heading and introduction.
    list_url_name: str
    heading: str
    intro: str = ""
    # The route of an item's own page, given its slug; None for kinds whose
    # items live on another page (hub sections).
    detail_url_name: str | None = None
    # The header's link to the list page; None keeps the kind out of the header.
    navigation: str | None = None
    # Related rows a list of these items needs, to avoid a query per item.
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    # Fields searched, by weight: "A" (the title) counts most, then "B", "C".
    # They must match the weights of the kind's AddSearchVector migration.
    search_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Fields that hold uploaded documents (a foreign key or many-to-many to
    # Document): a document is public while published content uses it.
    file_fields: tuple[str, ...] = ()
    # What the hub can list from this kind.
    hub_listings: tuple[HubListing, ...] = ()
    # Whether items carry themes (theme pages, feeds' categories).
    has_themes: bool = True
    # Whether the list page filters by ?theme=<slug>, so a theme page can
    # show the newest few and link to the rest.
    theme_filter: bool = True
    # The label inside a sentence, where it differs: "case reviews".
    label_in_text: str = ""
    # Times at which an item's public pages change by themselves, besides its
    # publication time (a masterclass moves from upcoming to past when it
    # ends): a cached page is kept no longer than the next of them.
    changes_at: tuple[str, ...] = ()

    @property
    def is_learning(self) -> bool:
        """An item of learning with a page of its own: theme pages, feeds and
        the sitemap list it."""
        return self.detail_url_name is not None

    def with_list_rows(self, items):
        """The queryset with the related rows a list of these items shows."""
        if self.select_related:
            items = items.select_related(*self.select_related)
        if self.prefetch_related:
            items = items.prefetch_related(*self.prefetch_related)
        return items

    def published(self):
        """The public items, with what a list of them shows."""
        return self.with_list_rows(self.model.objects.published())

    def list_url(self) -> str:
        return reverse(self.list_url_name)

    def detail_url(self, item) -> str:
        return reverse(self.detail_url_name, args=[item.slug])

    def breadcrumbs(self, item=None) -> list[tuple[str, str | None]]:
        """(title, url) pairs for the kind's pages, the current page last."""
        crumbs = [("Learning", reverse("hub"))]
        if item is None:
            return [*crumbs, (self.heading, None)]
        return [*crumbs, (self.heading, self.list_url()), (item.heading, None)]


_kinds: list[ContentKind] = []


def register(kind: ContentKind) -> ContentKind:
    if any(existing.key == kind.key for existing in _kinds):
        raise ValueError(f"A content kind is already registered as “{kind.key}”.")
    taken = set(hub_listings())
    for listing in kind.hub_listings:
        if listing.key in taken:
            raise ValueError(f"A hub listing is already registered as “{listing.key}”.")
    _kinds.append(kind)
    return kind


def all_kinds() -> list[ContentKind]:
    return list(_kinds)


def learning_kinds() -> list[ContentKind]:
    return [kind for kind in _kinds if kind.is_learning]


def get(key: str) -> ContentKind | None:
    return next((kind for kind in _kinds if kind.key == key), None)


def for_model(model) -> ContentKind | None:
    return next((kind for kind in _kinds if kind.model is model), None)


def app_labels() -> list[str]:
    """The apps that hold content, in registry order."""
    labels = []
    for kind in _kinds:
        if kind.model._meta.app_label not in labels:
            labels.append(kind.model._meta.app_label)
    return labels


def described() -> str:
    """The kinds of learning in a sentence: “case reviews, …, JTAI guides and
    Learning Masterclasses”."""
    labels = [kind.label_in_text or kind.label for kind in learning_kinds()]
    if len(labels) < 2:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


# The hub's listings


def hub_listings() -> dict[str, tuple[ContentKind, HubListing]]:
    """Listing key -> the kind that offers it, and the listing."""
    return {listing.key: (kind, listing) for kind in _kinds for listing in kind.hub_listings}


def hub_listing_choices() -> list[tuple[str, str]]:
    """For the admin's select: every listing the kinds offer."""
    return [(key, listing.label) for key, (_, listing) in hub_listings().items()]


# Themes


def by_theme(aggregate, combine) -> dict[int, object]:
    """Theme id -> `aggregate` over each kind's published items on that theme,
    the kinds' values joined with `combine`."""
    result: dict[int, object] = {}
    for kind in _kinds:
        if not kind.has_themes:
            continue
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


def latest_change_by_theme(expression) -> dict[int, object]:
    return by_theme(Max(expression), max)


# Documents: which content uses a file


def document_uses() -> list[tuple[ContentKind, str]]:
    return [(kind, name) for kind in _kinds for name in kind.file_fields]


def is_used_by_published_content(document) -> bool:
    return any(
        kind.model.objects.published().filter(**{name: document}).exists()
        for kind, name in document_uses()
    )


def used_by(document) -> list:
    """Everything, draft or published, that uses this document."""
    return [
        item
        for kind, name in document_uses()
        for item in kind.model.objects.filter(**{name: document}).distinct()
    ]


def published_document_ids_on_theme(theme) -> set[int]:
    """Ids of the documents that published content on this theme makes public."""
    ids = set()
    for kind, name in document_uses():
        if kind.has_themes:
            ids.update(
                kind.model.objects.published()
                .filter(themes=theme, **{f"{name}__isnull": False})
                .values_list(name, flat=True)
            )
    return ids
