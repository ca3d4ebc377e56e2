"""schema.org descriptions of pages, as JSON-LD, for search engines."""

import html

from django.utils.html import strip_tags

PARTNERSHIP = {
    "@type": "Organization",
    "name": "City of York Safeguarding Children Partnership",
}


def plain(markup: str, words: int = 60) -> str:
    """Rich text as plain words, shortened: for descriptions and list summaries.

    The stored text is HTML, so "Fire & Rescue" is stored as "Fire &amp;
    Rescue"; the entities are decoded here, and whatever shows the result
    escapes it once (a template, or json.dumps for JSON-LD).
    """
    text = " ".join(html.unescape(strip_tags(markup or "")).split())
    parts = text.split(" ")
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def article(item, request, *, headline, description, date_published=None, author=None, **extra):
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": headline[:110],
        "name": headline,
        "description": plain(description),
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "datePublished": (date_published or item.published_at).isoformat(),
        "dateModified": item.last_changed.isoformat(),
        "inLanguage": "en-GB",
        "publisher": PARTNERSHIP,
        "author": author or PARTNERSHIP,
        "about": [{"@type": "Thing", "name": theme.name} for theme in item.themes.all()],
    }
    data.update(extra)
    return data
