"""A member of staff writes a briefing as they would: in the editor, with a
bulleted list and a link to a case review, previews it, saves it, edits it,
compares the two versions and goes back to the first. No HTML is typed."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from briefings.models import Briefing
from tests.factories import PartnershipFactory
from tests.reviews.factories import CaseReviewFactory

from .conftest import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# A known fault, found on 7 December 2026 and not yet put right: in the
# staff preview, the words of a link inserted in a list item are in the page
# but not shown (the screenshot shows "Read" alone). It began failing
# mid-session under parallel runs and then every time; the cause is not yet
# found. Not strict, as it has passed on some runs.
def test_staff_write_preview_save_edit_compare_and_revert_a_briefing(page, live_server):
    review = CaseReviewFactory(slug="learning-from-poppy", title="Learning from Poppy")
    PartnershipFactory(name="Hull Safeguarding Children Partnership", short_name="Hull SCP")
    get_user_model().objects.create_superuser("editor", "e@example.test", "a-long-pass-123")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-pass-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/briefings/briefing/add/")
    page.get_by_label("Title").fill("Neglect in the early years")
    page.get_by_label("Summary").fill("Seven points on neglect.")
    page.locator("#id_partnership").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-search__field").last.fill("Hull")
    page.locator(".select2-results__option", has_text="Hull").click()

    questions = page.get_by_role("textbox", name="Reflection questions")
    questions.click()
    questions.press_sequentially("Read the review")
    toolbar = page.locator(".prose-editor").filter(has=questions).locator(".prose-menubar")
    toolbar.get_by_role("button", name="unordered list").click()
    questions.press("Enter")
    questions.press_sequentially("Who would you tell?")
    # The link goes in last: typing straight after the link dialog closes
    # raced the editor's selection, and Enter replaced the linked words.
    questions.locator("li").first.click()
    questions.press("End")
    for _ in range(len("the review")):
        questions.press("Shift+ArrowLeft")
    toolbar.get_by_role("button", name="insert link").click()
    # The link is chosen by the review's title, not typed as an address.
    page.locator("dialog[open] input[name=href]").fill("Poppy")
    choice = page.get_by_role("button", name=f"{review.heading} (case review)")
    choice.wait_for()
    violations = run_axe(page, include=["dialog[open]"])
    assert violations == [], describe_violations(violations)
    choice.click()
    assert page.locator("dialog[open] input[name=href]").input_value() == (
        review.get_absolute_url()
    )
    page.locator("dialog[open] button[type=submit]").click()
    # The preview must not be asked for before the link is in the text.
    page.locator("dialog[open]").wait_for(state="detached")
    questions.locator(f'a[href="{review.get_absolute_url()}"]').wait_for()

    # Preview, in a new tab: the list and the link, and nothing saved.
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert "Preview: not saved" in preview.inner_text("main")
    items = preview.locator(".app-briefing__reflection li").all_inner_texts()
    assert items == ["Read the review", "Who would you tell?"]
    assert preview.get_by_role("link", name="the review").get_attribute("href") == (
        review.get_absolute_url()
    )
    preview.close()
    assert not Briefing.objects.exists()

    # A published briefing needs the text of its seven points.
    bodies = page.get_by_role("textbox", name="Body")
    for number in range(7):
        bodies.nth(number).click()
        bodies.nth(number).press_sequentially(f"Point {number + 1}.")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".messagelist .success").wait_for()
    briefing = Briefing.objects.get()
    assert "<ul>" in briefing.reflection_questions

    # A second version: the first question reworded.
    questions = page.get_by_role("textbox", name="Reflection questions")
    questions.locator("li").first.click()
    questions.press("End")
    questions.press_sequentially(" again")
    # The briefing is public now: a publisher's save is held back unless
    # they publish it at once.
    page.get_by_role("button", name="Save and publish now").click()
    # This page already has the last save's success message: wait for this one.
    page.locator(".messagelist .success", has_text="are published").wait_for()
    assert "the review</a> again" in Briefing.objects.get().reflection_questions

    page.goto(f"{live_server.url}/admin/briefings/briefing/{briefing.pk}/history/")
    page.get_by_role("button", name="Compare the two versions").click()
    expect(page.locator("#content-main")).to_contain_text(
        "[removed: review] [added: review again]", use_inner_text=True
    )

    page.goto(f"{live_server.url}/admin/briefings/briefing/{briefing.pk}/history/")
    page.locator("#change-history tbody tr").nth(1).locator("th a").click()
    page.get_by_role("button", name="Save and publish now").click()
    page.locator(".messagelist .success").wait_for()
    assert " again" not in Briefing.objects.get().reflection_questions

    # The public page that results, seen by someone not signed in.
    visitor = page.context.browser.new_context(bypass_csp=True)  # to load axe
    public = visitor.new_page()
    response = public.goto(f"{live_server.url}{briefing.get_absolute_url()}")
    assert response.status == 200
    assert public.get_by_role("link", name="the review").count() == 1
    violations = run_axe(public)
    assert violations == [], describe_violations(violations)
    visitor.close()
