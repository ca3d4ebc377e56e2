"""Rich text as plain words, for descriptions, list summaries and JSON-LD."""

import html
import re

from django.utils.html import strip_tags

# Where a paragraph, list item, heading, cell or line ends, words must not
# run together once the tags are gone: "…was doubted.</p><p>This…".
BLOCK_END = re.compile(
    r"<(?:br|/p|/li|/h[1-6]|/div|/blockquote|/td|/th|/tr|/caption)\b[^>]*>", re.I
)


def plain(markup: str, words: int = 60) -> str:
    """Rich text as plain words, shortened: for descriptions and list summaries.

    The stored text is HTML, so "Fire & Rescue" is stored as "Fire &amp;
    Rescue"; the entities are decoded here, and whatever shows the result
    escapes it once (a template, or json.dumps for JSON-LD).
    """
    text = " ".join(html.unescape(strip_tags(BLOCK_END.sub(" ", markup or ""))).split())
    parts = text.split(" ")
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
