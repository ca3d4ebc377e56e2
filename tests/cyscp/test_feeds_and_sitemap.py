import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
import time_machine
from django.utils import timezone

from tests import pages
from tests.briefings.factories import BriefingFactory, JtaiGuideFactory
from tests.events.factories import MasterclassFactory
from tests.factories import HubSectionFactory, PartnershipFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def learning():
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    york = PartnershipFactory(slug="york", area="York")
    return {
        "review": CaseReviewFactory(partnership=york, themes=[neglect], child_pseudonym="Ada"),
        "publication": PanelPublicationFactory(title="Neglect paper", themes=[neglect]),
        "briefing": BriefingFactory(partnership=york, title="Neglect briefing"),
        "guide": JtaiGuideFactory(title="JTAI guide"),
        "masterclass": MasterclassFactory(title="Neglect masterclass", themes=[neglect]),
        "draft": CaseReviewFactory(partnership=york, child_pseudonym="Hidden", draft=True),
        "scheduled": BriefingFactory(partnership=york, title="Tomorrow's briefing", scheduled=True),
        "section": HubSectionFactory(title="Hub text"),
    }


def test_site_feed_is_valid_atom_of_published_learning_newest_first(client, learning):
    response = client.get("/learning/feed/")
    feed = feedparser.parse(response.content)

    assert not feed.bozo, feed.bozo_exception
    assert response["Content-Type"].startswith("application/atom+xml")
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 5
    assert "Neglect briefing" in titles and "Neglect masterclass" in titles
    assert "Tomorrow's briefing" not in titles and not any("Hidden" in t for t in titles)
    assert "Hub text" not in titles
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)
    assert feed.entries[0].link.startswith("http://testserver/learning/")


def test_site_feed_holds_the_30_most_recent(client):
    now = timezone.now()
    for n in range(35):
        PanelPublicationFactory(title=f"Paper {n}", published_at=now - timedelta(hours=n + 1))
    feed = feedparser.parse(client.get("/learning/feed/").content)
    assert [e.title for e in feed.entries] == [f"Paper {n}" for n in range(30)]


def test_theme_feed_holds_only_that_theme(client, learning):
    feed = feedparser.parse(client.get("/learning/themes/neglect/feed/").content)
    assert not feed.bozo
    assert sorted(e.title for e in feed.entries) == sorted(
        [learning["review"].heading, "Neglect paper", "Neglect masterclass"]
    )
    assert client.get("/learning/themes/nothing/feed/").status_code == 404


def test_feeds_are_linked_from_the_page_head(client, learning):
    hub = client.get("/learning/").text
    assert '<link rel="alternate" type="application/atom+xml"' in hub
    assert 'href="/learning/feed/"' in hub
    assert 'href="/learning/themes/neglect/feed/"' in client.get("/learning/themes/neglect/").text


def test_feed_links_use_the_host_the_request_came_in_on(client, learning, settings):
    settings.ALLOWED_HOSTS = ["learning.example.org"]
    feed = feedparser.parse(client.get("/learning/feed/", HTTP_HOST="learning.example.org").content)
    assert all(e.link.startswith("http://learning.example.org/") for e in feed.entries)


def test_sitemap_lists_every_published_page_and_each_answers(client, learning):
    entries = {
        urlsplit(url.find(f"{SITEMAP}loc").text).path: url.find(f"{SITEMAP}lastmod")
        for url in pages.sitemap_urls(client)
    }

    for item in ["review", "publication", "briefing", "guide", "masterclass"]:
        assert learning[item].get_absolute_url() in entries
    for page in ["/learning/", "/learning/case-reviews/", "/learning/themes/neglect/",
                 "/learning/masterclasses/", "/accessibility/"]:  # fmt: skip
        assert page in entries
    assert learning["draft"].get_absolute_url() not in entries
    assert learning["scheduled"].get_absolute_url() not in entries
    assert all(lastmod is not None and lastmod.text for lastmod in entries.values())
    for path in entries:
        assert client.get(path).status_code == 200, path


