"""Public pages are kept whole in the cache for visitors who are not signed
in, and any change the public could see shows on the very next visit."""

import datetime
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cyscp import workflow
from cyscp.publishing import Status
from events.models import Speaker
from tests.briefings.factories import BriefingFactory
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory, HubSectionFactory, ThemeFactory, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def briefing(db):
    return BriefingFactory(
        title="Learning from Poppy",
        slug="learning-from-poppy",
        themes=[ThemeFactory(name="Neglect", slug="neglect")],
        documents=[DocumentFactory(title="Poppy slides", slug="poppy-slides")],
    )


def kept(client, address):
    """The page, and whether it came from the cache (no query at all)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    return response, len(captured) == 0


def test_a_visitor_gets_the_kept_page_with_headers_a_cdn_may_follow(client, briefing):
    first, from_cache = kept(client, "/learning/briefings/learning-from-poppy/")
    assert not from_cache and first.status_code == 200
    again, from_cache = kept(client, "/learning/briefings/learning-from-poppy/")
    assert from_cache
    assert again.content == first.content
    assert again["Cache-Control"].startswith("public, max-age=")
    assert 0 < int(again["Cache-Control"].split("=")[1]) <= 60
    assert again["ETag"] == first["ETag"]
    assert "Last-Modified" in again and "Cookie" in again["Vary"]
    # The security headers are on the kept page too.
    assert again["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in again["Content-Security-Policy"]
    assert again["X-Request-ID"] != first["X-Request-ID"]


def test_a_visitors_current_copy_is_answered_with_304(client, briefing):
    address = "/learning/briefings/learning-from-poppy/"
    page = client.get(address)
    not_modified = client.get(address, HTTP_IF_NONE_MATCH=page["ETag"])
    assert not_modified.status_code == 304 and not not_modified.content
    since = client.get(address, HTTP_IF_MODIFIED_SINCE=page["Last-Modified"])
    assert since.status_code == 304
    briefing.title = "Learning from Poppy, revised"
    briefing.save()
    changed = client.get(address, HTTP_IF_NONE_MATCH=page["ETag"])
    assert changed.status_code == 200 and "revised" in changed.text


def test_publishing_shows_on_the_next_visit(client, briefing):
    draft = BriefingFactory(title="Learning from Jonah", slug="jonah", draft=True)
    assert "Learning from Jonah" not in client.get("/learning/briefings/").text
    assert kept(client, "/learning/briefings/")[1]
    draft.status = Status.PUBLISHED
    draft.save()
    assert "Learning from Jonah" in client.get("/learning/briefings/").text
    assert client.get("/learning/briefings/jonah/").status_code == 200


def test_unpublishing_shows_on_the_next_visit(client, publisher, briefing):
    address = briefing.get_absolute_url()
    assert client.get(address).status_code == 200
    assert "Learning from Poppy" in client.get("/learning/briefings/").text
    # The publishing step changes the row with an UPDATE, not a model save.
    workflow.unpublish(briefing, publisher)
    assert client.get(address).status_code == 404
    assert "Learning from Poppy" not in client.get("/learning/briefings/").text


def test_editing_a_child_row_shows_on_the_next_visit(client, briefing):
    address = briefing.get_absolute_url()
    assert "Missed health appointments" in client.get(address).text
    point = briefing.points.get(number=5)
    point.body = "<p>Every missed appointment is followed up the same week.</p>"
    point.save()
    assert "followed up the same week" in client.get(address).text


def test_renaming_a_theme_shows_on_every_page_that_names_it(client, briefing):
    pages = [briefing.get_absolute_url(), "/learning/themes/", "/learning/briefings/"]
    for address in pages:
        assert "Neglect" in client.get(address).text
    theme = briefing.themes.get()
    theme.name = "Neglect and poverty"
    theme.save()
    for address in pages:
        assert "Neglect and poverty" in client.get(address).text, address


def test_replacing_a_document_shows_on_the_next_visit(client, briefing):
    address = briefing.get_absolute_url()
    assert "Poppy slides" in client.get(address).text
    document = briefing.documents.get()
    document.title = "Poppy slides, second edition"
    document.file = ContentFile(pdf_bytes("Second edition", padding=40_000), name="poppy.pdf")
    document.save()
    page = client.get(address).text
    assert "Poppy slides, second edition" in page


def test_removing_a_theme_from_an_item_shows_on_the_theme_page(client, briefing):
    assert "Learning from Poppy" in client.get("/learning/themes/neglect/").text
    briefing.themes.clear()
    assert "Learning from Poppy" not in client.get("/learning/themes/neglect/").text


def test_deleting_shows_on_the_next_visit(client, briefing):
    section = HubSectionFactory(title="Working with fathers")
    assert "Working with fathers" in client.get("/learning/").text
    assert "Learning from Poppy" in client.get("/search/?q=poppy").text
    section.delete()
    briefing.delete()
    assert "Working with fathers" not in client.get("/learning/").text
    assert "Learning from Poppy" not in client.get("/search/?q=poppy").text
    assert client.get("/learning/briefings/learning-from-poppy/").status_code == 404


def test_a_publishers_change_in_the_admin_shows_on_the_next_visit(
    client, publisher_client, briefing
):
    from tests.cyscp.test_workflow import edit

    address = briefing.get_absolute_url()
    assert "Learning from Poppy" in client.get(address).text
    edit(publisher_client, briefing, {"title": "Learning from Poppy, corrected"}, _publish="1")
    assert "Learning from Poppy, corrected" in client.get(address).text


def test_a_scheduled_item_appears_at_its_time_with_the_cache_warm(client):
    monday = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    neglect = ThemeFactory(name="Neglect", slug="neglect")
    BriefingFactory(title="Learning from Ezra", slug="ezra", published_at=monday, themes=[neglect])
    BriefingFactory(title="Learning from Amira", slug="amira", themes=[neglect])
    client.get("/search/?q=ezra")
    pages = ("/learning/briefings/", "/learning/themes/", "/learning/feed/")
    pages += ("/sitemap-briefings.xml",)
    for address in pages:
        page = client.get(address)
        assert "Ezra" not in page.text and "ezra" not in page.text
        assert kept(client, address)[1], address
        # A cache in front keeps it no longer than the scheduled time either.
        assert int(page["Cache-Control"].split("=")[1]) <= 60
    with time_machine.travel(monday - datetime.timedelta(seconds=30), tick=False):
        assert "Learning from Ezra" not in client.get("/learning/briefings/").text
    with time_machine.travel(monday + datetime.timedelta(seconds=1), tick=False):
        assert "Learning from Ezra" in client.get("/learning/briefings/").text
        assert "Learning from Ezra" in client.get("/search/?q=ezra").text
        assert "Learning from Ezra" in client.get("/learning/themes/neglect/").text
        assert "/learning/briefings/ezra/" in client.get("/learning/feed/").text
        assert "/learning/briefings/ezra/" in client.get("/sitemap-briefings.xml").text
        assert client.get("/learning/briefings/ezra/").status_code == 200
        # The new pages are kept in their turn.
        client.get("/learning/briefings/")
        assert kept(client, "/learning/briefings/")[1]


def test_a_masterclass_moves_to_past_when_it_ends_with_the_cache_warm(client):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    masterclass = MasterclassFactory(
        title="Masterclass on neglect",
        slug="neglect-masterclass",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    Speaker.objects.create(masterclass=masterclass, name="Dr Amira Khan")
    page = client.get("/learning/masterclasses/").text
    upcoming = page.split("Masterclass on neglect")[0]
    assert kept(client, "/learning/masterclasses/")[1]
    with time_machine.travel(start + datetime.timedelta(hours=3), tick=False):
        after = client.get("/learning/masterclasses/").text
    assert after != page
    assert after.split("Masterclass on neglect")[0] != upcoming


def test_staff_never_get_kept_pages_and_never_fill_the_cache(staff_client, briefing):
    client = Client()
    address = briefing.get_absolute_url()
    for _ in range(2):
        response, from_cache = kept(staff_client, address)
        assert not from_cache
        assert response["Cache-Control"] == "private, no-cache"
    # Staff's visits kept nothing: the first visitor's page is built.
    assert not kept(client, address)[1]
    assert kept(client, address)[1]
    # and a kept page is not what staff are shown.
    assert not kept(staff_client, address)[1]


def test_a_preview_is_never_kept(staff_client):
    client = Client()
    draft = BriefingFactory(title="Learning from Noor", slug="noor", draft=True)
    preview = staff_client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "Learning from Noor" in preview.text
    assert preview["Cache-Control"] == "private, no-store"
    assert client.get(draft.get_absolute_url()).status_code == 404
    # A visitor whose session has gone still has the cookie: never a kept page.
    stale = Client()
    stale.cookies["sessionid"] = "gone"
    assert stale.get(draft.get_absolute_url()).status_code == 404


def test_no_response_carries_another_responses_nonce(staff_client, briefing):
    client = Client()
    addresses = ["/learning/", briefing.get_absolute_url(), "/search/?q=poppy", "/admin/login/"]
    seen = []
    for visitor in (client, client, staff_client):
        for address in addresses:
            response = visitor.get(address)
            policy = response.get("Content-Security-Policy", "")
            nonces = re.findall(r"'nonce-([^']+)'", policy) + re.findall(
                r'nonce="([^"]+)"', response.content.decode()
            )
            for nonce in set(nonces):
                assert nonce not in seen, f"{address} reused a nonce"
                seen.append(nonce)
    assert seen, "the admin's pages use nonces, so this test would see a reuse"


def test_pages_that_set_a_cookie_or_differ_are_not_kept(client, briefing):
    # The sign-in page sets the CSRF cookie.
    assert not kept(client, "/admin/login/")[1]
    assert not kept(client, "/admin/login/")[1]
    # Errors are not kept, so a bad address cannot fill the cache.
    assert client.get("/learning/briefings/nothing-here/").status_code == 404
    assert not kept(client, "/learning/briefings/nothing-here/")[1]
    # Every address is its own page; filters and pages included.
    client.get("/learning/briefings/?theme=neglect")
    assert not kept(client, "/learning/briefings/?theme=other")[1]


def test_the_host_is_part_of_the_kept_page(client, settings, briefing):
    settings.ALLOWED_HOSTS = ["testserver", "learning.example.org"]
    settings.SITE_HOST = ""
    client.get("/learning/feed/", HTTP_HOST="testserver")
    other = client.get("/learning/feed/", HTTP_HOST="learning.example.org")
    assert "http://learning.example.org/" in other.text
    assert "http://testserver/" not in other.text
