"""The learning pages in a real browser, filled with the partnership's content."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

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

    # The count is on the page before and after, so wait for the new one.
    expect(page.get_by_role("status")).to_have_text("1 case review", use_inner_text=True)
    page.get_by_role("link", name="Remove filter Year: 2021").click()
    expect(page.get_by_role("status")).to_have_text("25 case reviews", use_inner_text=True)


def test_list_does_not_scroll_sideways_on_a_320px_phone(page, live_server, content):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/learning/case-reviews/?page=2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.fixture
def briefing(content):
    from tests.briefings.factories import BriefingFactory
    from tests.factories import DocumentFactory

    return BriefingFactory(
        title="7 Point Briefing: Poppy – Learning from Practice",
        partnership=Partnership.objects.get(slug="york"),
        case_review=content["review"],
        reflection_questions=(
            "<ul><li>What are your key thoughts on this case?</li>"
            "<li>How will your team embed the learning, and how will you know?</li>"
            "<li>How does it fit your team's improvement plan?</li></ul>"
        ),
        documents=[DocumentFactory(title="Briefing as a PDF")],
    )


@pytest.mark.parametrize(
    "path",
    ["/learning/briefings/", "/learning/jtai/", "/learning/jtai/jtai-one-minute-guide/"],
)
def test_briefing_and_jtai_pages_are_accessible(page, live_server, briefing, path):
    assert_accessible(page, live_server, path)


def test_briefing_page_is_accessible_and_offers_printing(page, live_server, briefing):
    assert_accessible(page, live_server, briefing.get_absolute_url())
    assert page.get_by_role("button", name="Print this briefing").is_visible()


# About 90 words a point: a briefing of the usual length (some 700 words in all),
# so the two-page limit is tested against what staff really write.
LONG_POINT = (
    "<p>Poppy was four when she was taken to hospital with injuries that could not be "
    "explained. Health visitors, the nursery and children's social care each knew part "
    "of her story: missed appointments, a new adult in the home, bruises explained away "
    "as falls. Nobody brought those parts together, and nobody asked Poppy or looked at "
    "the home through her eyes.</p><ul><li>Ask who lives in the home at every visit, and "
    "record it.</li><li>Share what you know with the other agencies, and ask what they "
    "know.</li><li>Escalate when you disagree with a decision.</li></ul>"
)


def test_printed_briefing_drops_the_navigation_and_fits_two_a4_pages(page, live_server, briefing):
    briefing.points.update(body=LONG_POINT)
    page.goto(live_server.url + briefing.get_absolute_url())
    page.emulate_media(media="print")

    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".app-footer").is_visible()
    assert not page.get_by_role("button", name="Print this briefing").is_visible()
    assert page.get_by_role("heading", name="1 Background").is_visible()

    # On paper, a link to the review or a file says where it is, host and all.
    review_link = page.get_by_role("link", name=briefing.case_review.heading)
    printed = review_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert printed == f'" ({live_server.url}{briefing.case_review.get_absolute_url()})"'

    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the briefing printed on {pages} pages"


@pytest.fixture
def masterclasses(content):
    from tests.events.factories import MasterclassFactory
    from tests.factories import DocumentFactory

    upcoming = MasterclassFactory(
        title="Learning Masterclass: neglect", presentations=[DocumentFactory(title="Slides")]
    )
    MasterclassFactory(title="Cancelled masterclass", cancelled=True, cancellation_reason="Unwell.")
    return upcoming


def test_masterclass_pages_are_accessible(page, live_server, masterclasses):
    assert_accessible(page, live_server, "/learning/masterclasses/")
    assert_accessible(page, live_server, masterclasses.get_absolute_url())
    assert page.get_by_role("link", name="Add to calendar").is_visible()


def test_search_from_the_header_and_the_results_page_is_accessible(page, live_server, content):
    page.goto(live_server.url + "/learning/masterclasses/")
    page.get_by_label("Search learning").fill("bruising")
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape("/search/?q=bruising")))
    assert "result" in page.get_by_role("status").inner_text()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("query", ["", "x" * 201, "no such words anywhere"])
def test_search_messages_are_accessible(page, live_server, content, query):
    assert_accessible(page, live_server, f"/search/?q={query}")
