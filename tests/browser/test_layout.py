"""The layout in a real browser: accessible, usable on a small phone, printable."""

import pytest
from django.urls import reverse

from .conftest import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hub_sections():
    from tests.factories import HubSectionFactory

    return [
        HubSectionFactory(
            title="Local case reviews",
            anchor="local-case-reviews",
            position=1,
            body=(
                "<p>Read the learning from Child Safeguarding Practice Reviews "
                "commissioned by the City of York Safeguarding Children Partnership.</p>"
                '<p>The <a href="https://library.nspcc.org.uk/">NSPCC National Case Review '
                "Repository</a> holds reviews from every area.</p>"
            ),
        ),
        HubSectionFactory(
            title="7 point briefings",
            anchor="seven-point-briefings",
            position=2,
            body=(
                "<p>Each briefing takes about seven minutes to read in a team meeting.</p>"
                "<ul><li>Background</li><li>Why it matters</li><li>What to do</li></ul>"
            ),
        ),
    ]


def visit(page, live_server, path):
    response = page.goto(live_server.url + path)
    assert response is not None
    return response


def test_hub_has_no_accessibility_violations(page, live_server, hub_sections):
    visit(page, live_server, reverse("hub"))

    assert page.get_by_role("heading", level=2, name="Local case reviews").is_visible()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_hub_does_not_scroll_sideways_on_a_320px_phone(page, live_server, hub_sections):
    page.set_viewport_size({"width": 320, "height": 640})
    visit(page, live_server, reverse("hub"))

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"page is {scroll_width}px wide at a 320px viewport"


def test_printing_hides_navigation_and_footer(page, live_server, hub_sections):
    visit(page, live_server, reverse("hub"))
    assert page.locator(".govuk-service-navigation").is_visible()
    assert page.locator("footer").is_visible()

    page.emulate_media(media="print")

    assert page.locator(".govuk-service-navigation").is_hidden()
    assert page.locator("footer").is_hidden()
    assert page.locator(".govuk-skip-link").is_hidden()
    assert page.get_by_role("heading", level=2, name="Local case reviews").is_visible()
    # External links have their address written out; in-page links do not.
    after = "(selector) => getComputedStyle(document.querySelector(selector), '::after').content"
    assert "library.nspcc.org.uk" in page.evaluate(after, 'main a[href^="http"]')
    assert page.evaluate(after, 'main a[href^="#"]') in ("none", "normal")


def test_page_not_found_has_no_accessibility_violations(page, live_server):
    response = visit(page, live_server, "/learning/no-such-page/")

    assert response.status == 404
    assert page.get_by_role("heading", level=1, name="Page not found").is_visible()
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)


def test_accessibility_statement_has_no_accessibility_violations(page, live_server):
    visit(page, live_server, reverse("accessibility"))

    assert page.get_by_role("heading", level=1).inner_text().startswith("Accessibility statement")
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
