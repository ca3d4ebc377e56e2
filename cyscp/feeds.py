"""Atom feeds of newly published learning, site-wide and per theme, built
with Django's syndication framework."""

from heapq import merge
from itertools import islice

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import capfirst

from . import registry
from .models import Theme
from .text import plain, without_control_characters

FEED_LENGTH = 30


def latest_learning(theme=None, limit=FEED_LENGTH):
    """The most recently published items of every kind, newest first."""
    streams = []
    for kind in registry.learning_kinds():
        items = kind.published()
        if kind.has_themes:
            # Each entry lists its themes as categories.
            items = items.prefetch_related("themes")
        if theme is not None:
            if not kind.has_themes:
                continue
            items = items.filter(themes=theme)
        streams.append(list(items.order_by("-published_at")[:limit]))
    newest_first = merge(*streams, key=lambda item: item.published_at, reverse=True)
    return list(islice(newest_first, limit))


class LearningFeed(Feed):
    feed_type = Atom1Feed
    title = "CYSCP Learning: new learning"
    author_name = "City of York Safeguarding Children Partnership"

    def subtitle(self):
        return f"{capfirst(registry.described())} from the {self.author_name}."

    def link(self):
        return reverse("hub")

    def items(self):
        return latest_learning()

    def item_title(self, item):
        return without_control_characters(item.heading)

    def item_description(self, item):
        # Atom carries the summary as HTML: plain words, escaped, so a reader
        # shows exactly the words (a dangling "<img onerror=" is text, never
        # markup), and no character XML cannot carry.
        summary = plain(getattr(item, "summary", "") or "", words=200)
        return escape(without_control_characters(summary))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_changed

    def item_categories(self, item):
        if not registry.for_model(type(item)).has_themes:
            return []
        return [without_control_characters(theme.name) for theme in item.themes.all()]


class ThemeFeed(LearningFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return without_control_characters(f"CYSCP Learning: {theme.name}")

    def subtitle(self, theme):
        return without_control_characters(
            f"New learning on {theme.name.lower()} from the "
            "City of York Safeguarding Children Partnership."
        )

    def link(self, theme):
        return reverse("theme_detail", args=[theme.slug])

    def items(self, theme):
        return latest_learning(theme)
