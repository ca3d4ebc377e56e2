"""The search page's one entry point, cyscp.search.run(): what it gives the
page for good and bad input, and that it reads the reader's query only once."""

import contextlib
from unittest import mock

import pytest
from django.conf import settings
from django.http import Http404

from cyscp import search
from cyscp.search import base, postgresql, query, sqlite
from tests.briefings.factories import BriefingFactory
from tests.events.factories import MasterclassFactory
from tests.factories import PartnershipFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="suggestions and common words need PostgreSQL's dictionaries"
)
sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="the fallback is for SQLite")


@pytest.fixture
def neglect_learning():
    york = PartnershipFactory(slug="york", area="York")
    CaseReviewFactory.create_batch(21, partnership=york, title="Neglect at home")
    BriefingFactory(partnership=york, title="Neglect briefing")
    MasterclassFactory(title="Neglect masterclass", description="<p>Neglect.</p>")
    PanelPublicationFactory(title="Annual report 2021")


def titles(outcome):
    return [result.title for result in outcome.page.object_list]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "neglect"},
        {"q": "neglect", "page": "2"},
        {"q": "neglect", "kind": "briefings"},
        {"q": "neglect", "kind": "poems"},
        {"q": "anual reprot"},  # nothing found: suggestions read the query too
        {"q": "neglect -home or masterclass"},
    ],
)
def test_each_search_reads_the_query_once(client, neglect_learning, params):
    parser = mock.Mock(wraps=query.parse_query)
    with contextlib.ExitStack() as patches:
        # Wherever the parser might be reached from, every call is counted.
        for module in (query, base, postgresql, sqlite, search):
            if hasattr(module, "parse_query"):
                patches.enter_context(mock.patch.object(module, "parse_query", parser))
        response = client.get("/search/", params)
    assert response.status_code == 200
    assert parser.call_count == 1


def test_a_search_gives_the_page_of_results_and_counts_by_kind(neglect_learning):
    outcome = search.run("  neglect\t", None, None)

    assert outcome.text == "neglect"
    assert outcome.problem == ""
    assert outcome.total == outcome.shown == 23
    assert len(titles(outcome)) == 20
    assert [(kind.label, count) for kind, count in outcome.kind_counts] == [
        ("Case reviews", 21),
        ("7 point briefings", 1),
        ("Learning Masterclasses", 1),
    ]
    assert outcome.chosen_kind is None and outcome.kind_error == ""

    last = search.run("neglect", None, "2")
    assert len(titles(last)) == 3
    # The two pages together hold every match once.
    both = [*outcome.page.object_list, *last.page.object_list]
    assert len({result.url for result in both}) == 23


def test_a_chosen_kind_narrows_the_results_but_not_the_counts(neglect_learning):
    outcome = search.run("neglect", "briefings", None)

    assert outcome.chosen_kind.label == "7 point briefings"
    assert titles(outcome) == ["Neglect briefing"]
    assert outcome.shown == 1
    assert outcome.total == 23


def test_an_unknown_kind_is_named_and_every_kind_is_shown(neglect_learning):
    outcome = search.run("neglect", "poems", None)

    assert outcome.kind_error == "There is no kind of learning called “poems”."
    assert outcome.chosen_kind is None
    assert outcome.shown == outcome.total == 23

    long_name = search.run("neglect", "x" * 500, None)
    assert long_name.kind_error == f"There is no kind of learning called “{'x' * 50}”."


def test_no_search_yet_is_the_empty_search_page():
    outcome = search.run(None, None, None)

    assert outcome.problem == ""
    assert outcome.text == ""
    assert outcome.page is None


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "Enter a word or phrase to search for."),
        (" \x00 ", "Enter a word or phrase to search for."),
        ("-neglect", "A minus sign only leaves words out."),
        ("-neglect -abuse", "A minus sign only leaves words out."),
        ("neglect " * 30, "Your search is 239 characters long."),
    ],
)
def test_a_search_that_cannot_run_says_why(neglect_learning, typed, problem):
    # A bad page number does not hide what is wrong with the search itself.
    outcome = search.run(typed, "poems", "abc")

    assert problem in outcome.problem
    assert outcome.page is None
    assert outcome.text == ""
    assert outcome.total == 0 and outcome.kind_counts == []


def test_a_search_too_long_is_kept_in_the_box_to_shorten():
    typed = "neglect " * 30
    outcome = search.run(typed, None, None)
    assert outcome.query == typed
    assert len(search.run("n" * 1000, None, None).query) == 2 * search.MAX_QUERY_LENGTH


@pytest.mark.parametrize("page", ["abc", "2.5", "0", "-1", "3", "99999999999999999999"])
def test_a_page_that_is_not_there_is_not_found(neglect_learning, page):
    with pytest.raises(Http404):
        search.run("neglect", None, page)


def test_the_first_page_is_the_default_and_the_only_page_of_nothing(neglect_learning):
    assert titles(search.run("neglect", None, "")) == titles(search.run("neglect", None, "1"))

    nothing = search.run("fostering", None, None)
    assert nothing.total == 0 and titles(nothing) == []
    with pytest.raises(Http404):
        search.run("fostering", None, "2")


def test_page_numbers_past_the_end_are_not_found_on_the_search_page(client, neglect_learning):
    assert client.get("/search/", {"q": "neglect", "page": "2"}).status_code == 200
    assert client.get("/search/", {"q": "neglect", "page": "3"}).status_code == 404
    assert client.get("/search/", {"q": "neglect", "page": "abc"}).status_code == 404
    narrowed = {"q": "neglect", "kind": "briefings", "page": "2"}
    assert client.get("/search/", narrowed).status_code == 404


@postgresql_only
def test_nothing_found_brings_suggestions_or_says_the_words_are_too_common(neglect_learning):
    misspelt = search.run("anual reprot", None, None)
    assert misspelt.suggestions == ["Annual report 2021"]
    assert misspelt.common_words is False

    common = search.run("of the", None, None)
    assert common.common_words is True
    assert common.suggestions == []


@sqlite_only
def test_nothing_found_on_sqlite_brings_no_guesses(neglect_learning):
    misspelt = search.run("anual reprot", None, None)
    assert misspelt.total == 0
    assert misspelt.suggestions == [] and misspelt.common_words is False
