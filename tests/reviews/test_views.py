import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.briefings.factories import BriefingFactory
from tests.factories import DocumentFactory, PartnershipFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db

LIST = "/learning/case-reviews/"


def listed(html):
    """The headings of the reviews on a list page, in order."""
    return re.findall(r'<h3 class="govuk-heading-s app-card__title"><a [^>]+>([^<]+)</a>', html)


def count(html):
    match = re.search(r"(\d+) (case reviews?|publications?)\s*</p>", html)
    return int(match.group(1))


@pytest.fixture
def york():
    return PartnershipFactory(slug="york", name="City of York SCP", area="York")


@pytest.fixture
def hull():
    return PartnershipFactory(slug="hull", name="Hull SCP", area="Hull")


def test_list_is_newest_first_and_counts_only_public_reviews(client, york):
    CaseReviewFactory(
        child_pseudonym="Older", publication_date=datetime.date(2020, 1, 1), partnership=york
    )
    CaseReviewFactory(
        child_pseudonym="Newer", publication_date=datetime.date(2024, 1, 1), partnership=york
    )
    CaseReviewFactory(child_pseudonym="Hidden", draft=True, partnership=york)
    CaseReviewFactory(child_pseudonym="Later", scheduled=True, partnership=york)

    html = client.get(LIST).text

    assert listed(html) == ["2024 – York – Newer", "2020 – York – Older"]
    assert count(html) == 2
    assert "Hidden" not in html and "Later" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=neglect", ["2023 – York – Neglected"]),
        ("type=rapid", ["2021 – Hull – Rapid"]),
        ("year=2021", ["2021 – Hull – Rapid"]),
        ("partnership=hull", ["2021 – Hull – Rapid"]),
        ("age=under-1", ["2021 – Hull – Rapid"]),
        ("theme=neglect&partnership=york&age=5-9", ["2023 – York – Neglected"]),
        ("theme=neglect&partnership=hull", []),
    ],
)
def test_filters_alone_and_combined(client, york, hull, query, expected):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    CaseReviewFactory(
        child_pseudonym="Neglected",
        partnership=york,
        review_type="cspr",
        age_band="5-9",
        publication_date=datetime.date(2023, 5, 1),
        themes=[neglect],
    )
    CaseReviewFactory(
        child_pseudonym="Rapid",
        partnership=hull,
        review_type="rapid",
        age_band="under-1",
        publication_date=datetime.date(2021, 5, 1),
    )

    html = client.get(f"{LIST}?{query}").text

    assert listed(html) == expected
    assert count(html) == len(expected)
    if not expected:
        assert "No case reviews match these filters." in html
        assert f'<a class="govuk-link" href="{LIST}">Clear the filters' in html


def test_chosen_filters_are_shown_and_each_removes_itself(client, york):
    ThemeFactory(slug="neglect", name="Neglect")
    CaseReviewFactory(partnership=york, publication_date=datetime.date(2023, 1, 1))

    html = client.get(f"{LIST}?theme=neglect&partnership=york").text

    assert "Theme: Neglect" in html
    assert 'href="?partnership=york"' in html  # removes the theme
    assert 'href="?theme=neglect"' in html  # removes the partnership


def test_pagination_is_20_a_page_and_keeps_the_filters(client, york):
    CaseReviewFactory.create_batch(25, partnership=york, review_type="scr")
    CaseReviewFactory.create_batch(3, partnership=york, review_type="rapid")

    first = client.get(f"{LIST}?type=scr").text
    second = client.get(f"{LIST}?type=scr&page=2").text

    assert len(listed(first)) == 20
    assert len(listed(second)) == 5
    assert count(first) == 25
    assert 'href="?type=scr&amp;page=2"' in first
    assert 'href="?type=scr&amp;page=1"' in second


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("theme=no-such-theme", "There is no theme “no-such-theme”"),
        ("type=bogus", "“bogus” is not a type of review on this list"),
        ("year=twenty", "No learning was published in “twenty”"),
        ("year=1850", "No learning was published in “1850”"),
        ("partnership=atlantis", "There is no partnership “atlantis”"),
        ("age=%00%ff", "is not a child&#x27;s age on this list"),
    ],
)
def test_bad_filter_values_give_the_page_with_a_message(client, york, query, message):
    CaseReviewFactory(partnership=york)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert "Some filters were not used" in response.text
    assert message in response.text
    assert count(response.text) == 1  # the bad filter is not applied


