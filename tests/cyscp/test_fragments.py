"""With the page cache off, or for a page it does not hold, the parts of a
page that change only with content (a list's cards and filters, the hub's
sections, a theme's learning) are kept between visits; any change the public
could see still shows on the very next visit, and staff neither get nor fill
what is kept."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cyscp import page_cache, workflow
from cyscp.publishing import Status
from tests.briefings.factories import BriefingFactory
from tests.events.factories import MasterclassFactory
from tests.factories import HubSectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return response, len(captured)


def test_the_hubs_sections_are_kept_between_visits(client):
    HubSectionFactory(title="Working with fathers")
    BriefingFactory(title="Learning from Poppy")
    first, built = queries(client, "/learning/")
    again, reused = queries(client, "/learning/")
    assert again.content == first.content
    assert reused < built


@pytest.mark.parametrize("address", ["/learning/briefings/", "/learning/themes/neglect/"])
def test_publishing_and_unpublishing_show_on_the_next_visit(client, publisher, address):
    neglect = ThemeFactory(name="Neglect", slug="neglect")
    BriefingFactory(title="Learning from Amira", themes=[neglect])
    draft = BriefingFactory(title="Learning from Jonah", draft=True, themes=[neglect])
    for _ in range(2):
        assert "Learning from Jonah" not in client.get(address).text
    draft.status = Status.PUBLISHED
    draft.save()
    assert "Learning from Jonah" in client.get(address).text
    workflow.unpublish(draft, publisher)
    assert "Learning from Jonah" not in client.get(address).text


def test_renaming_a_theme_shows_in_the_lists_filters_and_on_its_page(client):
    neglect = ThemeFactory(name="Neglect", slug="neglect")
    BriefingFactory(title="Learning from Amira", themes=[neglect])
    pages = ["/learning/briefings/", "/learning/themes/neglect/"]
    for address in pages:
        assert "Neglect" in client.get(address).text
    neglect.name = "Neglect and poverty"
    neglect.save()
    for address in pages:
        assert "Neglect and poverty" in client.get(address).text, address


def test_a_scheduled_item_appears_at_its_time_with_the_fragments_warm(client):
    monday = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    neglect = ThemeFactory(name="Neglect", slug="neglect")
    BriefingFactory(title="Learning from Ezra", published_at=monday, themes=[neglect])
    BriefingFactory(title="Learning from Amira", themes=[neglect])
    pages = ("/learning/briefings/", "/learning/themes/neglect/")
    for address in pages:
        for _ in range(2):
            assert "Learning from Ezra" not in client.get(address).text
    with time_machine.travel(monday - datetime.timedelta(seconds=30), tick=False):
        for address in pages:
            assert "Learning from Ezra" not in client.get(address).text
    with time_machine.travel(monday + datetime.timedelta(seconds=1), tick=False):
        for address in pages:
            assert "Learning from Ezra" in client.get(address).text, address


def test_a_masterclass_moves_to_past_when_it_ends_with_the_fragments_warm(client):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    MasterclassFactory(
        title="Masterclass on neglect", start=start, end=start + datetime.timedelta(hours=2)
    )
    page = client.get("/learning/masterclasses/").text
    assert client.get("/learning/masterclasses/").text == page
    with time_machine.travel(start + datetime.timedelta(hours=3), tick=False):
        after = client.get("/learning/masterclasses/").text
    assert after.split("Masterclass on neglect")[0] != page.split("Masterclass on neglect")[0]


def test_a_change_to_a_hub_section_shows_on_the_next_visit(client):
    section = HubSectionFactory(title="Working with fathers")
    for _ in range(2):
        assert "Working with fathers" in client.get("/learning/").text
    section.title = "Working with fathers and carers"
    section.save()
    assert "Working with fathers and carers" in client.get("/learning/").text


def test_staff_neither_get_nor_fill_what_is_kept(staff_client):
    HubSectionFactory(title="Working with fathers")
    BriefingFactory(title="Learning from Poppy")
    _, staff_first = queries(staff_client, "/learning/")
    _, staff_again = queries(staff_client, "/learning/")
    visitor = Client()
    _, visitor_first = queries(visitor, "/learning/")
    _, visitor_again = queries(visitor, "/learning/")
    assert visitor_again < visitor_first
    # Staff pages are built in full every time, from what is in the
    # database, even once a visitor's are kept.
    _, staff_after = queries(staff_client, "/learning/")
    assert staff_again == staff_first == staff_after


def test_a_signed_in_request_never_fills_a_fragment(rf, settings):
    built = []

    def render():
        built.append(1)
        return "<p>Sections</p>"

    signed_in = rf.get("/learning/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    signed_in.content_version = page_cache.content_version()
    for _ in range(2):
        assert page_cache.fragment(signed_in, "hub", render) == "<p>Sections</p>"
    assert len(built) == 2
    for _ in range(2):
        visitor = rf.get("/learning/")
        visitor.content_version = page_cache.content_version()
        assert page_cache.fragment(visitor, "hub", render) == "<p>Sections</p>"
    assert len(built) == 3


def test_a_fragment_built_from_data_older_than_a_change_is_not_used_after_it(rf):
    """The view reads its data, then content changes and commits, then the
    template builds the fragment: it is filed under the version read when
    the request began, which the change has replaced."""
    built = []

    def render():
        built.append(1)
        return f"<p>Version {len(built)}</p>"

    slow = rf.get("/learning/briefings/")
    slow.content_version = page_cache.content_version()
    page_cache.content_changed()
    assert page_cache.fragment(slow, "list", render) == "<p>Version 1</p>"
    after = rf.get("/learning/briefings/")
    after.content_version = page_cache.content_version()
    assert page_cache.fragment(after, "list", render) == "<p>Version 2</p>"
