"""The sitemap: every published public page, with when it last changed.

`/sitemap.xml` is an index of sections (the site's pages, themes, and one
section a kind), each in pages of at most SECTION_LIMIT addresses, so no
answer grows with the library: each page reads a few columns of a slice of
rows, found by an index."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from . import page_cache, registry
from .filtering import LearningPaginator
from .models import HubPage, HubSection, Theme
from .publishing import last_changed

# When the accessibility statement was last reviewed; change it with the text.
ACCESSIBILITY_UPDATED = datetime.datetime(2026, 11, 25, tzinfo=datetime.UTC)


# Addresses in one page of a section (the protocol allows 50,000).
SECTION_LIMIT = 2000
_SLUG = "__slug__"


class LearningSitemap(Sitemap):
    """One kind of learning: each published item's own page."""

    limit = SECTION_LIMIT

    def __init__(self, kind):
        self.kind = kind
        self._address = None

    def items(self):
        # In the list's order, which an index holds (with the id), so a page
        # far into the section is found in the index, not by reading rows.
        return self.kind.model.objects.published().only("pk", "slug", "updated_at", "published_at")

    @property
    def paginator(self):
        return LearningPaginator(self._items(), self.limit, name=f"sitemap {self.kind.key}")

    def location(self, item):
        # One reverse() a page, not one an item: the address differs only by slug.
        if self._address is None:
            self._address = reverse(self.kind.detail_url_name, args=[_SLUG])
        return self._address.replace(_SLUG, item.slug)

    def lastmod(self, item):
        return item.last_changed

    def get_latest_lastmod(self):
        """For the index, from the database, not by reading every item."""
        return page_cache.remember(
            f"sitemap {self.kind.key}: latest",
            lambda: self.kind.model.objects.published().aggregate(at=Max(last_changed()))["at"],
        )


class PagesSitemap(Sitemap):
    """The hub, the lists and the accessibility statement."""

    def items(self):
        pages = ["hub", "theme_list", "accessibility"]
        pages += [kind.list_url_name for kind in registry.learning_kinds()]
        return pages

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return page_cache.remember(
            f"sitemap page {name}",
            lambda: self._own_lastmod(name) or _latest_learning_change() or ACCESSIBILITY_UPDATED,
        )

    def get_latest_lastmod(self):
        """For the index: the newest of the pages' own dates."""
        return page_cache.remember("sitemap pages: latest", self._latest)

    def _latest(self):
        hub = self._own_lastmod("hub")
        return max(filter(None, [hub, _latest_learning_change(), ACCESSIBILITY_UPDATED]))

    def _own_lastmod(self, name):
        if name == "accessibility":
            return ACCESSIBILITY_UPDATED
        if name == "hub":
            sections = HubSection.objects.published().aggregate(at=Max(last_changed()))["at"]
            page = HubPage.objects.filter(pk=1).values_list("updated_at", flat=True).first()
            return max(filter(None, [sections, page]), default=None)
        for kind in registry.learning_kinds():
            if kind.list_url_name == name:
                return kind.model.objects.published().aggregate(at=Max(last_changed()))["at"]
        return None


class ThemeSitemap(Sitemap):
    """Theme pages that have published learning on them."""

    def items(self):
        self._latest = page_cache.remember(
            "sitemap themes: latest", lambda: registry.latest_change_by_theme(last_changed())
        )
        return Theme.objects.filter(pk__in=self._latest).order_by("name")

    def location(self, theme):
        return reverse("theme_detail", args=[theme.slug])

    def lastmod(self, theme):
        return self._latest.get(theme.pk)


def _latest_learning_change():
    times = [
        kind.model.objects.published().aggregate(at=Max(last_changed()))["at"]
        for kind in registry.learning_kinds()
    ]
    return max(filter(None, times), default=None)


def sitemaps():
    maps = {"pages": PagesSitemap(), "themes": ThemeSitemap()}
    for kind in registry.learning_kinds():
        maps[kind.key] = LearningSitemap(kind)
    return maps
