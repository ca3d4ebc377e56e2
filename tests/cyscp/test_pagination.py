"""GOV.UK's pagination: first, last, neighbours and ellipses, costing the
same on page 1 as on page 5,000."""

import re

import pytest
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

from cyscp.templatetags.site_meta import page_numbers

LIBRARY = Paginator(range(100_000), 20)  # 5,000 pages


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (1, [1, 2, None, 5000]),
        (2, [1, 2, 3, None, 5000]),
        (3, [1, 2, 3, 4, None, 5000]),
        # An ellipsis never stands for a single page: that page is shown.
        (4, [1, 2, 3, 4, 5, None, 5000]),
        (5, [1, None, 4, 5, 6, None, 5000]),
        (2500, [1, None, 2499, 2500, 2501, None, 5000]),
        (4998, [1, None, 4997, 4998, 4999, 5000]),
        (5000, [1, None, 4999, 5000]),
    ],
)
def test_the_pages_shown_around_the_current_one(number, shown):
    assert page_numbers(LIBRARY.page(number)) == shown


def test_a_short_list_shows_every_page_and_a_single_page_none():
    assert page_numbers(Paginator(range(60), 20).page(2)) == [1, 2, 3]
    assert page_numbers(Paginator(range(100), 20).page(1)) == [1, 2, None, 5]
    assert page_numbers(Paginator(range(100), 20).page(3)) == [1, 2, 3, 4, 5]


def render(page, query=""):
    template = Template('{% include "includes/pagination.html" %}')
    request = RequestFactory().get(f"/learning/case-reviews/?{query}")
    return template.render(RequestContext(request, {"page_obj": page}))


def test_page_5000_never_walks_every_page(monkeypatch):
    def every_page(self):
        raise AssertionError("the pagination walked every page number")

    monkeypatch.setattr(Paginator, "page_range", property(every_page))
    html = render(LIBRARY.page(2500), "theme=neglect&page=2500")
    pages = re.findall(r'aria-label="Page (\d+)"', html)
    assert pages == ["1", "2499", "2500", "2501", "5000"]
    assert html.count("govuk-pagination__item--ellipses") == 2
    assert 'href="?theme=neglect&amp;page=2501" rel="next"' in html
    assert 'aria-current="page">2500<' in html
