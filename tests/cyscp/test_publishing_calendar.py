"""The publishing calendar: what went public and what is scheduled, by day,
across every kind, in UK time."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.briefings.factories import BriefingFactory
from tests.events.factories import MasterclassFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
CALENDAR = "/admin/publishing-calendar/"


@time_machine.travel(datetime.datetime(2026, 6, 10, 12, tzinfo=LONDON), tick=False)
def test_a_month_lists_published_and_scheduled_items_on_their_day(admin_client):
    CaseReviewFactory(
        child_pseudonym="Poppy", published_at=datetime.datetime(2026, 6, 3, 9, 30, tzinfo=LONDON)
    )
    BriefingFactory(
        title="Neglect briefing", published_at=datetime.datetime(2026, 6, 24, 8, tzinfo=LONDON)
    )
    MasterclassFactory(
        title="Draft masterclass",
        draft=True,
        published_at=datetime.datetime(2026, 6, 5, 8, tzinfo=LONDON),
    )
    BriefingFactory(
        title="July briefing", published_at=datetime.datetime(2026, 7, 1, 8, tzinfo=LONDON)
    )

    html = admin_client.get(CALENDAR).text
    assert "Publishing calendar: June 2026" in html
    days = re.findall(r"<h2 id=\"day-[^\"]+\">([^<]+)</h2>", html)
    assert days == ["Wednesday 3 June", "Wednesday 24 June"]
    scheduled = html[html.index("Wednesday 24 June") :]
    assert "08:00" in scheduled and "Neglect briefing" in scheduled
    assert "<strong>Scheduled</strong>" in scheduled
    published = html[html.index("Wednesday 3 June") : html.index("Wednesday 24 June")]
    assert "09:30" in published and "Poppy" in published and "Published" in published
    assert "Draft masterclass" not in html and "July briefing" not in html

    july = admin_client.get(CALENDAR, {"month": "2026-07"}).text
    assert "July briefing" in july and "Neglect briefing" not in july
    assert 'href="?month=2026-05"' in html and 'href="?month=2026-07"' in html


@pytest.mark.parametrize("month", ["2026-13", "soon", "2026-1", "99999-01", "\u00b2026-01"])
def test_a_month_that_is_not_one_gives_this_month_with_a_message(admin_client, month):
    response = admin_client.get(CALENDAR, {"month": month})
    assert response.status_code == 200
    assert "is not a month" in response.text


def test_the_calendar_is_for_staff_only(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
