"""A renamed item's old address keeps working, and staff can keep the old
site's addresses working by hand."""

import re

import pytest
from django.db import connection
from django.db.models.signals import post_save, pre_save
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cyscp import registry
from cyscp.models import Redirect
from tests.briefings.factories import BriefingFactory
from tests.events.factories import MasterclassFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db


def rename(item, slug):
    item.slug = slug
    item.save()
    return item


def test_a_renamed_case_review_answers_from_its_old_address(client):
    review = CaseReviewFactory(slug="child-a-2024", title="Learning from Child A")
    rename(review, "child-a-2024-review")

    response = client.get("/learning/case-reviews/child-a-2024/")

    assert response.status_code == 301
    assert response["Location"] == "/learning/case-reviews/child-a-2024-review/"
    assert "Learning from Child A" in client.get(response["Location"]).text


def test_a_renamed_panel_publication_answers_from_its_old_address(client):
    publication = PanelPublicationFactory(slug="hesley", title="Safeguarding children in Hesley")
    rename(publication, "safeguarding-children-with-disabilities")

    response = client.get("/learning/national-panel/hesley/")

    assert response.status_code == 301
    assert (
        response["Location"] == "/learning/national-panel/safeguarding-children-with-disabilities/"
    )
    assert "Safeguarding children in Hesley" in client.get(response["Location"]).text


def test_a_renamed_masterclass_keeps_its_page_and_its_calendar_file(client):
    masterclass = MasterclassFactory(slug="june-2021", title="Learning Masterclass June")
    rename(masterclass, "learning-masterclass-june-2021")

    page = client.get("/learning/masterclasses/june-2021/")
    calendar = client.get("/learning/masterclasses/june-2021.ics")

    assert page.status_code == 301
    assert page["Location"] == "/learning/masterclasses/learning-masterclass-june-2021/"
    assert calendar.status_code == 301
    assert calendar["Location"] == "/learning/masterclasses/learning-masterclass-june-2021.ics"
    event = client.get(calendar["Location"])
    assert event["Content-Type"].startswith("text/calendar")
    assert "Learning Masterclass June" in event.content.decode()


def test_a_renamed_briefing_answers_from_its_old_address(client):
    rename(BriefingFactory(slug="neglect-briefing"), "neglect-7-point-briefing")

    response = client.get("/learning/briefings/neglect-briefing/")

    assert response["Location"] == "/learning/briefings/neglect-7-point-briefing/"


def test_every_kind_with_a_page_of_its_own_records_its_old_addresses():
    # Through the registry: a kind declared later is covered with nothing more.
    for kind in registry.learning_kinds():
        assert pre_save.has_listeners(kind.model), kind.key
        assert post_save.has_listeners(kind.model), kind.key


