"""Staff editing in a real browser: the public-status line and the side-by-side
comparison when a colleague saved first are readable and pass axe."""

import pytest
from django.contrib.auth import get_user_model

from tests.reviews.factories import CaseReviewFactory

from .conftest import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server):
    get_user_model().objects.create_superuser("editor", "e@example.test", "a-long-pass-123")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-pass-123")
    page.click("input[type=submit]")


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

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    review.refresh_from_db()
    assert review.child_pseudonym == "Poppy (mine)"
