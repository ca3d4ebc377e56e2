import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from tests.briefings.factories import BriefingFactory, JtaiGuideFactory
from tests.events.factories import MasterclassFactory
from tests.factories import HubSectionFactory, PartnershipFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="full-text search is PostgreSQL's")
sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="the fallback is for SQLite")


def found(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return re.findall(
        r'<h2 class="govuk-heading-s app-card__title"><a [^>]+>([^<]+)</a>', response.text
    )


def result_count(html):
    return int(re.search(r'role="status">(\d+) results?', html).group(1))


@pytest.fixture
def york():
    return PartnershipFactory(slug="york", area="York")


def test_finds_published_learning_of_every_kind(client, york):
    CaseReviewFactory(
        title="Bruising in babies",
        partnership=york,
        incident_summary="<p>A baby with bruising.</p>",
    )
    PanelPublicationFactory(title="Bruising paper", summary="<p>Bruising guidance.</p>")
    BriefingFactory(title="Bruising briefing", partnership=york, summary="Bruising learning.")
    JtaiGuideFactory(title="Bruising guide", summary="Bruising and inspection.")
    MasterclassFactory(title="Bruising masterclass", description="<p>Bruising.</p>")
    HubSectionFactory(title="Bruising on the hub", body="<p>Bruising.</p>")

    titles = found(client, "bruising")

    assert len(titles) == 6
    assert "Bruising briefing" in titles and "Bruising on the hub" in titles


def test_drafts_and_scheduled_items_are_never_found(client, york):
    CaseReviewFactory(title="Bruising draft", partnership=york, draft=True)
    BriefingFactory(title="Bruising later", partnership=york, scheduled=True)
    MasterclassFactory(title="Bruising hidden", draft=True)
    PanelPublicationFactory(title="Bruising live")

    html = client.get("/search/", {"q": "bruising"}).text

    assert found(client, "bruising") == ["Bruising live"]
    assert result_count(html) == 1
    assert "Case reviews (" not in html  # no count leaks a draft


def test_kind_filter_and_its_counts(client, york):
    CaseReviewFactory.create_batch(2, partnership=york, title="Neglect at home")
    BriefingFactory(partnership=york, title="Neglect briefing")

    html = client.get("/search/", {"q": "neglect"}).text
    assert "All (3)" in html
    assert "Case reviews (2)" in html and "7 point briefings (1)" in html

    assert found(client, "neglect", kind="briefings") == ["Neglect briefing"]
    narrowed = client.get("/search/", {"q": "neglect", "kind": "briefings"}).text
    assert '<strong aria-current="page">7 point briefings (1)</strong>' in narrowed
    assert 'role="status">1 result for “neglect” in 7 point briefings</p>' in narrowed
    assert "All (3)" in narrowed

    unknown = client.get("/search/", {"q": "neglect", "kind": "poems"}).text
    assert "There is no kind of learning called “poems”" in unknown
    assert result_count(unknown) == 3


def test_results_are_paginated_and_keep_the_query(client, york):
    CaseReviewFactory.create_batch(23, partnership=york, title="Neglect review")
    first = client.get("/search/", {"q": "neglect"}).text
    second = client.get("/search/", {"q": "neglect", "page": "2"}).text
    assert len(found(client, "neglect")) == 20
    assert 'href="?q=neglect&amp;page=2"' in first
    assert len(re.findall(r"app-card__title", second)) == 3
    assert client.get("/search/", {"q": "neglect", "page": "9"}).status_code == 404
    assert client.get("/search/", {"q": "neglect", "page": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Enter a word or phrase to search for."),
        ("   \t ", "Enter a word or phrase to search for."),
        ("\x00\x01", "Enter a word or phrase to search for."),
        ('"', "Enter a word or phrase to search for."),
        ("***", "Enter a word or phrase to search for."),
        ("-neglect", "A minus sign only leaves words out."),
        ("neglect " * 30, "searches can be up to 200 characters"),
    ],
)
def test_bad_queries_get_a_message_not_an_error(client, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text


@pytest.mark.parametrize("query", ['"unclosed', "-", "or", "&|!():*", "' OR 1=1 --", "\\"])
def test_odd_queries_are_answered(client, query, york):
    CaseReviewFactory(partnership=york, title="Neglect", child_pseudonym="Ada")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    # Either a message or a (possibly empty) count of results; never a bare page.
    assert "There is a problem" in response.text or re.search(r"\d+ results?", response.text)
    assert "Ada" not in response.text


def test_the_search_page_without_a_query_has_no_message(client):
    html = client.get("/search/").text
    assert "There is a problem" not in html
    assert 'name="q"' in html


def test_every_page_has_the_search_box(client):
    html = client.get("/learning/").text
    assert '<form class="app-search" action="/search/" method="get" role="search"' in html


def test_snippets_mark_the_words_and_escape_the_text(client, york):
    CaseReviewFactory(
        partnership=york,
        title="Neglect",
        incident_summary="<p>A child &lt;b&gt; lived with neglect for years.</p>",
    )
    html = client.get("/search/", {"q": "neglect"}).text
    assert "<mark>neglect</mark>" in html.lower() or "<mark>Neglect</mark>" in html
    assert "&lt;b&gt;" in html


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@postgresql_only
def test_title_matches_rank_above_summary_and_body_matches(client):
    # The body match is the newest and the title match the oldest, so only
    # the ranking can put them in this order.
    PanelPublicationFactory(
        title="Neglect of a toddler", summary="<p>About a toddler.</p>", published_at=days_ago(3)
    )
    PanelPublicationFactory(
        title="Another paper", summary="<p>Signs of neglect.</p>", published_at=days_ago(2)
    )
    PanelPublicationFactory(
        title="A paper",
        summary="<p>About families.</p>",
        key_points="<p>Neglect was missed.</p>",
        published_at=days_ago(1),
    )

    assert found(client, "neglect") == ["Neglect of a toddler", "Another paper", "A paper"]


@postgresql_only
def test_stemming_finds_other_forms_of_a_word(client, york):
    PanelPublicationFactory(title="Tackling neglect", summary="<p>Children were neglected.</p>")
    assert found(client, "neglected") == ["Tackling neglect"]
    assert found(client, "neglecting") == ["Tackling neglect"]


def test_phrases_exclusions_and_or(client):
    # Both databases read the same syntax: full-text search on PostgreSQL,
    # the fallback's whole-word matching on SQLite.
    PanelPublicationFactory(title="Bruising in non-mobile infants")
    PanelPublicationFactory(title="Infants who are not mobile and have bruising")
    PanelPublicationFactory(title="Domestic abuse paper")
    # Every word of the phrase, but not together: only a phrase search leaves it out.
    PanelPublicationFactory(title="Non-verbal infants who are not mobile")

    assert found(client, '"non-mobile infants"') == ["Bruising in non-mobile infants"]
    assert found(client, "bruising -non-mobile") == ["Infants who are not mobile and have bruising"]
    assert sorted(found(client, "domestic or non-mobile")) == [
        "Bruising in non-mobile infants",
        "Domestic abuse paper",
    ]
    assert found(client, "bruising -infants") == []


@postgresql_only
def test_did_you_mean_when_nothing_matches(client):
    PanelPublicationFactory(title="Annual report 2021")
    html = client.get("/search/", {"q": "anual reprot"}).text
    assert result_count(html) == 0
    assert "Did you mean:" in html
    assert 'href="/search/?q=Annual%20report%202021">Annual report 2021</a>' in html


@postgresql_only
def test_did_you_mean_ignores_the_words_left_out(client):
    PanelPublicationFactory(title="Bruising in non-mobile infants")
    PanelPublicationFactory(title="Infants and sleep")
    html = client.get("/search/", {"q": "brusing -infants"}).text
    assert result_count(html) == 0
    assert "Bruising in non-mobile infants</a>" in html
    assert "Infants and sleep</a>" not in html


@postgresql_only
def test_a_search_of_only_common_words_says_so_instead_of_guessing(client):
    PanelPublicationFactory(title="The annual report and the review")
    html = client.get("/search/", {"q": "of the"}).text
    assert result_count(html) == 0
    assert "Every word in your search is too common to search for" in html
    assert "Did you mean:" not in html


@sqlite_only
def test_sqlite_fallback_finds_whole_words_in_titles_and_summaries(client):
    # The title match is the older, so only the ranking puts it first.
    PanelPublicationFactory(
        title="Neglect at home", summary="<p>Cold rooms.</p>", published_at=days_ago(2)
    )
    PanelPublicationFactory(
        title="Severe cases", summary="<p>Signs of neglect.</p>", published_at=days_ago(1)
    )
    PanelPublicationFactory(title="Neglected teeth", summary="<p>Dental care.</p>")
    PanelPublicationFactory(title="Other", summary="<p>Housing.</p>", key_points="<p>Neglect.</p>")

    assert found(client, "neglect") == ["Neglect at home", "Severe cases"]
    assert found(client, "neglect home") == ["Neglect at home"]
    assert found(client, "NEGLECT") == ["Neglect at home", "Severe cases"]


@sqlite_only
def test_fallback_snippets_never_mark_inside_an_escaped_character(client):
    PanelPublicationFactory(title="Amp study", summary="<p>Tom &amp; amp tests.</p>")
    html = client.get("/search/", {"q": "amp"}).text
    assert "Tom &amp; <mark>amp</mark> tests." in html