def test_a_bad_filter_does_not_stop_a_good_one(client, york, hull):
    CaseReviewFactory(partnership=york)
    CaseReviewFactory(partnership=hull)
    html = client.get(f"{LIST}?partnership=hull&type=nope").text
    assert count(html) == 1


@pytest.mark.parametrize("page", ["0", "99", "abc", "-1", "1.5", "9" * 30])
def test_bad_page_numbers_are_404_not_500(client, york, page):
    CaseReviewFactory(partnership=york)
    assert client.get(f"{LIST}?page={page}").status_code == 404


def test_detail_shows_the_whole_review(client, york):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    review = CaseReviewFactory(
        partnership=york,
        child_pseudonym="Poppy",
        publication_date=datetime.date(2025, 3, 4),
        incident_summary="<p>A 4-year-old girl was admitted to hospital.</p>",
        background="<p>The family had moved three times.</p>",
        learning="<p>Professionals did not speak with Poppy alone.</p>",
        recommendations="<ol><li>See the child alone.</li></ol>",
        report_url="https://reports.example.org/poppy.pdf",
        themes=[theme],
    )
    html = client.get(review.get_absolute_url()).text

    assert '<h1 class="govuk-heading-xl">2025 – York – Poppy</h1>' in html
    for text in [
        "A 4-year-old girl",
        "moved three times",
        "speak with Poppy alone",
        "See the child alone",
    ]:
        assert text in html
    assert 'href="https://reports.example.org/poppy.pdf"' in html
    assert 'href="/learning/themes/neglect/"' in html
    assert "<title>2025 – York – Poppy – CYSCP Learning</title>" in html


def test_detail_of_an_uploaded_report_gives_its_type_size_and_address(client, york):
    report = DocumentFactory(title="Poppy report", slug="poppy-report")
    review = CaseReviewFactory(partnership=york, report=report, report_url="")

    html = client.get(review.get_absolute_url()).text

    assert f'href="/documents/{report.pk}/poppy-report.pdf"' in html
    assert f'Download the report <span class="app-file-meta">(PDF, {report.size}\xa0bytes)' in html
    assert client.get(f"/documents/{report.pk}/poppy-report.pdf").status_code == 200


def test_briefings_from_a_review_are_listed_on_its_page(client, york):
    review = CaseReviewFactory(partnership=york)
    BriefingFactory(case_review=review, title="7 Point Briefing: Poppy", partnership=york)
    BriefingFactory(case_review=review, title="Unfinished briefing", partnership=york, draft=True)

    html = client.get(review.get_absolute_url()).text

    assert "Briefings from this review" in html
    assert "7 Point Briefing: Poppy" in html
    assert "Unfinished briefing" not in html


