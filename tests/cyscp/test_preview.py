"""Preview before saving: the form's unsaved contents in the public page's
layout, for staff only, with nothing saved and nothing made public."""

import pytest
from django.contrib.auth.models import Permission

from briefings.models import Briefing
from reviews.models import CaseReview
from tests.briefings.test_admin import briefing_form
from tests.factories import HubSectionFactory, StaffUserFactory
from tests.reviews.factories import CaseReviewFactory
from tests.reviews.test_admin import review_form

pytestmark = pytest.mark.django_db


def test_a_change_to_a_live_review_is_previewed_and_not_saved(admin_client, client):
    review = CaseReviewFactory(slug="learning-from-poppy", learning="<p>Old learning.</p>")
    form = review_form(learning="<p>Unsaved new learning.</p>")
    change = f"/admin/reviews/casereview/{review.pk}/change/"
    assert f'formaction="/admin/reviews/casereview/{review.pk}/preview/"' in (
        admin_client.get(change).text
    )

    preview = admin_client.post(f"/admin/reviews/casereview/{review.pk}/preview/", form)
    assert preview.status_code == 200
    assert "Preview: not saved" in preview.text
    assert "Unsaved new learning." in preview.text
    assert "Old learning." not in preview.text
    assert "no-store" in preview["Cache-Control"]

    review.refresh_from_db()
    assert review.learning == "<p>Old learning.</p>"
    public = client.get(review.get_absolute_url()).text
    assert "Old learning." in public and "Unsaved new learning." not in public


def test_a_new_briefing_is_previewed_with_its_points_and_nothing_is_kept(admin_client):
    preview = admin_client.post("/admin/briefings/briefing/add/preview/", briefing_form())
    assert preview.status_code == 200
    assert "Learning lessons review: Child H" in preview.text
    assert "Point 7 text." in preview.text
    assert "Draft: not public" in preview.text
    assert not Briefing.objects.exists()


def test_a_hub_section_is_previewed_on_the_hub(admin_client):
    section = HubSectionFactory(title="Old title", anchor="learning")
    form = {
        "title": "Unsaved section title",
        "anchor": "learning",
        "body": "<p>Text.</p>",
        "position": "0",
        "listing": "",
        "status": "published",
        "published_at_0": "01/03/2025",
        "published_at_1": "09:00:00",
        "resources-TOTAL_FORMS": "0",
        "resources-INITIAL_FORMS": "0",
    }
    preview = admin_client.post(f"/admin/cyscp/hubsection/{section.pk}/preview/", form)
    assert "Unsaved section title" in preview.text
    section.refresh_from_db()
    assert section.title == "Old title"


def test_a_form_with_errors_shows_the_errors_not_a_page(admin_client):
    preview = admin_client.post(
        "/admin/reviews/casereview/add/preview/", review_form(title="", slug="")
    )
    assert preview.status_code == 200
    assert "The preview cannot be shown yet" in preview.text
    assert "Title: This field is required." in preview.text
    assert not CaseReview.objects.exists()


def test_preview_needs_the_permission_to_edit_and_a_post(client):
    review = CaseReviewFactory()
    viewer = StaffUserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_casereview"))
    client.force_login(viewer)
    address = f"/admin/reviews/casereview/{review.pk}/preview/"
    assert client.post(address, review_form()).status_code == 403
    assert client.post("/admin/reviews/casereview/add/preview/", review_form()).status_code == 403
    client.force_login(StaffUserFactory(is_superuser=True))
    assert client.get(address).status_code == 405
