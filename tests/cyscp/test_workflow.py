"""Changes to published items are held back until a publisher publishes them;
editors submit, publishers approve (now or for later) or reject; every step
is in the item's history."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from briefings.models import Briefing, BriefingPoint
from cyscp.models import PendingChange, PublishingEvent
from cyscp.publishing import Status
from tests.admin_forms import form_values
from tests.briefings.factories import BriefingFactory
from tests.briefings.test_admin import briefing_form

pytestmark = pytest.mark.django_db

BRIEFINGS = "/admin/briefings/briefing/"
WAITING = "/admin/waiting-for-approval/"


def change_url(item):
    return f"{BRIEFINGS}{item.pk}/change/"


def publishing_url(item):
    return f"{BRIEFINGS}{item.pk}/publishing/"


def edit(client, item, changes, **buttons):
    """Opens the item's form as this member of staff and saves it with `changes`."""
    data = form_values(client.get(change_url(item)))
    data.update(changes, **buttons)
    response = client.post(change_url(item), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def seen(client, item) -> dict:
    """What the Publishing page showed, as its forms send it back."""
    html = client.get(publishing_url(item)).text
    state = re.search(r'name="seen_state" value="([^"]*)"', html)
    saved_at = re.search(r'name="seen_saved_at" value="([^"]*)"', html)
    return {
        "seen_state": state[1] if state else "",
        "seen_saved_at": saved_at[1] if saved_at else "",
    }


def step(client, item, name, seen_values=None, **fields):
    data = {"step": name, **(seen_values or seen(client, item)), **fields}
    response = client.post(publishing_url(item), data, follow=True)
    assert response.status_code == 200
    return response


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def actions(item):
    return list(
        PublishingEvent.objects.filter(object_id=item.pk)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def briefing():
    return BriefingFactory(title="Learning from Poppy", slug="learning-from-poppy")


def test_a_change_to_a_published_briefing_waits_until_it_is_published(
    editor_client, publisher_client, client, briefing
):
    page = briefing.get_absolute_url()
    edit(
        editor_client,
        briefing,
        {"title": "Learning from Poppy, revised", "points-2-body": "<p>New point three.</p>"},
    )

    # The public sees the published text...
    public = client.get(page).text
    assert "Learning from Poppy, revised" not in public and "New point three." not in public
    briefing.refresh_from_db()
    assert briefing.title == "Learning from Poppy"
    # ...staff see the changes at the same address, with a banner...
    staff = editor_client.get(page)
    assert staff["Cache-Control"] == "private, no-store"
    assert "Changes waiting to be published" in staff.text
    assert "Learning from Poppy, revised" in staff.text and "New point three." in staff.text
    assert "Accessibility check" in staff.text
    # ...or the published version, if they ask.
    assert "New point three." not in editor_client.get(page + "?published").text
    # The form carries on from the changes, and says so.
    form = editor_client.get(change_url(briefing)).text
    assert "Changes waiting to be published" in form
    assert 'value="Learning from Poppy, revised"' in form

    # A publisher publishes them in one step.
    done = step(publisher_client, briefing, "approve", **{"approve-when": "now"})
    assert any("are published" in message for message in messages_of(done))
    public = client.get(page).text
    assert "Learning from Poppy, revised" in public and "New point three." in public
    assert not PendingChange.objects.exists()
    assert actions(briefing) == [PublishingEvent.Action.PUBLISHED]


def test_the_history_shows_changes_waiting(editor_client, briefing):
    edit(editor_client, briefing, {"summary": "A new summary."})
    html = editor_client.get(f"{BRIEFINGS}{briefing.pk}/history/").text
    assert "Waiting to be published." in html
    assert "Publishing steps" in html


def test_a_second_save_carries_on_from_the_first(editor_client, client, briefing):
    edit(editor_client, briefing, {"title": "First edit"})
    edit(editor_client, briefing, {"summary": "Second edit."})
    staff = editor_client.get(briefing.get_absolute_url()).text
    assert "First edit" in staff and "Second edit." in staff
    assert "First edit" not in client.get(briefing.get_absolute_url()).text
    assert PendingChange.objects.count() == 1


def test_a_point_added_in_held_changes_never_takes_another_briefings_row(
    editor_client, publisher_client, client
):
    briefing = BriefingFactory(title="Missing a point")
    briefing.points.filter(number=7).delete()
    data = form_values(editor_client.get(change_url(briefing)))
    data.update(
        {
            "points-TOTAL_FORMS": "7",
            "points-6-number": "7",
            "points-6-heading": "What to do",
            "points-6-body": "<p>Record who lives in the home.</p>",
        }
    )
    assert editor_client.post(change_url(briefing), data).status_code == 302
    assert briefing.points.count() == 6  # held back

    # New rows saved since, elsewhere, must not be overwritten by publishing.
    other = BriefingFactory(title="Another briefing")
    others_points = list(other.points.values_list("pk", "body"))

    step(publisher_client, briefing, "approve", **{"approve-when": "now"})
    assert [p.number for p in briefing.points.all()] == [1, 2, 3, 4, 5, 6, 7]
    assert briefing.points.get(number=7).body == "<p>Record who lives in the home.</p>"
    assert list(other.points.values_list("pk", "body")) == others_points
    assert "Record who lives in the home." in client.get(briefing.get_absolute_url()).text


def test_submit_then_approve_a_new_briefing(editor_client, publisher_client, client, editor):
    response = editor_client.post(
        f"{BRIEFINGS}add/",
        briefing_form(approval_note="Ready for the team meetings.", _submit="1"),
        follow=True,
    )
    assert any("is submitted" in message for message in messages_of(response))
    briefing = Briefing.objects.get()
    assert briefing.status == Status.DRAFT
    assert client.get(briefing.get_absolute_url()).status_code == 404

    waiting = publisher_client.get(WAITING).text
    assert "Learning lessons review: Child H" in waiting
    assert "Ready for the team meetings." in waiting and editor.username in waiting
    assert "New: not published before" in waiting
    assert publishing_url(briefing) in waiting
    assert "Waiting for approval (1)" in waiting

    publishing = publisher_client.get(publishing_url(briefing)).text
    assert "Ready for the team meetings." in publishing and "Accessibility check" not in publishing
    done = step(publisher_client, briefing, "approve", **{"approve-when": "now"})
    assert "“Learning lessons review: Child H” is published." in messages_of(done)
    assert client.get(briefing.get_absolute_url()).status_code == 200
    assert "Nothing is waiting for approval." in publisher_client.get(WAITING).text
    assert actions(briefing) == ["submitted", "approved", "published"]
    history = editor_client.get(f"{BRIEFINGS}{briefing.pk}/history/").text
    for words in [
        "Submitted for approval",
        "Approved",
        "Published",
        "Ready for the team meetings.",
    ]:
        assert words in history


def test_submit_then_reject_and_the_editor_sees_why(
    editor_client, publisher_client, client, briefing
):
    edit(
        editor_client,
        briefing,
        {"title": "Learning from Poppy (draft wording)", "approval_note": "Please check point 3."},
        _submit="1",
    )
    waiting = publisher_client.get(WAITING).text
    assert "Changes to a published briefing" in waiting

    page = publisher_client.get(publishing_url(briefing)).text
    assert "compared with what is published" in page
    assert "[added: Poppy (draft wording)]" in page  # compared with what is live

    step(publisher_client, briefing, "reject", **{"reject-comment": "Use the family's words."})
    form = editor_client.get(change_url(briefing)).text
    assert "Rejected by pat-publisher" in form and "Use the family&#x27;s words." in form
    assert "Learning from Poppy (draft wording)" not in client.get(briefing.get_absolute_url()).text

    # Put right and sent again.
    edit(editor_client, briefing, {"title": "Learning from Poppy (revised)"}, _submit="1")
    assert PendingChange.objects.get().state == PendingChange.State.SUBMITTED
    assert actions(briefing) == ["submitted", "rejected", "submitted"]


def test_approving_what_a_colleague_has_just_rejected_is_refused_with_a_message(
    editor_client, publisher_client, admin_client, client, briefing
):
    edit(editor_client, briefing, {"title": "Changed title"}, _submit="1")
    opened = seen(publisher_client, briefing)  # the first publisher opens the page
    step(admin_client, briefing, "reject", **{"reject-comment": "Not yet."})

    late = step(publisher_client, briefing, "approve", opened, **{"approve-when": "now"})
    message = " ".join(messages_of(late))
    assert "Rejected" in message and "admin" in message and "Nothing else has been done" in message
    assert PendingChange.objects.get().state == PendingChange.State.REJECTED
    assert "Changed title" not in client.get(briefing.get_absolute_url()).text


def test_approving_changes_saved_again_since_the_page_was_opened_is_refused(
    editor_client, publisher_client, client, briefing
):
    edit(editor_client, briefing, {"title": "Changed once"}, _submit="1")
    opened = seen(publisher_client, briefing)
    edit(editor_client, briefing, {"title": "Changed twice"})

    late = step(publisher_client, briefing, "approve", opened, **{"approve-when": "now"})
    assert "saved again" in " ".join(messages_of(late))
    assert "Changed" not in client.get(briefing.get_absolute_url()).text


def test_publishing_twice_publishes_once(publisher_client, admin_client, editor_client, briefing):
    edit(editor_client, briefing, {"title": "Changed"}, _submit="1")
    opened = seen(publisher_client, briefing)
    step(admin_client, briefing, "approve", opened, **{"approve-when": "now"})
    again = step(publisher_client, briefing, "approve", opened, **{"approve-when": "now"})
    assert "Published" in " ".join(messages_of(again))
    assert actions(briefing).count("published") == 1


def test_changes_approved_for_later_go_public_at_their_time(
    editor_client, publisher_client, client, briefing
):
    edit(editor_client, briefing, {"title": "Learning from Poppy, for Monday"}, _submit="1")
    monday = (timezone.localtime() + datetime.timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    done = step(
        publisher_client,
        briefing,
        "approve",
        **{"approve-when": "later", "approve-publish_at": monday.strftime("%Y-%m-%dT%H:%M")},
    )
    assert any("are approved" in message for message in messages_of(done))
    assert PendingChange.objects.get().state == PendingChange.State.SCHEDULED
    calendar = publisher_client.get("/admin/publishing-calendar/", {"month": f"{monday:%Y-%m}"})
    assert "Changes to Learning from Poppy" in calendar.text

    call_command("publish_scheduled", verbosity=0)
    assert "for Monday" not in client.get(briefing.get_absolute_url()).text

    with time_machine.travel(monday + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", verbosity=0)
        assert "Learning from Poppy, for Monday" in client.get(briefing.get_absolute_url()).text
    assert not PendingChange.objects.exists()
    assert actions(briefing)[-2:] == ["scheduled", "published"]


def approved_for_later(editor_client, publisher_client, item, changes):
    """An editor's changes, submitted and approved for two hours from now;
    returns that time."""
    edit(editor_client, item, changes, _submit="1")
    soon = timezone.localtime() + datetime.timedelta(hours=2)
    step(
        publisher_client,
        item,
        "approve",
        **{"approve-when": "later", "approve-publish_at": soon.strftime("%Y-%m-%dT%H:%M")},
    )
    return soon


@override_settings(SCHEDULED_CHANGES_CHECK_SECONDS=30)
def test_a_visit_after_their_time_publishes_changes_without_cron(
    editor_client, publisher_client, client, briefing
):
    changes = {"title": "Learning from Poppy, later"}
    soon = approved_for_later(editor_client, publisher_client, briefing, changes)
    with time_machine.travel(soon + datetime.timedelta(minutes=1), tick=False):
        assert "Learning from Poppy, later" in client.get(briefing.get_absolute_url()).text


def test_an_edit_after_approval_for_later_needs_approving_again(
    editor_client, publisher_client, briefing
):
    edit(editor_client, briefing, {"title": "Approved wording"}, _submit="1")
    later = timezone.localtime() + datetime.timedelta(days=1)
    step(
        publisher_client,
        briefing,
        "approve",
        **{"approve-when": "later", "approve-publish_at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    edit(editor_client, briefing, {"title": "Wording nobody approved"})
    assert PendingChange.objects.get().state == PendingChange.State.SUBMITTED
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", verbosity=0)
    briefing.refresh_from_db()
    assert briefing.title == "Learning from Poppy"


def test_a_publisher_saves_and_publishes_at_once(publisher_client, client, briefing):
    response = edit(publisher_client, briefing, {"title": "Corrected title"}, _publish="1")
    assert response.status_code == 302
    assert "Corrected title" in client.get(briefing.get_absolute_url()).text
    assert actions(briefing) == ["published"]


def test_an_editor_cannot_save_and_publish(editor_client, client, briefing):
    data = form_values(editor_client.get(change_url(briefing)))
    response = editor_client.post(
        change_url(briefing), {**data, "title": "Sneaky", "_publish": "1"}
    )
    assert response.status_code == 403
    assert "Sneaky" not in client.get(briefing.get_absolute_url()).text
    assert not PendingChange.objects.exists()


def test_discarding_changes_keeps_the_published_version(editor_client, client, briefing):
    edit(editor_client, briefing, {"title": "Not wanted"})
    step(editor_client, briefing, "discard")
    assert not PendingChange.objects.exists()
    assert "Not wanted" not in editor_client.get(briefing.get_absolute_url()).text
    assert actions(briefing) == ["discarded"]


def test_unpublishing_keeps_the_waiting_changes_in_the_draft(
    editor_client, publisher_client, client, briefing
):
    edit(editor_client, briefing, {"title": "Waiting title"})
    step(publisher_client, briefing, "unpublish")
    briefing.refresh_from_db()
    assert (briefing.status, briefing.title) == (Status.DRAFT, "Waiting title")
    assert client.get(briefing.get_absolute_url()).status_code == 404


def test_preview_of_a_published_items_form_starts_from_the_waiting_changes(editor_client, briefing):
    edit(editor_client, briefing, {"title": "Held title"})
    data = form_values(editor_client.get(change_url(briefing)))
    data["summary"] = "Previewed summary."
    preview = editor_client.post(f"{BRIEFINGS}{briefing.pk}/preview/", data)
    assert preview.status_code == 200
    assert "Held title" in preview.text and "Previewed summary." in preview.text
    briefing.refresh_from_db()
    assert briefing.title == "Learning from Poppy"


def test_a_deleted_item_leaves_nothing_waiting(editor_client, admin_client, briefing):
    edit(editor_client, briefing, {"title": "Held"}, _submit="1")
    admin_client.post(f"{BRIEFINGS}{briefing.pk}/delete/", {"post": "yes"})
    assert not PendingChange.objects.exists()
    assert admin_client.get(WAITING).status_code == 200


def test_a_step_with_a_bad_time_or_no_comment_says_what_is_wrong(
    editor_client, publisher_client, briefing
):
    edit(editor_client, briefing, {"title": "Held"}, _submit="1")
    no_time = publisher_client.post(
        publishing_url(briefing),
        {"step": "approve", **seen(publisher_client, briefing), "approve-when": "later"},
    )
    assert "Give the time it should become public." in no_time.text
    past = publisher_client.post(
        publishing_url(briefing),
        {
            "step": "approve",
            **seen(publisher_client, briefing),
            "approve-when": "later",
            "approve-publish_at": "2001-01-01T09:00",
        },
    )
    assert "Choose a time in the future" in past.text
    no_comment = publisher_client.post(
        publishing_url(briefing), {"step": "reject", **seen(publisher_client, briefing)}
    )
    assert "Say what needs to change" in no_comment.text
    garbage = publisher_client.post(
        publishing_url(briefing),
        {"step": "approve", "seen_saved_at": "\x00yesterday", "approve-when": "now"},
    )
    assert garbage.status_code == 302
    assert PendingChange.objects.get().state == PendingChange.State.SUBMITTED
    assert BriefingPoint.objects.filter(briefing=briefing).count() == 7


def test_a_hub_sections_changes_wait_and_staff_see_them_on_the_hub(editor_client, client):
    from tests.factories import HubSectionFactory

    section = HubSectionFactory(title="Learning from practice", body="<p>Published words.</p>")
    address = f"/admin/cyscp/hubsection/{section.pk}/change/"
    data = form_values(editor_client.get(address))
    data["body"] = "<p>Words waiting.</p>"
    assert editor_client.post(address, data).status_code == 302

    public = client.get("/learning/").text
    assert "Published words." in public and "Words waiting." not in public
    staff = editor_client.get("/learning/")
    assert "Words waiting." in staff.text and "Changes waiting to be published" in staff.text
    assert staff["Cache-Control"] == "private, no-store"
    assert "Published words." in editor_client.get("/learning/?published").text


def test_a_draft_restored_to_another_version_after_a_publisher_looked_is_not_approved_unseen(
    editor_client, publisher_client, client
):
    from reversion.models import Version

    draft = BriefingFactory(draft=True, title="Good words")
    change = change_url(draft)
    assert (
        editor_client.post(
            change, {**form_values(editor_client.get(change)), "title": "Bad words"}
        ).status_code
        == 302
    )
    assert (
        editor_client.post(
            change,
            {**form_values(editor_client.get(change)), "title": "Good words", "_submit": "1"},
        ).status_code
        == 302
    )
    opened = seen(publisher_client, draft)
    bad = Version.objects.get_for_object(draft).order_by("pk").first()
    revert = f"{BRIEFINGS}{draft.pk}/history/{bad.pk}/"
    assert editor_client.post(revert, form_values(editor_client.get(revert))).status_code == 302

    late = step(publisher_client, draft, "approve", opened, **{"approve-when": "now"})
    assert "saved again" in " ".join(messages_of(late))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_direct_changes_to_an_item_with_waiting_changes_are_refused(
    editor_client, publisher_client, client
):
    from tests.factories import HubSectionFactory, ResourceFactory

    section = HubSectionFactory(title="Useful resources", position=10)
    kept = ResourceFactory(section=section, title="Kept resource")
    address = f"/admin/cyscp/hubsection/{section.pk}/change/"
    data = form_values(editor_client.get(address))
    data["body"] = "<p>Words waiting.</p>"
    assert editor_client.post(address, data).status_code == 302

    added = publisher_client.post(
        "/admin/cyscp/resource/add/",
        {
            "title": "Added since",
            "url": "https://example.org/",
            "section": section.pk,
            "position": 0,
        },
    )
    assert added.status_code == 200 and "has changes waiting to be published" in added.text
    listed = publisher_client.post(
        "/admin/cyscp/hubsection/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(section.pk),
            "form-0-position": "99",
            "_save": "Save",
        },
    )
    assert "has changes waiting to be published" in listed.text
    section.refresh_from_db()
    assert section.position == 10
    assert [r.title for r in section.resources.all()] == [kept.title]


def test_waiting_changes_that_clash_with_a_later_save_give_messages_not_errors(
    editor_client, publisher_client, client, briefing
):
    edit(editor_client, briefing, {"slug": "the-new-address"}, _submit="1")
    BriefingFactory(slug="the-new-address")  # another briefing takes the address since

    page = editor_client.get(briefing.get_absolute_url())
    assert page.status_code == 200 and "Changes waiting to be published" not in page.text
    form = editor_client.get(change_url(briefing))
    assert form.status_code == 200
    assert "can no longer be put in" in " ".join(messages_of(form))
    done = step(publisher_client, briefing, "approve", **{"approve-when": "now"})
    assert "can no longer be put in" in " ".join(messages_of(done))
    assert client.get(briefing.get_absolute_url()).status_code == 200
    assert PendingChange.objects.get().state == PendingChange.State.SUBMITTED


def test_an_editor_cannot_undo_a_publishers_approval_for_later(
    editor_client, publisher_client, briefing
):
    edit(editor_client, briefing, {"title": "Approved"}, _submit="1")
    later = timezone.localtime() + datetime.timedelta(days=1)
    step(
        publisher_client,
        briefing,
        "approve",
        **{"approve-when": "later", "approve-publish_at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    for name in ("withdraw", "discard"):
        refused = step(editor_client, briefing, name)
        assert messages_of(refused)
        assert PendingChange.objects.get().state == PendingChange.State.SCHEDULED
