"""Rich text as plain words, for descriptions, list summaries and JSON-LD."""

import html
import re

from django.utils.html import strip_tags

# Where a paragraph, list item, heading, cell or line ends, words must not
# run together once the tags are gone: "…was doubted.</p><p>This…".
BLOCK_END = re.compile(
    r"<(?:br|/p|/li|/h[1-6]|/div|/blockquote|/td|/th|/tr|/caption)\b[^>]*>", re.I
)


# What XML 1.0 cannot carry at all (feeds, the sitemap, calendars): the C0
# control characters but tab, line feed and carriage return. Text pasted
# from Word brings them in (\x02, \x0b as a line break).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """A vertical tab or form feed was a break between words: keep a space."""
    return CONTROL_CHARACTERS.sub(lambda match: " " if match.group() in "\x0b\x0c" else "", text)


def remove_control_characters(sender, instance, raw=False, **kwargs):
    """pre_save, for every model of content: what staff paste is kept without
    the characters that no feed or sitemap can carry."""
    if raw:
        return
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() in ("CharField", "TextField", "SlugField", "URLField"):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                setattr(instance, field.attname, without_control_characters(value))


def plain(markup: str, words: int = 60) -> str:
    """Rich text as plain words, shortened: for descriptions and list summaries.

    The stored text is HTML, so "Fire & Rescue" is stored as "Fire &amp;
    Rescue"; the entities are decoded here, and whatever shows the result
    escapes it once (a template, or json.dumps for JSON-LD).
    """
    text = " ".join(html.unescape(strip_tags(BLOCK_END.sub(" ", markup or ""))).split())
    parts = text.split(" ")
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
