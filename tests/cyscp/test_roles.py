"""Editors draft and submit; publishers publish. Enforced on the server: an
editor's forms have no publishing controls, and a hand-made POST cannot
publish, schedule, unpublish or delete published content."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from briefings.models import Briefing
from cyscp.models import Document, HubSection, Theme
from cyscp.publishing import Status
from cyscp.staff import EDITOR, PUBLISHER
from reviews.models import CaseReview
from tests.admin_forms import form_values
from tests.briefings.factories import BriefingFactory
from tests.factories import DocumentFactory, HubSectionFactory, StaffUserFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory
from tests.reviews.test_admin import review_form

pytestmark = pytest.mark.django_db

REVIEWS = "/admin/reviews/casereview/"
BRIEFINGS = "/admin/briefings/briefing/"


def test_migrate_keeps_both_groups_and_the_old_group_becomes_publisher():
    Group.objects.filter(name__in=[EDITOR, PUBLISHER]).delete()
    old = Group.objects.create(name="Partnership staff")
    member = StaffUserFactory()
    member.groups.add(old)

    call_command("migrate", verbosity=0)

    assert not Group.objects.filter(name="Partnership staff").exists()
    publisher = Group.objects.get(name=PUBLISHER)
    assert list(publisher.user_set.all()) == [member]
    codenames = set(publisher.permissions.values_list("codename", flat=True))
    assert {"publish", "add_briefing", "delete_casereview", "change_theme"} <= codenames
    editor = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    assert {"add_briefing", "change_briefing", "change_briefingpoint", "view_theme"} <= editor
    assert not editor & {"publish", "change_theme", "add_partnership", "change_hubpage"}
    assert not any("user" in codename for codename in codenames | editor)


@pytest.mark.parametrize(
    ("address", "editor_may"),
    [
        (f"{REVIEWS}add/", True),
        (f"{BRIEFINGS}add/", True),
        ("/admin/events/masterclass/add/", True),
        ("/admin/cyscp/document/add/", True),
        ("/admin/cyscp/hubsection/", True),
        ("/admin/cyscp/theme/add/", False),
        ("/admin/cyscp/partnership/add/", False),
        ("/admin/auth/user/", False),
    ],
)
def test_what_each_role_may_open(client, address, editor_may):
    user = StaffUserFactory()
    client.force_login(user)
    assert client.get(address).status_code == 403  # staff in no group see nothing

    user.groups.add(Group.objects.get(name=EDITOR))
    assert client.get(address).status_code == (200 if editor_may else 403)
    user.groups.set([Group.objects.get(name=PUBLISHER)])
    # Accounts stay with administrators.
    assert client.get(address).status_code == (403 if "auth" in address else 200)


def test_an_editors_form_has_no_publishing_controls(editor_client, publisher_client):
    draft = CaseReviewFactory(draft=True)
    live = CaseReviewFactory()
    for address in [
        f"{REVIEWS}add/",
        f"{REVIEWS}{draft.pk}/change/",
        f"{REVIEWS}{live.pk}/change/",
    ]:
        html = editor_client.get(address).text
        assert 'name="status"' not in html and 'name="published_at_0"' not in html
        assert 'name="_publish"' not in html
        assert "Save and submit for approval" in html
    # A publisher sets a draft's status in its form; a published item's
    # status and time change only through its Publishing page.
    assert 'name="status"' in publisher_client.get(f"{REVIEWS}{draft.pk}/change/").text
    live_form = publisher_client.get(f"{REVIEWS}{live.pk}/change/").text
    assert 'name="status"' not in live_form and 'name="_publish"' in live_form


def test_a_hand_made_post_from_an_editor_saves_a_draft(editor_client, client):
    response = editor_client.post(f"{REVIEWS}add/", review_form(status="published"))
    assert response.status_code == 302
    review = CaseReview.objects.get(slug="learning-from-poppy")
    assert review.status == Status.DRAFT
    assert client.get(review.get_absolute_url()).status_code == 404


def test_a_hand_made_post_from_an_editor_cannot_publish_or_schedule_a_draft(editor_client):
    review = CaseReviewFactory(draft=True, slug="learning-from-poppy")
    opened_at = review.published_at
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    response = editor_client.post(
        f"{REVIEWS}{review.pk}/change/",
        review_form(
            status="published",
            published_at_0=tomorrow.strftime("%d/%m/%Y"),
            published_at_1="09:00:00",
            title="Edited by the editor",
        ),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.title == "Edited by the editor"  # the edit is kept...
    assert (review.status, review.published_at) == (Status.DRAFT, opened_at)  # ...not the rest


def test_an_editor_cannot_delete_published_content_but_can_delete_a_draft(editor_client):
    live = CaseReviewFactory()
    assert editor_client.get(f"{REVIEWS}{live.pk}/delete/").status_code == 403
    assert editor_client.post(f"{REVIEWS}{live.pk}/delete/", {"post": "yes"}).status_code == 403
    # Nor from the list, with others chosen beside it.
    draft = CaseReviewFactory(draft=True)
    response = editor_client.post(
        REVIEWS,
        {"action": "delete_selected", "_selected_action": [live.pk, draft.pk], "post": "yes"},
    )
    assert response.status_code in (200, 403)
    assert CaseReview.objects.filter(pk=live.pk).exists()

    assert editor_client.post(f"{REVIEWS}{draft.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not CaseReview.objects.filter(pk=draft.pk).exists()


def test_a_publisher_can_publish_schedule_unpublish_and_delete(publisher_client, client):
    review = CaseReviewFactory(draft=True, slug="learning-from-poppy")
    address = f"{REVIEWS}{review.pk}/change/"
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    scheduled = review_form(
        published_at_0=tomorrow.strftime("%d/%m/%Y"), published_at_1=tomorrow.strftime("%H:%M:%S")
    )
    assert publisher_client.post(address, scheduled).status_code == 302
    review.refresh_from_db()
    assert review.is_scheduled

    publishing = f"{REVIEWS}{review.pk}/publishing/"
    page = publisher_client.get(publishing).text
    assert "change when it becomes public" in page and "Unpublish" in page
    now = publisher_client.post(
        publishing,
        {"step": "approve", "approve-when": "now", "seen_state": "", "seen_saved_at": ""},
    )
    assert now.status_code == 302
    assert client.get(review.get_absolute_url()).status_code == 200

    assert publisher_client.post(publishing, {"step": "unpublish"}).status_code == 302
    review.refresh_from_db()
    assert review.status == Status.DRAFT
    assert client.get(review.get_absolute_url()).status_code == 404

    review.status = Status.PUBLISHED
    review.save()
    assert (
        publisher_client.post(f"{REVIEWS}{review.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert not CaseReview.objects.exists()


@pytest.mark.parametrize("step", ["approve", "reject", "unpublish"])
def test_an_editor_cannot_take_a_publishers_step(editor_client, client, step):
    review = CaseReviewFactory(draft=True)
    response = editor_client.post(
        f"{REVIEWS}{review.pk}/publishing/",
        {
            "step": step,
            "approve-when": "now",
            "reject-comment": "No.",
        },
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.status == Status.DRAFT
    assert client.get(review.get_absolute_url()).status_code == 404


def test_restoring_an_old_published_version_does_not_publish_it_for_an_editor(
    admin_client, editor_client, client
):
    briefing = BriefingFactory(title="Learning from Poppy")
    change = f"{BRIEFINGS}{briefing.pk}/change/"
    published = form_values(admin_client.get(change))
    assert admin_client.post(change, {**published, "_publish": "1"}).status_code == 302
    # A publisher takes it down; an editor then restores the published version.
    admin_client.post(f"{BRIEFINGS}{briefing.pk}/publishing/", {"step": "unpublish"})
    from reversion.models import Version

    version = Version.objects.get_for_object(briefing).order_by("pk").first()
    revert = f"{BRIEFINGS}{briefing.pk}/history/{version.pk}/"
    assert editor_client.post(revert, form_values(editor_client.get(revert))).status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == Status.DRAFT
    assert client.get(briefing.get_absolute_url()).status_code == 404


def test_an_editor_cannot_replace_or_delete_a_file_that_published_content_uses(editor_client):
    public = DocumentFactory(title="Published slides")
    BriefingFactory(documents=[public])
    unused = DocumentFactory(title="New slides")
    documents = "/admin/cyscp/document/"
    assert editor_client.get(f"{documents}{public.pk}/delete/").status_code == 403
    page = editor_client.get(f"{documents}{public.pk}/change/").text
    assert 'type="file"' not in page  # shown, not changeable
    assert editor_client.post(f"{documents}{unused.pk}/delete/", {"post": "yes"}).status_code == 302
    assert list(Document.objects.all()) == [public]


def test_site_wide_records_are_read_only_for_editors(editor_client):
    theme = ThemeFactory(name="Neglect")
    response = editor_client.post(
        f"/admin/cyscp/theme/{theme.pk}/change/", {"name": "Renamed", "slug": theme.slug}
    )
    assert response.status_code == 403
    assert Theme.objects.get().name == "Neglect"


def test_editors_cannot_reorder_the_hub_from_its_list(editor_client, publisher_client):
    section = HubSectionFactory(position=10)
    assert 'name="form-0-position"' not in editor_client.get("/admin/cyscp/hubsection/").text
    assert 'name="form-0-position"' in publisher_client.get("/admin/cyscp/hubsection/").text
    assert HubSection.objects.get().position == section.position


def test_briefing_added_by_an_editor_is_a_draft(editor_client):
    from tests.briefings.test_admin import briefing_form

    assert (
        editor_client.post(f"{BRIEFINGS}add/", briefing_form(status="published")).status_code == 302
    )
    assert Briefing.objects.get().status == Status.DRAFT


def test_save_as_new_on_a_restored_version_cannot_publish_for_an_editor(
    admin_client, editor_client, client
):
    from reversion.models import Version

    section = HubSectionFactory(title="Learning from practice", body="<p>Old words.</p>")
    change = f"/admin/cyscp/hubsection/{section.pk}/change/"
    assert (
        admin_client.post(
            change, {**form_values(admin_client.get(change)), "_publish": "1"}
        ).status_code
        == 302
    )
    admin_client.post(f"/admin/cyscp/hubsection/{section.pk}/publishing/", {"step": "unpublish"})
    version = Version.objects.get_for_object(section).order_by("pk").first()
    revert = f"/admin/cyscp/hubsection/{section.pk}/history/{version.pk}/"
    data = {**form_values(editor_client.get(revert)), "_saveasnew": "1", "anchor": "copied"}
    editor_client.post(revert, data)
    assert not HubSection.objects.published().exists()
    assert "Old words." not in client.get("/learning/").text


def test_editors_change_resources_only_in_their_sections_form(editor_client):
    from tests.factories import ResourceFactory

    draft_section = HubSectionFactory(draft=True)
    resource = ResourceFactory(section=draft_section)
    resources = "/admin/cyscp/resource/"
    assert editor_client.get(f"{resources}add/").status_code == 403
    moved = editor_client.post(
        f"{resources}{resource.pk}/change/",
        {"title": resource.title, "url": resource.url, "section": HubSectionFactory().pk},
    )
    assert moved.status_code == 403
    resource.refresh_from_db()
    assert resource.section == draft_section


def test_an_editor_cannot_delete_a_draft_that_a_published_briefing_links_to(editor_client):
    review = CaseReviewFactory(draft=True)
    briefing = BriefingFactory(case_review=review)
    assert editor_client.post(f"{REVIEWS}{review.pk}/delete/", {"post": "yes"}).status_code == 403
    briefing.refresh_from_db()
    assert briefing.case_review == review


def test_an_editor_cannot_replace_a_file_that_scheduled_content_uses(editor_client):
    slides = DocumentFactory(title="Slides for next week")
    BriefingFactory(documents=[slides], scheduled=True)
    documents = "/admin/cyscp/document/"
    assert editor_client.post(f"{documents}{slides.pk}/delete/", {"post": "yes"}).status_code == 403
    assert 'type="file"' not in editor_client.get(f"{documents}{slides.pk}/change/").text
