"""Every public page costs a fixed number of database queries, however much
learning there is: a page that fetched something for each item would slow
down as the partnership publishes more.

Each page is read with two and with six items of every kind; the counts
must match, and stay at most what the pages cost before the kinds moved into
one registry (BUDGETS, measured on both databases)."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Speaker
from tests.briefings.factories import BriefingFactory, JtaiGuideFactory
from tests.events.factories import MasterclassFactory
from tests.factories import (
    DocumentFactory,
    HubSectionFactory,
    PartnershipFactory,
    ResourceFactory,
    ThemeFactory,
)
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_built_each_time(settings):
    """What a page costs when it is built: for a signed-in member of staff,
    or the first visitor after a change (the page cache is tested below)."""
    settings.PAGE_CACHE_SECONDS = 0


LISTINGS = [
    "masterclasses",
    "panel_publications",
    "annual_reports",
    "briefings",
    "jtai_guides",
    "regional_partnerships",
]


def build(n, start=0):
    """n items of every kind, each with its own partnership, two themes and
    its own files, so anything fetched per item shows in the count."""
    themes = [ThemeFactory(slug="neglect", name="Neglect"), ThemeFactory()]
    for i in range(start, start + n):
        partnership = PartnershipFactory()
        review = CaseReviewFactory(
            title=f"Neglect review {i}",
            slug=f"review-{i}",
            partnership=partnership,
            themes=themes,
            report=DocumentFactory(),
            report_url="",
        )
        PanelPublicationFactory(title=f"Neglect paper {i}", slug=f"paper-{i}", themes=themes)
        PanelPublicationFactory(
            title=f"Annual report {i}", slug=f"annual-{i}", kind="annual", themes=themes
        )
        BriefingFactory(
            title=f"Neglect briefing {i}",
            slug=f"briefing-{i}",
            partnership=partnership,
            case_review=review,
            themes=themes,
            documents=[DocumentFactory(), DocumentFactory()],
        )
        JtaiGuideFactory(
            title=f"Neglect guide {i}", slug=f"guide-{i}", themes=themes, document=DocumentFactory()
        )
        masterclass = MasterclassFactory(
            title=f"Neglect masterclass {i}",
            slug=f"masterclass-{i}",
            themes=themes,
            presentations=[DocumentFactory()],
        )
        Speaker.objects.create(masterclass=masterclass, name=f"Speaker {i}")
        section = HubSectionFactory(title=f"Neglect section {i}", position=100 + i)
        section.documents.set([DocumentFactory()])
        ResourceFactory(section=section)
    if start == 0:
        for position, listing in enumerate(LISTINGS):
            HubSectionFactory(title=f"Listing {listing}", position=position, listing=listing)


PAGES = {
    "hub": "/learning/",
    "case review list": "/learning/case-reviews/",
    "case review list, filtered": "/learning/case-reviews/?theme=neglect",
    "Panel publication list": "/learning/national-panel/",
    "Panel publication list, filtered": "/learning/national-panel/?theme=neglect",
    "briefing list": "/learning/briefings/",
    "briefing list, filtered": "/learning/briefings/?theme=neglect",
    "JTAI guide list": "/learning/jtai/",
    "JTAI guide list, filtered": "/learning/jtai/?theme=neglect",
    "masterclass list": "/learning/masterclasses/",
    "case review": "/learning/case-reviews/review-0/",
    "Panel publication": "/learning/national-panel/paper-0/",
    "briefing": "/learning/briefings/briefing-0/",
    "JTAI guide": "/learning/jtai/guide-0/",
    "masterclass": "/learning/masterclasses/masterclass-0/",
    "themes list": "/learning/themes/",
    "theme page": "/learning/themes/neglect/",
    "search": "/search/?q=neglect",
    "search, one kind": "/search/?q=neglect&kind=briefings",
    "site feed": "/learning/feed/",
    "theme feed": "/learning/themes/neglect/feed/",
    "sitemap": "/sitemap.xml",
    "sitemap section": "/sitemap-case-reviews.xml",
    "calendar": "/learning/masterclasses/calendar.ics",
    "masterclass calendar": "/learning/masterclasses/masterclass-0.ics",
}

# Queries each page makes, the same on SQLite and PostgreSQL. Before the
# registry the hub made 14 and the filtered lists 7, 6, 7 and 6: the filters
# now read their choices once a request, and the hub's Panel listing no
# longer fetches themes it does not show.
BUDGETS = {
    "hub": 13,
    "case review list": 5,
    "case review list, filtered": 5,
    "Panel publication list": 4,
    "Panel publication list, filtered": 4,
    "briefing list": 5,
    "briefing list, filtered": 5,
    "JTAI guide list": 4,
    "JTAI guide list, filtered": 4,
    "masterclass list": 5,
    "case review": 3,
    "Panel publication": 2,
    "briefing": 4,
    "JTAI guide": 3,
    "masterclass": 4,
    "themes list": 6,
    "theme page": 16,
    "search": 12,
    "search, one kind": 7,
    "sitemap": 29,
    "sitemap section": 2,
    "calendar": 1,
    "masterclass calendar": 1,
}
# Before the registry, the feeds fetched each entry's themes for its
# categories one by one: 5 queries, plus one per entry (at most 30 entries).
# They now fetch each kind's themes at once, which the test below holds.
FEEDS = {"site feed": 5, "theme feed": 6}
# The feeds now: one query a kind for the entries and one for their themes.
FEEDS_NOW = {"site feed": 10, "theme feed": 11}


def queries(client, address):
    """What the page costs every visitor but the first after a change: counts
    and choices are remembered for the content version (see below for the
    first visitor)."""
    assert client.get(address).status_code == 200, address
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(captured)


def first_visit_queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(captured)


@pytest.mark.parametrize("name", list(PAGES))
def test_the_first_visitor_after_a_change_costs_the_same_however_much_there_is(client, name):
    build(2)
    with_two = first_visit_queries(client, PAGES[name])
    build(4, start=2)  # a change: nothing remembered
    assert first_visit_queries(client, PAGES[name]) == with_two, name


@pytest.mark.parametrize("name", list(BUDGETS))
def test_a_page_costs_the_same_queries_however_much_learning_there_is(client, name):
    build(2)
    with_two = queries(client, PAGES[name])
    build(4, start=2)
    with_six = queries(client, PAGES[name])
    assert with_six == with_two, f"the {name} makes a query for each item"
    assert with_six <= BUDGETS[name]


@pytest.mark.parametrize("name", list(FEEDS))
def test_a_feed_costs_no_more_than_before(client, name):
    build(2)  # 12 entries
    assert queries(client, PAGES[name]) <= FEEDS[name] + 12
    build(4, start=2)  # 36 items, of which the feed shows 30
    assert queries(client, PAGES[name]) <= FEEDS[name] + 30


@pytest.mark.parametrize("name", list(FEEDS))
def test_a_feed_costs_the_same_queries_however_much_learning_there_is(client, name):
    build(2)
    with_two = queries(client, PAGES[name])
    build(4, start=2)
    assert queries(client, PAGES[name]) == with_two
    assert with_two <= FEEDS_NOW[name]


def test_record_the_counts_for_the_team(client):
    """Writes what each page costs, when asked (QUERY_COUNTS_FILE=path)."""
    path = os.environ.get("QUERY_COUNTS_FILE")
    if not path:
        pytest.skip("set QUERY_COUNTS_FILE to write the counts")
    build(2)
    two = {name: queries(client, address) for name, address in PAGES.items()}
    build(4, start=2)
    six = {name: queries(client, address) for name, address in PAGES.items()}
    with open(path, "a") as out:
        out.write(
            f"Queries per public page ({connection.vendor}); with 2, then 6, items of each kind\n"
        )
        for name, address in PAGES.items():
            out.write(f"  {name:34} {address:48} {two[name]:3} {six[name]:3}\n")


@pytest.mark.parametrize("name", list(PAGES))
def test_a_kept_page_costs_no_query_at_all(client, settings, name):
    """A visitor who is not signed in gets the page from the cache, however
    much learning there is; a change makes the next visitor's page new."""
    settings.PAGE_CACHE_SECONDS = 600
    build(2)
    client.get(PAGES[name])
    assert first_visit_queries(client, PAGES[name]) == 0, name
    build(4, start=2)
    first = first_visit_queries(client, PAGES[name])
    assert first > 0, f"the {name} was not built again after a change"
    assert first_visit_queries(client, PAGES[name]) == 0, name
