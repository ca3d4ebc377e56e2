"""What staff see of an item's public state: a status column in every list,
a line at the top of every change form, and content before publishing."""

import re

import pytest

from tests.briefings.factories import BriefingFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db


def test_the_list_says_draft_scheduled_or_published_beside_the_title(admin_client):
    CaseReviewFactory(child_pseudonym="Live")
    CaseReviewFactory(child_pseudonym="Unfinished", draft=True)
    CaseReviewFactory(child_pseudonym="Later", scheduled=True)
    html = admin_client.get("/admin/reviews/casereview/").text
    rows = {
        name: html[html.index(name) : html.index("</tr>", html.index(name))]
        for name in ["Live", "Unfinished", "Later"]
    }
    assert ">Published<" in rows["Live"]
    assert ">Draft<" in rows["Unfinished"]
    assert "Scheduled: " in rows["Later"]
    # The status is the second column, right after the title.
    header = re.search(r'<table id="result_list">.*?</thead>', html, re.S)[0]
    assert header.index("column-title") < header.index("column-public_status")
    assert header.index("column-public_status") < header.index("column-child_pseudonym")


@pytest.mark.parametrize(
    ("state", "line"),
    [({}, "Public since "), ({"draft": True}, "Draft: not public."),
     ({"scheduled": True}, "Scheduled for ")],
)  # fmt: skip
def test_the_change_form_says_what_the_public_sees_now(admin_client, state, line):
    review = CaseReviewFactory(**state)
    html = admin_client.get(f"/admin/reviews/casereview/{review.pk}/change/").text
    status = html[html.index('class="app-public-status"') :]
    assert status[: status.index("</p>")].count(line) == 1


def test_a_briefings_points_come_before_its_publishing_fields(admin_client):
    briefing = BriefingFactory(draft=True)
    html = admin_client.get(f"/admin/briefings/briefing/{briefing.pk}/change/").text
    assert html.index('name="points-0-heading"') < html.index('name="status"')
    assert html.index('name="title"') < html.index('name="points-0-heading"')
