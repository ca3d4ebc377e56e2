import json
import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from events.models import Masterclass, Presentation
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


def at(*args):
    return datetime(*args, tzinfo=LONDON)


def titles(html, level="[34]"):
    return re.findall(
        rf'<h{level} class="govuk-heading-s app-card__title"><a [^>]+>([^<]+)</a>', html
    )


def parse(content) -> Calendar:
    return Calendar.from_ical(content)


def events(calendar):
    return [c for c in calendar.walk("VEVENT")]


@time_machine.travel(NOW, tick=False)
def test_upcoming_soonest_first_then_past_by_year_newest_first(client):
    MasterclassFactory(
        title="Next spring", start=at(2027, 3, 2, 12, 30), end=at(2027, 3, 2, 13, 30)
    )
    MasterclassFactory(title="Next week", start=at(2026, 12, 2, 9), end=at(2026, 12, 2, 11))
    MasterclassFactory(title="Under way", start=at(2026, 11, 25, 9), end=at(2026, 11, 25, 11))
    MasterclassFactory(
        title="Earlier today", start=at(2026, 11, 25, 8), end=at(2026, 11, 25, 9, 30)
    )
    MasterclassFactory(title="June 2025", start=at(2025, 6, 17, 10), end=at(2025, 6, 17, 12))
    MasterclassFactory(title="November 2025", start=at(2025, 11, 30, 10), end=at(2025, 11, 30, 12))
    MasterclassFactory(title="Draft", draft=True)

    html = client.get("/learning/masterclasses/").text

    upcoming, past = html.split("Past masterclasses")
    assert titles(upcoming, level="3") == ["Under way", "Next week", "Next spring"]
    # Past ones sit under their year's heading (h3), so their titles are h4.
    assert titles(past, level="4") == ["Earlier today", "November 2025", "June 2025"]
    assert re.findall(r'<h3 class="govuk-heading-m" id="past-(\d+)">', past) == ["2026", "2025"]
    assert list(Masterclass.objects.upcoming().values_list("title", flat=True))[:1] == ["Under way"]


@time_machine.travel(NOW, tick=False)
def test_detail_shows_uk_dates_format_booking_and_presentations(client):
    slides = DocumentFactory(title="Masterclass slides")
    upcoming = MasterclassFactory(
        start=at(2026, 11, 30, 12, 30),
        end=at(2026, 11, 30, 13, 30),
        presentations=[slides],
        format="hybrid",
        venue="West Offices, Station Rise, York",
    )
    html = client.get(upcoming.get_absolute_url()).text

    assert "Monday 30 November 2026, 12:30pm to 1:30pm" in html
    assert "In person and online" in html and "West Offices" in html
    assert 'href="https://booking.example.org/masterclass"' in html
    assert f'href="/learning/masterclasses/{upcoming.slug}.ics">Add to calendar' in html
    assert f'href="{slides.get_absolute_url()}">Masterclass slides</a>' in html
    assert f"(PDF, {slides.size}\xa0bytes)" in html


@time_machine.travel(NOW, tick=False)
def test_past_and_cancelled_masterclasses_offer_no_booking(client):
    past = MasterclassFactory(start=at(2021, 11, 30, 12, 30), end=at(2021, 11, 30, 13, 30))
    cancelled = MasterclassFactory(cancelled=True, cancellation_reason="The speaker is unwell.")

    assert "Book a place" not in client.get(past.get_absolute_url()).text
    html = client.get(cancelled.get_absolute_url()).text
    assert "This masterclass is cancelled. The speaker is unwell." in html
    assert "Book a place" not in html
    assert "Cancelled" in client.get("/learning/masterclasses/").text


def test_draft_masterclass_is_hidden_from_the_public_everywhere(client, staff_user):
    draft = MasterclassFactory(draft=True, title="Secret plans")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/learning/masterclasses/{draft.slug}.ics").status_code == 404
    assert "Secret plans" not in client.get("/learning/masterclasses/calendar.ics").text
    client.force_login(staff_user)
    assert "Draft: not public" in client.get(draft.get_absolute_url()).text


def test_one_masterclass_as_icalendar(client):
    masterclass = MasterclassFactory(
        title="Neglect masterclass", start=at(2026, 6, 17, 12, 30), end=at(2026, 6, 17, 13, 30)
    )
    response = client.get(f"/learning/masterclasses/{masterclass.slug}.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    (event,) = events(calendar)
    assert str(event["SUMMARY"]) == "Neglect masterclass"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == at(2026, 6, 17, 12, 30)
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=1)  # British Summer Time
    assert event.decoded("DTEND") == at(2026, 6, 17, 13, 30)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == f"http://testserver{masterclass.get_absolute_url()}"