def test_draft_review_is_404_to_the_public_and_previewed_by_staff(client, staff_user, york):
    draft = CaseReviewFactory(partnership=york, draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: not public" in response.text


def test_panel_list_filters_by_kind_and_shows_detail(client):
    PanelPublicationFactory(
        title="Annual Report 2021", kind="annual", publication_date=datetime.date(2021, 10, 1)
    )
    paper = PanelPublicationFactory(
        title="Bruising paper",
        kind="paper",
        publication_date=datetime.date(2023, 5, 1),
        key_points="<ul><li>Fullerton House</li><li>Wilsic Hall</li></ul>",
    )
    PanelPublicationFactory(title="Hidden paper", kind="paper", draft=True)

    html = client.get("/learning/national-panel/?kind=paper").text
    assert listed(html) == ["Bruising paper"]

    detail = client.get(paper.get_absolute_url()).text
    assert "Fullerton House" in detail
    assert f'href="{paper.gov_uk_url}"' in detail
    bad = client.get("/learning/national-panel/?kind=poem")
    assert bad.status_code == 200
    assert "“poem” is not a kind on this list." in bad.text
    assert listed(bad.text) == ["Bruising paper", "Annual Report 2021"]


def test_theme_pages_show_only_published_learning_grouped_by_kind(client, york):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    other = ThemeFactory(slug="exploitation", name="Exploitation")
    CaseReviewFactory(partnership=york, child_pseudonym="Ada", themes=[neglect])
    CaseReviewFactory(partnership=york, child_pseudonym="Draft", themes=[neglect], draft=True)
    PanelPublicationFactory(title="Neglect paper", themes=[neglect])
    PanelPublicationFactory(title="Scheduled paper", themes=[neglect], scheduled=True)

    index = client.get("/learning/themes/").text
    assert re.search(r"Neglect</a>\s*<span[^>]*>\(2 items\)", index)
    assert re.search(r"Exploitation</a>\s*<span[^>]*>\(0 items\)", index)

    page = client.get("/learning/themes/neglect/").text
    assert "Case reviews" in page and "National panel publications" in page
    assert "– Ada" in page and "Neglect paper" in page
    assert "Draft" not in listed(page) and "Scheduled paper" not in page
    assert (
        "Nothing has been published on this theme yet."
        in client.get(f"/learning/themes/{other.slug}/").text
    )
    assert client.get("/learning/themes/no-such-theme/").status_code == 404


def test_a_theme_page_shows_the_newest_of_each_kind_and_links_to_the_rest(client, york):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    for year in range(2000, 2012):
        CaseReviewFactory(
            partnership=york,
            themes=[theme],
            child_pseudonym=f"Child {year}",
            publication_date=datetime.date(year, 5, 1),
        )

    page = client.get("/learning/themes/neglect/").text

    assert "12 published items on this theme." in page
    shown = re.findall(r"– Child (\d{4})</a>", page)
    assert shown == [str(year) for year in range(2011, 2001, -1)]  # the newest ten
    assert '<a class="govuk-link" href="/learning/case-reviews/?theme=neglect">' in page
    assert "See all 12 case reviews on neglect" in page


@pytest.mark.parametrize(
    "page",
    ["list", "detail", "panel_list", "panel_detail", "theme"],
)
def test_query_count_does_not_grow_with_the_number_of_reviews(client, york, page):
    theme = ThemeFactory(slug="neglect")

    def make(n):
        reviews = CaseReviewFactory.create_batch(n, partnership=york, themes=[theme])
        papers = PanelPublicationFactory.create_batch(n, themes=[theme])
        # The pages shown carry more related rows as the site grows, too: a
        # query per theme or per briefing would show here.
        extra = n // 5 + 1
        more_themes = ThemeFactory.create_batch(extra)
        reviews[0].themes.add(*more_themes)
        papers[0].themes.add(*more_themes)
        BriefingFactory.create_batch(extra, case_review=reviews[0], themes=more_themes)
        return {
            "list": LIST,
            "detail": reviews[0].get_absolute_url(),
            "panel_list": "/learning/national-panel/",
            "panel_detail": papers[0].get_absolute_url(),
            "theme": "/learning/themes/neglect/",
        }[page]

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries(make(5))
    many = queries(make(195))  # 200 in all
    assert few == many


def filter_panel(html):
    """The filter form: each select's name and label, and the first option it offers."""
    form = re.search(r'<form class="app-filters".*?</form>', html, re.S).group(0)
    return [
        (name, label, first)
        for label, name, first in re.findall(
            r'<label [^>]+>([^<]+)</label>.*?<select [^>]*name="(\w+)"[^>]*>\s*'
            r'<option value=""[^>]*>([^<]+)</option>',
            form,
            re.S,
        )
    ]


def test_the_case_review_filters_are_offered_by_name_with_any_first(client, york):
    CaseReviewFactory(partnership=york)

    html = client.get(LIST).text

    assert filter_panel(html) == [
        ("theme", "Theme", "Any theme"),
        ("type", "Type of review", "Any type"),
        ("year", "Year", "Any year"),
        ("partnership", "Partnership", "Any partnership"),
        ("age", "Child&#x27;s age", "Any age"),
    ]
    assert f'<form class="app-filters" method="get" action="{LIST}"' in html


def test_the_panel_filters_are_offered_by_name_with_any_first(client):
    PanelPublicationFactory()

    html = client.get("/learning/national-panel/").text

    assert filter_panel(html) == [
        ("theme", "Theme", "Any theme"),
        ("kind", "Kind", "Any kind"),
        ("year", "Year", "Any year"),
    ]


def test_only_years_with_published_reviews_are_offered(client, york):
    CaseReviewFactory(partnership=york, publication_date=datetime.date(2021, 5, 1))
    CaseReviewFactory(partnership=york, publication_date=datetime.date(2023, 5, 1))
    CaseReviewFactory(partnership=york, publication_date=datetime.date(2019, 5, 1), draft=True)

    html = client.get(LIST).text
    years = re.search(r'<select [^>]*name="year".*?</select>', html, re.S).group(0)

    assert re.findall(r'<option value="(\d*)"', years) == ["", "2023", "2021"]
    assert "No learning was published in “2019”" in client.get(f"{LIST}?year=2019").text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=neglect", ["Neglect paper"]),
        ("year=2020", ["Old paper"]),
        ("kind=annual", ["Old paper"]),
        ("theme=neglect&year=2020", []),
    ],
)
def test_panel_list_filters_by_theme_kind_and_year(client, query, expected):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    PanelPublicationFactory(
        title="Neglect paper",
        kind="paper",
        publication_date=datetime.date(2024, 1, 1),
        themes=[neglect],
    )
    PanelPublicationFactory(
        title="Old paper", kind="annual", publication_date=datetime.date(2020, 1, 1)
    )

    html = client.get(f"/learning/national-panel/?{query}").text

    assert listed(html) == expected
    assert count(html) == len(expected)


