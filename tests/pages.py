"""Read public pages the way a visitor does: which learning they link to, in order.

The helpers look only at addresses and link text inside <main>, never at CSS
classes or template structure, so a change of markup keeps them working while
a change of what is listed makes them fail.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser

# An item's own page, or a document's stable address.
ITEM_PATH = re.compile(
    r"^/(?:learning/(?:case-reviews|national-panel|briefings|jtai|masterclasses)/[^/]+/"
    r"|learning/#[\w-]+"  # a hub section, as search lists it
    r"|documents/\d+/[^/]+)$"
)
THEME_PATH = re.compile(r"^/learning/themes/[^/]+/$")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _MainLinks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.links = []
        self._href = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        elif tag == "a" and self.in_main:
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)


def main_links(html):
    """Every link inside <main>: (path with query, text), in page order."""
    parser = _MainLinks()
    parser.feed(html)
    links = []
    for href, text in parser.links:
        parts = urlsplit(href)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        path += f"#{parts.fragment}" if parts.fragment else ""
        links.append((path, text))
    return links


def _once(pairs):
    seen, kept = set(), []
    for pair in pairs:
        if pair[0] not in seen:
            seen.add(pair[0])
            kept.append(pair)
    return kept


def learning_links(html):
    """The items and documents a page lists, in order, each address once."""
    return _once((p, t) for p, t in main_links(html) if ITEM_PATH.match(p))


def without_ids(path):
    """A document's address without its database id, which differs between runs."""
    return re.sub(r"^/documents/\d+/", "/documents/*/", path)


def item_paths(html):
    return [without_ids(path) for path, _ in learning_links(html)]


def contents(html):
    """The hub's contents list: links to its own sections, in order."""
    return _once((p, t) for p, t in main_links(html) if p.startswith("#") and p != "#top")


def theme_links(html):
    return _once((p, t) for p, t in main_links(html) if THEME_PATH.match(p))


def feed_entries(content):
    """(title, path) of each entry of an Atom feed, in the feed's order."""
    feed = feedparser.parse(content)
    return [(entry.title, urlsplit(entry.link).path) for entry in feed.entries]


def sitemap_sections(client) -> list[bytes]:
    """Each page of each section the sitemap's index at /sitemap.xml names."""
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    pages = []
    for loc in index.iter(f"{SITEMAP}loc"):
        address = urlsplit(loc.text)
        response = client.get(f"{address.path}?{address.query}" if address.query else address.path)
        assert response.status_code == 200, loc.text
        pages.append(response.content)
    return pages


def sitemap_urls(client) -> list:
    """Every <url> element of the whole sitemap, in its order."""
    return [
        url
        for page in sitemap_sections(client)
        for url in ElementTree.fromstring(page).iter(f"{SITEMAP}url")
    ]


def sitemap_paths(client) -> list[str]:
    return [urlsplit(url.find(f"{SITEMAP}loc").text).path for url in sitemap_urls(client)]


def calendar_events(content):
    """(summary, url path) of each event in an iCalendar file, in order."""
    text = content.decode()
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    events = []
    for block in re.findall(r"BEGIN:VEVENT(.*?)END:VEVENT", unfolded, flags=re.S):
        summary = re.search(r"^SUMMARY[^:]*:(.*)$", block, flags=re.M)
        url = re.search(r"^URL[^:]*:(.*)$", block, flags=re.M)
        events.append(
            (
                summary.group(1).strip().replace("\\,", ",") if summary else "",
                urlsplit(url.group(1).strip()).path if url else "",
            )
        )
    return events


def result_count(html):
    """The number a list or search page announces, or None when it announces none."""
    found = re.search(r'role="status"[^>]*>\s*(\d+)', html)
    return int(found.group(1)) if found else None


def theme_counts(html):
    """(theme name, number of items) as the themes list shows them."""
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    counts = []
    for _, name in theme_links(html):
        found = re.search(re.escape(name) + r" \((\d+) items?\)", text)
        counts.append((name, int(found.group(1)) if found else None))
    return counts