def test_uid_is_stable_and_sequence_rises_when_the_event_changes(client):
    masterclass = MasterclassFactory()
    url = f"/learning/masterclasses/{masterclass.slug}.ics"
    (first,) = events(parse(client.get(url).content))

    masterclass.description = "<p>Fixed a typing error.</p>"  # not a calendar change
    masterclass.save()
    (same,) = events(parse(client.get(url).content))

    masterclass.start += timedelta(hours=1)
    masterclass.end += timedelta(hours=1)
    masterclass.save()
    (moved,) = events(parse(client.get(url).content))

    masterclass.cancelled, masterclass.cancellation_reason = True, "Venue closed."
    masterclass.save()
    (cancelled,) = events(parse(client.get(url).content))

    masterclass.cancellation_reason = "The speaker is unwell."  # in the entry's description
    masterclass.save()
    (reason,) = events(parse(client.get(url).content))

    masterclass.slug = "neglect-masterclass-new-address"  # the entry's URL
    masterclass.save()
    url = f"/learning/masterclasses/{masterclass.slug}.ics"
    (moved_address,) = events(parse(client.get(url).content))

    entries = (first, same, moved, cancelled, reason, moved_address)
    assert len({str(e["UID"]) for e in entries}) == 1
    assert [e["SEQUENCE"] for e in entries] == [0, 0, 1, 2, 3, 4]
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_a_cancelled_or_past_masterclass_offers_no_booking_or_joining_details(client):
    details = {
        "booking_url": "https://booking.example.org/masterclass",
        "joining_details": "A Teams link is sent to everyone who books.",
    }
    cancelled = MasterclassFactory(
        start=timezone.now() + timedelta(days=7),
        end=timezone.now() + timedelta(days=7, hours=1),
        cancelled=True,
        cancellation_reason="The speaker is unwell.",
        **details,
    )
    past = MasterclassFactory(start=at(2021, 6, 17, 12, 30), end=at(2021, 6, 17, 13, 30), **details)

    for masterclass in (cancelled, past):
        html = client.get(masterclass.get_absolute_url()).text
        assert "Book a place" not in html
        assert "A Teams link is sent" not in html
        data = json.loads(re.search(r"application/ld\+json[^>]*>(.*?)</script>", html, re.S)[1])
        assert "offers" not in data


def test_whole_calendar_holds_published_masterclasses_only(client):
    MasterclassFactory(title="Published one")
    MasterclassFactory(title="Published two", start=at(2025, 1, 10, 10), end=at(2025, 1, 10, 12))
    MasterclassFactory(title="Draft one", draft=True)
    MasterclassFactory(title="Scheduled one", scheduled=True)

    calendar = parse(client.get("/learning/masterclasses/calendar.ics").content)

    assert sorted(str(e["SUMMARY"]) for e in events(calendar)) == ["Published one", "Published two"]
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_calendar_links_use_the_host_the_request_came_in_on(client, settings):
    settings.ALLOWED_HOSTS = ["learning.example.org"]
    masterclass = MasterclassFactory()
    response = client.get(
        f"/learning/masterclasses/{masterclass.slug}.ics", HTTP_HOST="learning.example.org"
    )
    (event,) = events(parse(response.content))
    assert str(event["URL"]).startswith("http://learning.example.org/learning/masterclasses/")


def test_date_only_masterclasses_are_whole_days_in_the_calendar(client):
    call_command("load_learning_content", stdout=StringIO())
    calendar = parse(client.get("/learning/masterclasses/calendar.ics").content)
    starts = sorted(str(e.decoded("DTSTART")) for e in events(calendar))
    assert starts == ["2021-06-17", "2021-11-30"]
    html = client.get("/learning/masterclasses/learning-masterclass-2021-11-30/").text
    assert "Tuesday 30 November 2021" in html


def test_hub_lists_the_loaded_masterclasses_with_their_presentations(client):
    call_command("load_learning_content", stdout=StringIO())
    masterclass = Masterclass.objects.get(slug="learning-masterclass-2021-11-30")
    slides = DocumentFactory(title="Slides from 30 November")
    Presentation.objects.create(masterclass=masterclass, document=slides)
    html = client.get("/learning/").text
    assert "CYSCP Learning Masterclass - 30 November 2021" in html
    assert "CYSCP Learning Masterclass - 17 June 2021" in html
    assert f'href="{slides.get_absolute_url()}">Slides from 30 November</a>' in html


def test_theme_pages_include_masterclasses(client):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    MasterclassFactory(title="Neglect masterclass", themes=[theme])
    html = client.get("/learning/themes/neglect/").text
    assert "Learning Masterclasses" in html and "Neglect masterclass" in html


def test_a_masterclass_cannot_end_before_it_starts_even_in_the_database():
    from django.db import IntegrityError, transaction

    masterclass = MasterclassFactory.build(
        start=timezone.now(), end=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        masterclass.save()
