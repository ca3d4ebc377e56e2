from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Masterclass, Speaker
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
CHANGE_LIST = "/admin/events/masterclass/"


def masterclass_form(**overrides):
    data = {
        "title": "Learning Masterclass: neglect",
        "slug": "learning-masterclass-neglect",
        "start_0": "30/11/2026",
        "start_1": "12:30:00",
        "end_0": "30/11/2026",
        "end_1": "13:30:00",
        "format": "online",
        "description": "<p>Learning from neglect reviews.</p>",
        "status": "published",
        "published_at_0": "01/11/2026",
        "published_at_1": "09:00:00",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
        "presentation_set-TOTAL_FORMS": "0",
        "presentation_set-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_staff_add_a_masterclass_with_a_speaker_and_slides(admin_client):
    slides = DocumentFactory()
    response = admin_client.post(
        "/admin/events/masterclass/add/",
        masterclass_form(
            **{
                "speakers-TOTAL_FORMS": "1",
                "speakers-0-name": "Dr A Example",
                "speakers-0-role": "Designated doctor",
                "speakers-0-position": "0",
                "presentation_set-TOTAL_FORMS": "1",
                "presentation_set-0-document": str(slides.pk),
                "presentation_set-0-position": "0",
            }
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    masterclass = Masterclass.objects.get()
    assert masterclass.when == "Monday 30 November 2026, 12:30pm to 1:30pm"
    assert list(masterclass.presentations.all()) == [slides]
    assert masterclass.speakers.get().name == "Dr A Example"


def test_end_before_start_is_a_form_error(admin_client):
    response = admin_client.post(
        "/admin/events/masterclass/add/", masterclass_form(end_1="11:00:00")
    )
    assert "The end must be after the start." in response.text
    assert not Masterclass.objects.exists()


def test_cancelling_needs_a_reason(admin_client):
    response = admin_client.post("/admin/events/masterclass/add/", masterclass_form(cancelled="on"))
    assert "Say why it is cancelled" in response.text
    assert not Masterclass.objects.exists()


def test_calendar_is_not_a_masterclass_address(admin_client):
    response = admin_client.post(
        "/admin/events/masterclass/add/", masterclass_form(slug="calendar")
    )
    assert "is the address of the whole calendar" in response.text


@time_machine.travel(datetime(2026, 11, 25, 10, tzinfo=LONDON), tick=False)
def test_upcoming_and_past_filters(admin_client):
    MasterclassFactory(
        title="Coming soon",
        start=datetime(2026, 12, 1, 10, tzinfo=LONDON),
        end=datetime(2026, 12, 1, 11, tzinfo=LONDON),
    )
    MasterclassFactory(
        title="Long gone",
        start=datetime(2021, 6, 17, 10, tzinfo=LONDON),
        end=datetime(2021, 6, 17, 11, tzinfo=LONDON),
    )
    upcoming = admin_client.get(f"{CHANGE_LIST}?when=upcoming").text
    past = admin_client.get(f"{CHANGE_LIST}?when=past").text
    assert "Coming soon" in upcoming and "Long gone" not in upcoming
    assert "Long gone" in past and "Coming soon" not in past


@time_machine.travel(datetime(2026, 11, 25, 10, tzinfo=LONDON), tick=False)
def test_copy_action_makes_a_draft_for_the_next_date(admin_client):
    theme = ThemeFactory()
    original = MasterclassFactory(
        title="Learning Masterclass",
        slug="learning-masterclass",
        start=datetime(2026, 6, 17, 12, 30, tzinfo=LONDON),
        end=datetime(2026, 6, 17, 13, 30, tzinfo=LONDON),
        presentations=[DocumentFactory()],
        themes=[theme],
    )
    Speaker.objects.create(masterclass=original, name="Dr A Example")
    action = {"action": "copy_to_next_date", "_selected_action": [original.pk]}

    form = admin_client.post(CHANGE_LIST, action)
    assert "Date of the next masterclass" in form.text

    too_early = admin_client.post(CHANGE_LIST, {**action, "apply": "1", "date": "2026-01-01"})
    assert "Choose a date after today." in too_early.text
    assert Masterclass.objects.count() == 1

    response = admin_client.post(CHANGE_LIST, {**action, "apply": "1", "date": "2027-01-19"})
    copy = Masterclass.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/events/masterclass/{copy.pk}/change/"
    assert copy.status == "draft"
    assert copy.when == "Tuesday 19 January 2027, 12:30pm to 1:30pm"  # GMT now, BST before
    assert copy.slug == "learning-masterclass-2027-01-19"
    assert copy.uid != original.uid
    assert list(copy.themes.all()) == [theme]
    assert copy.speakers.get().name == "Dr A Example"
    assert not copy.presentations.exists()
    assert copy.booking_url == ""


def test_a_copy_takes_the_new_date_into_its_title_and_address(admin_client):
    original = MasterclassFactory(
        title="CYSCP Learning Masterclass - 30 November 2021",
        slug="learning-masterclass-2021-11-30",
        start=datetime(2021, 11, 30, 12, 30, tzinfo=LONDON),
        end=datetime(2021, 11, 30, 13, 30, tzinfo=LONDON),
    )
    action = {"action": "copy_to_next_date", "_selected_action": [original.pk], "apply": "1"}

    admin_client.post(CHANGE_LIST, {**action, "date": "2027-06-01"})
    dated = Masterclass.objects.get(title="CYSCP Learning Masterclass - 1 June 2027")
    assert dated.slug == "cyscp-learning-masterclass-1-june-2027"

    admin_client.post(CHANGE_LIST, {**action, "date": "2027-07-06", "title": "Neglect masterclass"})
    named = Masterclass.objects.get(title="Neglect masterclass")
    assert named.slug == "neglect-masterclass"

    refused = admin_client.post(CHANGE_LIST, {**action, "date": "2027-08-03", "title": "!!!"})
    assert "Use a title with letters (A to Z) or numbers in it" in refused.text
    assert not Masterclass.objects.filter(title="!!!").exists()


def test_copy_action_takes_one_masterclass_at_a_time(admin_client):
    first, second = MasterclassFactory(), MasterclassFactory()
    response = admin_client.post(
        CHANGE_LIST,
        {"action": "copy_to_next_date", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "Choose one masterclass to copy at a time." in response.text
    assert Masterclass.objects.count() == 2
