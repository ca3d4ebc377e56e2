"""Characters XML cannot carry never break a feed, and a feed's summaries are
text a naive reader cannot run."""

import feedparser
import pytest
from django.utils import timezone

from briefings.models import Briefing
from cyscp.models import Theme
from tests.briefings.factories import BriefingFactory
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_control_characters_pasted_from_word_are_removed_on_save():
    theme = ThemeFactory(name="Neglect\x02", slug="neglect")
    briefing = BriefingFactory(
        title="Learning\x0bfrom Poppy\x02", summary="Seven\x0cpoints.\x1f", themes=[theme]
    )
    briefing.refresh_from_db()
    assert (briefing.title, briefing.summary) == ("Learning from Poppy", "Seven points.")
    assert Theme.objects.get().name == "Neglect"


def test_control_characters_already_saved_never_break_a_feed(client):
    theme = ThemeFactory(name="Neglect", slug="neglect")
    briefing = BriefingFactory(title="Learning from Poppy", themes=[theme])
    # Saved before the clean-up existed (update() skips it).
    Briefing.objects.filter(pk=briefing.pk).update(title="Learning\x02 from\x0b Poppy")
    Theme.objects.filter(pk=theme.pk).update(name="Neglect\x02")
    for address in ("/learning/feed/", "/learning/themes/neglect/feed/", "/sitemap.xml"):
        response = client.get(address)
        assert response.status_code == 200, address
    feed = feedparser.parse(client.get("/learning/themes/neglect/feed/").content)
    assert not feed.bozo
    assert feed.entries[0].title == "Learning from  Poppy"


def test_a_feed_summary_is_text_a_reader_cannot_run(client):
    BriefingFactory(
        title="Bruising",
        summary='Seven points. <img src=x onerror="alert(1)"',
        published_at=timezone.now() - timezone.timedelta(minutes=5),
    )
    raw = client.get("/learning/feed/").content.decode()
    # Atom's type="html": a reader decodes the XML once and reads HTML. The
    # angle bracket must still be an entity then: shown, never run.
    assert "&amp;lt;img" in raw
    assert "&lt;img" not in raw.replace("&amp;lt;img", "")
    assert 'type="html">Seven points. &amp;lt;img' in raw
