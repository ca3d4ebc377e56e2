"""Staff editing in a real browser: the public-status line and the side-by-side
comparison when a colleague saved first are readable and pass axe."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.reviews.factories import CaseReviewFactory

from .conftest import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server):
    get_user_model().objects.create_superuser("editor", "e@example.test", "a-long-pass-123")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-pass-123")
    page.click("input[type=submit]")
    # Otherwise the caller's goto can cancel the sign-in before its cookie is set.
    page.wait_for_url(f"{live_server.url}/admin/")


def assert_accessible(page, selector):
    violations = run_axe(page, include=[selector])
    assert violations == [], describe_violations(violations)


def test_a_clash_shows_both_versions_and_saving_again_keeps_mine(page, live_server):
    review = CaseReviewFactory(child_pseudonym="Poppy", scheduled=True)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/admin/reviews/casereview/{review.pk}/change/")
    assert "Scheduled for " in page.inner_text(".app-public-status")
    assert_accessible(page, ".app-public-status")

    # A colleague saves while this form is open.
    review.child_pseudonym = "Poppy (colleague)"
    review.save()

    page.fill("#id_child_pseudonym", "Poppy (mine)")
    page.click("input[name=_continue]")
    conflict = page.locator(".app-edit-conflict")
    assert "Poppy (colleague)" in conflict.inner_text()
    assert "Poppy (mine)" in conflict.inner_text()
    assert_accessible(page, ".app-edit-conflict")

    # As a publisher, saving again with "Save and publish now" puts mine on top.
    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist")
    review.refresh_from_db()
    assert review.child_pseudonym == "Poppy (mine)"


def test_staff_compare_two_versions_and_revert_a_briefing(page, live_server):
    from briefings.models import Briefing
    from tests.briefings.factories import BriefingFactory

    briefing = BriefingFactory(title="Neglect briefing")
    sign_in(page, live_server)
    change = f"{live_server.url}/admin/briefings/briefing/{briefing.pk}/change/"
    for heading in ["Why it matters to us", "Why it matters now"]:
        page.goto(change)
        page.fill("#id_points-1-heading", heading)
        page.click("input[name=_publish]")
        page.wait_for_selector(".messagelist")

    page.goto(f"{live_server.url}/admin/briefings/briefing/{briefing.pk}/history/")
    assert_accessible(page, "#content-main")
    page.click("text=Compare the two versions")
    expect(page.locator("#content-main")).to_contain_text(
        "Why it matters [removed: to us] [added: now]", use_inner_text=True
    )
    assert page.locator("#content-main del").count() and page.locator("#content-main ins").count()
    assert_accessible(page, "#content-main")

    # Open the older version and save it: the point comes back.
    page.goto(f"{live_server.url}/admin/briefings/briefing/{briefing.pk}/history/")
    with page.expect_navigation():
        page.locator("#change-history tbody tr").nth(1).locator("th a").click()
    page.wait_for_selector("#content-main")
    assert_accessible(page, "#content-main")
    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist")
    point = Briefing.objects.get(pk=briefing.pk).points.get(number=2)
    assert point.heading == "Why it matters to us"


def test_the_publishing_calendar_shows_a_scheduled_item_and_passes_axe(page, live_server):
    review = CaseReviewFactory(child_pseudonym="Poppy", scheduled=True)
    sign_in(page, live_server)
    page.get_by_role("link", name="Publishing calendar").click()
    month = review.published_at.strftime("%Y-%m")
    page.goto(f"{live_server.url}/admin/publishing-calendar/?month={month}")
    row = page.locator("tr", has_text="Poppy")
    assert "Scheduled" in row.inner_text()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_a_staff_preview_lists_the_accessibility_problems_axe_finds(browser, live_server):
    from django.test import Client

    # The page's own CSP stays on: axe must run under it, from a static file.
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    good = CaseReviewFactory(child_pseudonym="Poppy", draft=True)
    bad = CaseReviewFactory(
        child_pseudonym="Jamie", draft=True, learning='<p>See <a href="/learning/"></a>.</p>'
    )
    sign_in(page, live_server)
    # From here on (the admin's sign-in page asks for a /favicon.ico it lacks).
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"{live_server.url}{good.get_absolute_url()}")
    status = page.locator("[data-preview-check] [role=status]")
    status.filter(has_text="No accessibility problems").wait_for()

    page.goto(f"{live_server.url}{bad.get_absolute_url()}")
    status.filter(has_text="to fix before publishing").wait_for()
    assert "Links must have discernible text" in page.inner_text("[data-preview-check] ul")
    assert errors == []
    context.close()

    # Visitors never load axe: the published page has no check.
    good.status = "published"
    good.save()
    public = Client().get(good.get_absolute_url()).text
    assert "axe.min.js" not in public and "data-preview-check" not in public
