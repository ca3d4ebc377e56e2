"""Behaviour that a refactor could change without any page failing to load:
what the sanitiser lets through, the order of the feed and of search results,
what "Did you mean" offers, and which dates the masterclass copy accepts."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from events.models import Masterclass
from tests import pages
from tests.briefings.factories import BriefingFactory, JtaiGuideFactory
from tests.events.factories import MasterclassFactory
from tests.factories import HubSectionFactory, PartnershipFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="full-text search is PostgreSQL's")
UNSAFE_LINK = '<p>Read <a href="https://x.test" onclick="alert(1)">the report</a>.</p>'


def test_a_case_review_keeps_its_link_but_not_the_script(client):
    review = CaseReviewFactory(learning=UNSAFE_LINK, partnership=PartnershipFactory())
    html = client.get(review.get_absolute_url()).text
    assert 'href="https://x.test"' in html
    assert "onclick" not in html
    assert "alert(1)" not in html


def test_a_hub_section_keeps_its_link_but_not_the_script(client):
    HubSectionFactory(title="Reading", body=UNSAFE_LINK)
    html = client.get("/learning/").text
    assert 'href="https://x.test"' in html
    assert "onclick" not in html
    assert "alert(1)" not in html


def test_the_feed_is_newest_first_across_kinds(client):
    now = timezone.now()
    # Kinds interleaved in time, so neither grouping by kind nor any one
    # kind's order can produce the expected order.
    made = [
        MasterclassFactory(title="Sixth", published_at=now - timedelta(days=6)),
        BriefingFactory(title="Fifth", published_at=now - timedelta(days=5)),
        PanelPublicationFactory(title="Fourth", published_at=now - timedelta(days=4)),
        MasterclassFactory(title="Third", published_at=now - timedelta(days=3)),
        JtaiGuideFactory(title="Second", published_at=now - timedelta(days=2)),
        BriefingFactory(title="First", published_at=now - timedelta(days=1)),
    ]
    entries = pages.feed_entries(client.get("/learning/feed/").content)
    assert [title for title, _ in entries] == [
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
    ]
    assert len(made) == len(entries)


@postgresql_only
def test_search_puts_the_best_match_first_across_kinds(client):
    old = datetime(2020, 1, 1, tzinfo=UTC)
    # The best match is the oldest and of another kind than the weaker ones.
    BriefingFactory(
        title="Bruising bruising in babies",
        summary="Bruising in non-mobile babies: bruising is never normal.",
        published_at=old,
    )
    PanelPublicationFactory(title="A paper", summary="<p>One case of bruising.</p>")
    JtaiGuideFactory(title="A guide", summary="Inspections.", body="<p>bruising</p>")

    html = client.get("/search/", {"q": "bruising"}).text
    titles = [text for _, text in pages.learning_links(html)]
    assert titles[0] == "Bruising bruising in babies"
    assert pages.result_count(html) == 3


@postgresql_only
def test_did_you_mean_never_offers_a_draft_or_scheduled_title(client):
    PanelPublicationFactory(title="Annual report 2021")
    PanelPublicationFactory(title="Annual review 2022", draft=True)
    BriefingFactory(title="Annual reprise", scheduled=True)

    html = client.get("/search/", {"q": "anual reprot"}).text
    assert "Did you mean:" in html
    assert "Annual report 2021</a>" in html
    assert "Annual review 2022" not in html
    assert "Annual reprise" not in html


CHANGE_LIST = "/admin/events/masterclass/"


def test_the_copy_action_refuses_today(admin_client):
    original = MasterclassFactory(title="Learning Masterclass", slug="learning-masterclass")
    today = timezone.localdate()
    response = admin_client.post(
        CHANGE_LIST,
        {
            "action": "copy_to_next_date",
            "_selected_action": [original.pk],
            "apply": "1",
            "date": today.isoformat(),
        },
    )
    assert "Choose a date after today." in response.text
    assert list(Masterclass.objects.all()) == [original]

    tomorrow = today + timedelta(days=1)
    admin_client.post(
        CHANGE_LIST,
        {
            "action": "copy_to_next_date",
            "_selected_action": [original.pk],
            "apply": "1",
            "date": tomorrow.isoformat(),
        },
    )
    copy = Masterclass.objects.exclude(pk=original.pk).get()
    assert timezone.localtime(copy.start).date() == tomorrow