def test_renaming_twice_sends_every_old_address_to_the_newest_in_one_step(client):
    review = CaseReviewFactory(slug="first")
    rename(review, "second")
    rename(review, "third")

    for old in ("first", "second"):
        response = client.get(f"/learning/case-reviews/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/learning/case-reviews/third/"


def test_an_old_address_without_its_slash_still_leads_to_the_item(client):
    rename(CaseReviewFactory(slug="poppy"), "poppy-2025")

    response = client.get("/learning/case-reviews/poppy")

    assert response.status_code == 301
    assert response["Location"] == "/learning/case-reviews/poppy-2025/"


def test_renaming_back_gives_the_address_back_to_the_item(client):
    review = CaseReviewFactory(slug="first", title="Learning from Baby E")
    rename(review, "second")
    rename(review, "first")

    assert client.get("/learning/case-reviews/first/").status_code == 200
    response = client.get("/learning/case-reviews/second/")
    assert response.status_code == 301
    assert response["Location"] == "/learning/case-reviews/first/"
    assert not Redirect.objects.filter(old_path="/learning/case-reviews/first/").exists()


def test_a_new_item_at_a_renamed_items_old_address_takes_it_over(client):
    rename(CaseReviewFactory(slug="child-d"), "child-d-2023")
    CaseReviewFactory(slug="child-d", title="Learning from a different Child D")

    response = client.get("/learning/case-reviews/child-d/")

    assert response.status_code == 200
    assert "Learning from a different Child D" in response.text


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_an_old_address_of_an_item_not_yet_public_is_not_found_except_for_staff(
    staff_client, trait
):
    rename(CaseReviewFactory(slug="draft-review", **{trait: True}), "draft-review-renamed")

    public = Client().get("/learning/case-reviews/draft-review/")
    staff = staff_client.get("/learning/case-reviews/draft-review/")

    assert public.status_code == 404
    assert staff.status_code == 302
    assert staff["Location"] == "/learning/case-reviews/draft-review-renamed/"
    # A shared cache must not hand the staff's answer to the public.
    assert "no-store" in staff["Cache-Control"]


def test_a_query_string_is_kept(client):
    rename(CaseReviewFactory(slug="old"), "new")

    response = client.get("/learning/case-reviews/old/?utm_source=partner&page=2")

    assert response["Location"] == "/learning/case-reviews/new/?utm_source=partner&page=2"


def test_head_requests_are_redirected_too(client):
    rename(MasterclassFactory(slug="old-masterclass"), "new-masterclass")

    response = client.head("/learning/masterclasses/old-masterclass.ics")

    assert response.status_code == 301
    assert response["Location"] == "/learning/masterclasses/new-masterclass.ics"


def test_a_form_posted_to_an_old_address_is_not_redirected(client):
    rename(CaseReviewFactory(slug="old"), "new")

    assert client.post("/learning/case-reviews/old/").status_code in (404, 405)


def test_an_address_that_never_existed_is_still_not_found(client):
    response = client.get("/learning/case-reviews/no-such-review/")

    assert response.status_code == 404
    assert "Page not found" in response.text


# Redirects made by hand


def add_redirect(client, old_path, target_url):
    return client.post(
        "/admin/cyscp/redirect/add/", {"old_path": old_path, "target_url": target_url}
    )


def test_staff_keep_the_old_sites_address_working(admin_client, client):
    response = add_redirect(admin_client, "/learning-and-development", "/learning/")
    assert response.status_code == 302, response.context["adminform"].form.errors

    visit = client.get("/learning-and-development")
    assert visit.status_code == 301
    assert visit["Location"] == "/learning/"
    # With the trailing slash too.
    assert client.get("/learning-and-development/")["Location"] == "/learning/"

    redirect = Redirect.objects.get(old_path="/learning-and-development")
    assert not redirect.is_automatic
    listing = admin_client.get("/admin/cyscp/redirect/")
    assert "/learning-and-development" in listing.text

    deleted = admin_client.post(f"/admin/cyscp/redirect/{redirect.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert client.get("/learning-and-development").status_code == 404


def test_staff_can_send_an_old_address_to_another_site(admin_client, client):
    add_redirect(admin_client, "/panel-annual-report", "https://www.gov.uk/government/publications")

    response = client.get("/panel-annual-report")

    assert response.status_code == 301
    assert response["Location"] == "https://www.gov.uk/government/publications"


def test_staff_can_point_an_automatic_redirect_elsewhere(admin_client, client):
    rename(CaseReviewFactory(slug="old"), "new")
    redirect = Redirect.objects.get(old_path="/learning/case-reviews/old/")

    response = admin_client.post(
        f"/admin/cyscp/redirect/{redirect.pk}/change/",
        {"old_path": "/learning/case-reviews/old/", "target_url": "/learning/case-reviews/"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert client.get("/learning/case-reviews/old/")["Location"] == "/learning/case-reviews/"


@pytest.mark.parametrize(
    ("old_path", "target_url", "message"),
    [
        ("learning-and-development", "/learning/", "starting with one “/”"),
        ("//evil.example.org/x", "/learning/", "starting with one “/”"),
        ("/learning-and-development?page=2", "/learning/", "without the part from “?”"),
        ("/learning and development", "/learning/", "cannot contain spaces"),
        ("/learning/", "/learning/themes/", "already has a page at /learning/"),
        ("/learning", "/learning/themes/", "already has a page at /learning"),
        ("/admin/anything", "/learning/", "already has a page"),
        ("/old-page", "", "Give the address this redirect leads to"),
        ("/old-page", "javascript:alert(1)", "Give a path on this site"),
        ("/old-page", "/old-page/", "leads back to the old address"),
        ("/" + "a" * 600, "/learning/", "at most 500 characters"),
    ],
)
def test_bad_redirects_get_a_clear_message(admin_client, old_path, target_url, message):
    response = add_redirect(admin_client, old_path, target_url)

    assert response.status_code == 200
    assert message in response.text
    assert not Redirect.objects.exists()


def test_an_items_address_cannot_be_taken_by_a_redirect(admin_client):
    CaseReviewFactory(slug="poppy", draft=True)

    response = add_redirect(admin_client, "/learning/case-reviews/poppy/", "/learning/")

    assert "already has a page at /learning/case-reviews/poppy/" in response.text
    # A review that does not exist leaves its address free.
    assert (
        add_redirect(admin_client, "/learning/case-reviews/gone/", "/learning/").status_code == 302
    )


def test_the_same_old_address_cannot_lead_two_ways(admin_client):
    add_redirect(admin_client, "/old-page", "/learning/")

    again = add_redirect(admin_client, "/old-page", "/learning/themes/")
    with_slash = add_redirect(admin_client, "/old-page/", "/learning/themes/")

    assert "There is already a redirect from this address." in again.text
    assert "There is already a redirect from /old-page." in with_slash.text
    assert Redirect.objects.count() == 1


def test_a_redirect_that_would_go_round_in_circles_is_refused(admin_client):
    add_redirect(admin_client, "/page-a", "/page-b")

    response = add_redirect(admin_client, "/page-b", "/page-a")

    assert "leads back to the old address" in response.text


def test_hand_made_chains_collapse_and_loops_are_not_followed(client):
    Redirect.objects.create(old_path="/page-a", target_url="/page-b")
    Redirect.objects.create(old_path="/page-b", target_url="/learning/")
    Redirect.objects.create(old_path="/loop-1", target_url="/loop-2")
    Redirect.objects.create(old_path="/loop-2", target_url="/loop-1/")

    assert client.get("/page-a")["Location"] == "/learning/"
    assert client.get("/loop-1").status_code == 404
    assert client.get("/loop-2").status_code == 404


def test_a_hand_made_redirect_to_a_renamed_items_old_address_leads_to_the_item(client):
    rename(CaseReviewFactory(slug="old"), "new")
    Redirect.objects.create(
        old_path="/serious-case-reviews", target_url="/learning/case-reviews/old/"
    )

    response = client.get("/serious-case-reviews")

    assert response["Location"] == "/learning/case-reviews/new/"


def test_the_slug_field_says_the_old_address_keeps_working(admin_client):
    for kind in registry.learning_kinds():
        meta = kind.model._meta
        page = admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/add/")
        assert "the old address keeps working" in page.text, kind.key


def test_a_page_that_exists_costs_no_query_more(client, settings):
    review = CaseReviewFactory(slug="poppy")
    rename(CaseReviewFactory(slug="old"), "new")
    url = review.get_absolute_url()
    client.get(url)  # warm caches (content types, templates)

    with CaptureQueriesContext(connection) as with_redirects:
        assert client.get(url).status_code == 200
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RedirectMiddleware" not in m]
    with CaptureQueriesContext(connection) as without_redirects:
        assert client.get(url).status_code == 200

    assert len(with_redirects) == len(without_redirects)


def test_staff_see_where_each_redirect_leads_now(admin_client):
    review = rename(CaseReviewFactory(slug="old", title="Learning from Riley"), "new")
    rename(CaseReviewFactory(slug="draft-old", draft=True), "draft-new")

    listing = admin_client.get("/admin/cyscp/redirect/?is_automatic__exact=1")

    assert listing.status_code == 200
    assert "/learning/case-reviews/old/" in listing.text
    assert review.get_absolute_url() in listing.text
    assert "not public yet" in listing.text


def test_the_old_address_of_a_deleted_item_is_not_found(client):
    review = rename(CaseReviewFactory(slug="old"), "new")
    review.delete()

    assert client.get("/learning/case-reviews/old/").status_code == 404


def test_an_internal_link_in_rich_text_survives_the_targets_rename(client):
    briefing = BriefingFactory(slug="neglect-briefing")
    review = CaseReviewFactory(
        learning='<p>See <a href="/learning/briefings/neglect-briefing/">the briefing</a>.</p>'
    )
    briefing.slug = "neglect-in-the-early-years"
    briefing.save()

    page = client.get(review.get_absolute_url()).text
    link = re.search(r'<a href="([^"]+)"[^>]*>the briefing</a>', page)[1]
    followed = client.get(link)
    assert followed.status_code == 301
    assert followed["Location"] == "/learning/briefings/neglect-in-the-early-years/"
    assert client.get(followed["Location"]).status_code == 200


def test_a_hand_made_redirect_to_a_drafts_address_gives_the_public_404(admin_client, client):
    draft = CaseReviewFactory(slug="poppy", draft=True)
    Redirect.objects.create(old_path="/x14", target_url=draft.get_absolute_url())
    assert client.get("/x14").status_code == 404
    staff = admin_client.get("/x14")
    assert staff.status_code == 302 and staff["Location"] == draft.get_absolute_url()
    draft.status = "published"
    draft.save()
    assert client.get("/x14").status_code == 301
