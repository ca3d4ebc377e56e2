"""The learning pages in a real browser, filled with the partnership's content."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from cyscp.models import Partnership
from reviews.models import PanelPublication
from tests.factories import ThemeFactory
from tests.reviews.factories import CaseReviewFactory

from .conftest import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content():
    call_command("load_learning_content", stdout=StringIO())

    neglect = ThemeFactory(slug="neglect", name="Neglect")
    york = Partnership.objects.get(slug="york")
    reviews = [
        CaseReviewFactory(
            partnership=york,
            child_pseudonym=f"Child {letter}",
            publication_date=datetime.date(2020 + i, 3, 1),
            themes=[neglect],
        )
        for i, letter in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXY")
    ]
    return {"review": reviews[0], "publication": PanelPublication.objects.first()}


def assert_accessible(page, live_server, path):
    response = page.goto(live_server.url + path)
    assert response.status == 200, path
    violations = run_axe(page)
    assert violations == [], f"{path}: {describe_violations(violations)}"


def test_hub_with_all_of_the_partnerships_content_is_accessible(page, live_server, content):
    assert_accessible(page, live_server, "/learning/")


@pytest.mark.parametrize(
    "path",
    [
        "/learning/case-reviews/",
        "/learning/case-reviews/?theme=neglect&page=2",
        "/learning/case-reviews/?theme=unknown&year=soon",
        "/learning/case-reviews/?partnership=hull",
        "/learning/national-panel/",
        "/learning/themes/",
        "/learning/themes/neglect/",
    ],
)
def test_lists_are_accessible(page, live_server, content, path):
    assert_accessible(page, live_server, path)


def test_detail_pages_are_accessible(page, live_server, content):
    assert_accessible(page, live_server, content["review"].get_absolute_url())
    assert_accessible(page, live_server, content["publication"].get_absolute_url())


def test_filtering_a_list_with_the_form(page, live_server, content):
    page.goto(live_server.url + "/learning/case-reviews/")
    page.get_by_label("Year").select_option("2021")
    page.get_by_role("button", name="Apply filters").click()

    assert page.get_by_role("status").inner_text().strip() == "1 case review"
    page.get_by_role("link", name="Remove filter Year: 2021").click()
    assert page.get_by_role("status").inner_text().strip() == "25 case reviews"


def test_list_does_not_scroll_sideways_on_a_320px_phone(page, live_server, content):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/learning/case-reviews/?page=2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