def test_robots_txt_points_to_the_sitemap_on_this_host(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text


def test_pages_have_unique_titles_and_descriptions(client, learning):
    pages = [
        "/learning/", "/learning/case-reviews/", "/learning/national-panel/",
        "/learning/briefings/", "/learning/jtai/", "/learning/masterclasses/",
        "/learning/themes/", "/learning/themes/neglect/", "/accessibility/",
    ]  # fmt: skip
    pages += [
        learning[k].get_absolute_url()
        for k in ["review", "publication", "briefing", "guide", "masterclass"]
    ]
    titles = []
    for path in pages:
        html = client.get(path).text
        titles.append(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())
        assert re.search(r'<meta name="description" content="[^"]+">', html), path
        assert f'<link rel="canonical" href="http://testserver{path}">' in html
        assert f'<meta property="og:url" content="http://testserver{path}">' in html
        assert '<meta property="og:title"' in html
    assert len(set(titles)) == len(titles), titles


def test_canonical_drops_filters_but_keeps_the_page(client, learning):
    CaseReviewFactory.create_batch(
        21,
        partnership=learning["review"].partnership,
        themes=list(learning["review"].themes.all()),
    )
    response = client.get("/learning/case-reviews/?page=2&theme=neglect&utm_source=x")
    assert response.status_code == 200
    html = response.text
    assert '<link rel="canonical" href="http://testserver/learning/case-reviews/?page=2">' in html


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_masterclass_describes_itself_as_an_event(client, learning):
    masterclass = learning["masterclass"]
    data = json_ld(client.get(masterclass.get_absolute_url()).text)
    assert data["@type"] == "Event"
    assert data["name"] == "Neglect masterclass"
    assert data["startDate"] == timezone.localtime(masterclass.start).isoformat()
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"] == f"http://testserver{masterclass.get_absolute_url()}"


@pytest.mark.parametrize("item", ["review", "publication", "briefing"])
def test_reviews_publications_and_briefings_describe_themselves_as_articles(client, learning, item):
    obj = learning[item]
    data = json_ld(client.get(obj.get_absolute_url()).text)
    assert data["@type"] == "Article"
    assert data["headline"] == getattr(obj, "heading", obj.title)
    assert data["url"] == f"http://testserver{obj.get_absolute_url()}"


def test_json_ld_cannot_break_out_of_its_script(client):
    publication = PanelPublicationFactory(title="</script><script>alert(1)</script>")
    html = client.get(publication.get_absolute_url()).text
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert "<script>" not in block.group(1)
    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_an_ampersand_in_rich_text_reads_as_one_in_lists_and_metadata(client):
    review = CaseReviewFactory(
        incident_summary="<p>Police, Fire &amp; Rescue and health&nbsp;visitors were involved.</p>"
    )
    detail = client.get(review.get_absolute_url()).text
    listing = client.get("/learning/case-reviews/").text

    description = re.search(r'<meta name="description" content="([^"]*)"', detail).group(1)
    assert description == "Police, Fire &amp; Rescue and health visitors were involved."
    assert json_ld(detail)["description"] == (
        "Police, Fire & Rescue and health visitors were involved."
    )
    assert "Police, Fire &amp; Rescue and health visitors were involved." in listing
    assert "&amp;amp;" not in detail + listing
    assert "&amp;nbsp;" not in detail + listing


def test_a_scheduled_item_is_dated_from_when_it_appeared(client):
    theme = ThemeFactory(slug="neglect")
    briefing = BriefingFactory(title="Scheduled briefing", themes=[theme])
    # Midday, so the day is the same in UTC and in UK time.
    appears = datetime(2030, 1, 15, 12, 0, tzinfo=UTC)
    type(briefing).objects.filter(pk=briefing.pk).update(published_at=appears)

    with time_machine.travel(appears + timedelta(hours=1)):
        lastmods = {
            urlsplit(url.find(f"{SITEMAP}loc").text).path: url.find(f"{SITEMAP}lastmod").text
            for url in pages.sitemap_urls(client)
        }
        feed = feedparser.parse(client.get("/learning/feed/").content)

    day = appears.date().isoformat()
    for path in [briefing.get_absolute_url(), "/learning/briefings/", "/learning/themes/neglect/"]:
        assert lastmods[path].startswith(day), path
    assert feed.entries[0].title == "Scheduled briefing"
    assert feed.entries[0].updated.startswith(day)


def test_the_sitemap_is_an_index_of_sections_in_pages_of_bounded_size(client, settings):
    """However large the library, each answer holds at most SECTION_LIMIT
    addresses, and the index names every page of every section."""
    from cyscp import sitemaps

    for n in range(5):
        BriefingFactory(title=f"Briefing {n}", slug=f"briefing-{n}")
    original = sitemaps.LearningSitemap.limit
    sitemaps.LearningSitemap.limit = 2
    try:
        index = client.get("/sitemap.xml")
        assert index.status_code == 200
        sections = [
            urlsplit(loc.text)
            for loc in ElementTree.fromstring(index.content).iter(f"{SITEMAP}loc")
        ]
        briefing_pages = [s for s in sections if s.path == "/sitemap-briefings.xml"]
        assert len(briefing_pages) == 3
        assert all(s.scheme == "http" and s.netloc == "testserver" for s in sections)
        paths = pages.sitemap_paths(client)
        assert sorted(p for p in paths if p.startswith("/learning/briefings/b")) == [
            f"/learning/briefings/briefing-{n}/" for n in range(5)
        ]
        assert client.get("/sitemap-briefings.xml?p=4").status_code == 404
        assert client.get("/sitemap-briefings.xml?p=abc").status_code == 404
        assert client.get("/sitemap-nothing.xml").status_code == 404
    finally:
        sitemaps.LearningSitemap.limit = original