def test_a_bad_value_is_reported_while_the_other_filters_apply(client, york, hull):
    CaseReviewFactory(partnership=york, child_pseudonym="Ada")
    CaseReviewFactory(partnership=hull, child_pseudonym="Ben")

    response = client.get(f"{LIST}?partnership=hull&type=nope&theme=&utm_source=news")
    html = response.text

    assert response.status_code == 200
    assert [name.split(" – ")[-1] for name in listed(html)] == ["Ben"]
    assert count(html) == 1
    summary = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', html, re.S)
    assert '<a href="#id_type">“nope” is not a type of review on this list.</a>' in summary[0]
    assert "utm_source" not in summary[0] and "theme" not in summary[0]
    assert "Partnership: Hull SCP" in html
    assert "Type of review:" not in html  # the bad filter is not shown as chosen
    assert '<option value="hull" selected>' in html
    assert " selected>" not in re.search(r'name="type".*?</select>', html, re.S)[0]


def test_unknown_query_keys_are_ignored(client, york):
    CaseReviewFactory(partnership=york)
    html = client.get(f"{LIST}?utm_source=newsletter&utm_medium=email").text
    assert count(html) == 1
    assert "Some filters were not used" not in html
    assert "Chosen filters" not in html


def test_each_chosen_filter_links_to_the_list_without_it_and_from_page_one(client, york):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    CaseReviewFactory.create_batch(
        21,
        partnership=york,
        review_type="rapid",
        publication_date=datetime.date(2023, 5, 1),
        themes=[neglect],
    )
    CaseReviewFactory(partnership=york, review_type="scr")

    html = client.get(f"{LIST}?theme=neglect&type=rapid&page=2").text
    tags = dict(
        (label, href)
        for href, label in re.findall(
            r'<a class="govuk-link app-chosen-filters__link" href="([^"]+)">\s*'
            r'<span class="govuk-visually-hidden">Remove filter </span>([^<]+?) <span',
            html,
        )
    )

    assert tags == {
        "Theme: Neglect": "?type=rapid",
        "Type of review: Rapid review": "?theme=neglect",
    }
    assert count(client.get(LIST + tags["Theme: Neglect"]).text) == 21
    assert count(client.get(LIST + tags["Type of review: Rapid review"]).text) == 21
    assert f'<a class="govuk-link" href="{LIST}">Clear all filters</a>' in html


def test_a_page_past_the_end_of_the_filtered_list_is_404(client, york):
    CaseReviewFactory.create_batch(21, partnership=york, review_type="scr")
    CaseReviewFactory(partnership=york, review_type="rapid")

    assert client.get(f"{LIST}?type=scr&page=2").status_code == 200
    assert client.get(f"{LIST}?type=scr&page=3").status_code == 404
    assert client.get(f"{LIST}?type=rapid&page=2").status_code == 404


@pytest.mark.parametrize("query", ["", "theme=neglect", "theme=neglect&partnership=york"])
def test_a_review_with_two_themes_is_listed_and_counted_once(client, york, query):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    exploitation = ThemeFactory(slug="exploitation", name="Exploitation")
    CaseReviewFactory(partnership=york, child_pseudonym="Both", themes=[neglect, exploitation])
    CaseReviewFactory(partnership=york, child_pseudonym="One", themes=[neglect])

    html = client.get(f"{LIST}?{query}").text

    assert sorted(name.split(" – ")[-1] for name in listed(html)) == ["Both", "One"]
    assert count(html) == 2


def test_removing_a_chosen_filter_also_drops_a_bad_one(client):
    CaseReviewFactory(review_type="cspr")
    html = client.get("/learning/case-reviews/?theme=nope&type=cspr").text
    assert "There is no theme “nope”" in html
    remove = re.search(r'href="(\?[^"]*)"[^>]*>\s*<span class="govuk-visually-hidden">Remove', html)
    assert remove and "theme=" not in remove[1] and "type=" not in remove[1]
