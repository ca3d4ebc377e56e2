"""schema.org descriptions of pages, as JSON-LD, for search engines."""

from .text import plain

PARTNERSHIP = {
    "@type": "Organization",
    "name": "City of York Safeguarding Children Partnership",
}


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
