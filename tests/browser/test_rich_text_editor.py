"""The rich-text editor in the admin, in a real browser with the site's CSP on."""

import pytest
from django.urls import reverse

from tests.factories import StaffUserFactory
from tests.reviews.factories import CaseReviewFactory

from .conftest import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def superuser():
    return StaffUserFactory(username="editor", is_superuser=True)


def sign_in(page, live_server, user):
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))


@pytest.fixture
def csp_page(browser):
    """A page that obeys the site's CSP, collecting what the console reports."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []

    def collect(message):
        # The admin has no favicon; the browser asking for one is not the editor.
        if message.type in ("error", "warning") and "favicon" not in message.location["url"]:
            page.console_errors.append(f"{message.text} ({message.location['url']})")

    page.on("console", collect)
    yield page
    context.close()


def test_editor_loads_under_the_sites_csp(csp_page, live_server, superuser):
    review = CaseReviewFactory(learning="<p>Talk to the child on their own.</p>")
    sign_in(csp_page, live_server, superuser)

    response = csp_page.goto(
        live_server.url + reverse("admin:reviews_casereview_change", args=[review.pk])
    )

    policy = response.headers["content-security-policy"]
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy

    editor = csp_page.locator(".prose-editor .ProseMirror").filter(
        has_text="Talk to the child on their own."
    )
    editor.wait_for()
    assert editor.is_visible()
    assert csp_page.console_errors == [], "\n".join(csp_page.console_errors)


def test_staff_make_a_bulleted_list_that_the_review_page_shows(page, live_server, superuser):
    sign_in(page, live_server, superuser)
    page.goto(live_server.url + reverse("admin:reviews_casereview_add"))
    page.get_by_label("Title").fill("Learning from the review of Child Q")
    page.get_by_label("Child's pseudonym").fill("Child Q")

    learning = page.get_by_role("textbox", name="Learning (key findings)")
    learning.click()
    learning.press_sequentially("Speak with the child on their own")
    toolbar = page.locator(".prose-editor").filter(has=learning).locator(".prose-menubar")
    toolbar.get_by_role("button", name="unordered list").click()
    learning.press("End")
    learning.press("Enter")
    learning.press_sequentially("Share information early")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist .success").wait_for()

    # Saved as a draft (a published review needs its report too), which the
    # signed-in member of staff sees at the review's own address.
    page.goto(live_server.url + "/learning/case-reviews/learning-from-the-review-of-child-q/")

    findings = page.locator("main ul").filter(has_text="Speak with the child on their own")
    assert findings.get_by_role("listitem").all_inner_texts() == [
        "Speak with the child on their own",
        "Share information early",
    ]


def test_change_page_with_the_editor_has_no_accessibility_violations(page, live_server, superuser):
    review = CaseReviewFactory()
    sign_in(page, live_server, superuser)
    page.goto(live_server.url + reverse("admin:reviews_casereview_change", args=[review.pk]))
    page.locator(".prose-editor .ProseMirror").first.wait_for(state="attached")
    # The whole form, Django's autocomplete widgets included (they are named by
    # static/cyscp/admin-accessible-names.js).
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
