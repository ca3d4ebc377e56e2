"""Drafts and scheduled items never reach the public, whatever kind they are.

For every kind, a published twin sits beside a draft and a scheduled item,
each with its own unusual word in its title, a theme and (where the kind
has files) a document of its own. Every public page must show the twin, so
the test cannot pass by showing nothing, and must show neither of the others.
"""

import pytest
from django.conf import settings

from cyscp.models import HubSection
from tests import pages
from tests.briefings.factories import BriefingFactory, JtaiGuideFactory
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory, HubSectionFactory, PartnershipFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

# One unusual word for each state, so a search for it finds only that item.
WORDS = {"published": "Zephyr", "draft": "Quokka", "scheduled": "Wombat"}
STATES = {
    "published": {},
    "draft": {"draft": True},
    "scheduled": {"scheduled": True},
}
LISTINGS = ["masterclasses", "panel_publications", "annual_reports", "briefings", "jtai_guides"]


def make_case_review(word, theme, document, state):
    return CaseReviewFactory(
        title=f"Learning from {word}",
        slug=f"{word.lower()}-review",
        child_pseudonym=word,
        partnership=PartnershipFactory(slug="york", area="York"),
        themes=[theme],
        report=document,
        report_url="",
        **STATES[state],
    )


def make_panel_publication(word, theme, document, state):
    return PanelPublicationFactory(
        title=f"{word} national review",
        slug=f"{word.lower()}-national-review",
        kind="national",
        themes=[theme],
        **STATES[state],
    )


def make_annual_report(word, theme, document, state):
    return PanelPublicationFactory(
        title=f"{word} annual report",
        slug=f"{word.lower()}-annual-report",
        kind="annual",
        themes=[theme],
        **STATES[state],
    )


def make_briefing(word, theme, document, state):
    return BriefingFactory(
        title=f"{word} briefing",
        slug=f"{word.lower()}-briefing",
        summary=f"Seven points about {word}.",
        themes=[theme],
        documents=[document],
        **STATES[state],
    )


def make_jtai_guide(word, theme, document, state):
    return JtaiGuideFactory(
        title=f"{word} inspection guide",
        slug=f"{word.lower()}-inspection-guide",
        themes=[theme],
        document=document,
        **STATES[state],
    )


def make_masterclass(word, theme, document, state):
    return MasterclassFactory(
        title=f"{word} masterclass",
        slug=f"{word.lower()}-masterclass",
        themes=[theme],
        presentations=[document],
        **STATES[state],
    )


def make_hub_section(word, theme, document, state):
    section = HubSectionFactory(
        title=f"{word} section", anchor=f"{word.lower()}-section", **STATES[state]
    )
    section.documents.set([document])
    return section


KINDS = {
    "case review": (make_case_review, True),
    "Panel publication": (make_panel_publication, False),
    "Panel annual report": (make_annual_report, False),
    "briefing": (make_briefing, True),
    "JTAI guide": (make_jtai_guide, True),
    "masterclass": (make_masterclass, True),
}


@pytest.fixture(params=list(KINDS))
def learning(request):
    """A published twin, a draft and a scheduled item of one kind, with the
    hub listing everything that can be listed."""
    make, has_files = KINDS[request.param]
    theme = ThemeFactory(slug="leaks", name="Leaks")
    items = {}
    for state, word in WORDS.items():
        document = DocumentFactory(title=f"{word} file", slug=f"{word.lower()}-file")
        item = make(word, theme, document if has_files else None, state)
        items[state] = {"item": item, "word": word, "document": document if has_files else None}
    for position, listing in enumerate(LISTINGS):
        HubSectionFactory(title=f"Listing {position}", position=position, listing=listing)
    return {"kind": request.param, "theme": theme, **items}


def shows(text, entry):
    """Whether a page shows the item: its address or its heading (not just its
    word, which the search page repeats back)."""
    item = entry["item"]
    return item.get_absolute_url() in text or item.heading in text


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_its_own_page_is_not_found(client, learning, state):
    assert client.get(learning["published"]["item"].get_absolute_url()).status_code == 200
    assert client.get(learning[state]["item"].get_absolute_url()).status_code == 404


def public_pages(client, learning):
    """Every public page that lists learning of this kind."""
    item = learning["published"]["item"]
    list_url = item.get_absolute_url().rsplit("/", 2)[0] + "/"
    theme = learning["theme"]
    found = {
        "hub": client.get("/learning/").text,
        "list": client.get(list_url).text,
        "theme page": client.get(f"/learning/themes/{theme.slug}/").text,
        "site feed": client.get("/learning/feed/").content.decode(),
        "theme feed": client.get(f"/learning/themes/{theme.slug}/feed/").content.decode(),
        "sitemap": b"".join(pages.sitemap_sections(client)).decode(),
    }
    if learning["kind"] == "masterclass":
        found["calendar"] = client.get("/learning/masterclasses/calendar.ics").content.decode()
    return found


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_no_public_page_or_feed_shows_it(client, learning, state):
    for name, text in public_pages(client, learning).items():
        # The hub lists every kind but case reviews, which have their own list.
        if not (name == "hub" and learning["kind"] == "case review"):
            assert shows(text, learning["published"]), f"the published twin is not on the {name}"
        assert not shows(text, learning[state]), f"the {state} item is on the {name}"


def test_counts_include_only_the_published_twin(client, learning):
    item = learning["published"]["item"]
    list_url = item.get_absolute_url().rsplit("/", 2)[0] + "/"
    if learning["kind"] != "masterclass":  # the masterclass page has no count
        assert pages.result_count(client.get(list_url).text) == 1
    themes = pages.theme_counts(client.get("/learning/themes/").text)
    assert themes == [("Leaks", 1)]


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_search_finds_only_the_published_twin(client, learning, state):
    twin = client.get("/search/", {"q": learning["published"]["word"]}).text
    assert pages.result_count(twin) == 1
    assert shows(twin, learning["published"])

    hidden = client.get("/search/", {"q": learning[state]["word"]}).text
    assert pages.result_count(hidden) == 0
    assert not shows(hidden, learning[state])


@pytest.mark.skipif(not ON_POSTGRESQL, reason="suggestions use PostgreSQL's trigram search")
@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_did_you_mean_suggests_only_the_published_twin(client, learning, state):
    # A misspelling finds nothing, so the page suggests titles close to it.
    twin = client.get("/search/", {"q": "Zephir"}).text
    assert "Did you mean:" in twin
    assert "Zephyr" in twin

    word = learning[state]["word"]
    hidden = client.get("/search/", {"q": word[:-1] + "e"}).text
    assert word not in hidden


def test_calendars_leave_it_out(client, learning):
    if learning["kind"] != "masterclass":
        pytest.skip("only masterclasses have calendars")
    for state in ["draft", "scheduled"]:
        slug = learning[state]["item"].slug
        assert client.get(f"/learning/masterclasses/{slug}.ics").status_code == 404
    twin = learning["published"]["item"].slug
    assert client.get(f"/learning/masterclasses/{twin}.ics").status_code == 200


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_its_files_cannot_be_downloaded(client, learning, state):
    if learning[state]["document"] is None:
        pytest.skip("this kind has no files")
    assert client.get(learning["published"]["document"].get_absolute_url()).status_code == 200
    assert client.get(learning[state]["document"].get_absolute_url()).status_code == 404


@pytest.fixture
def sections():
    made = {}
    for state, word in WORDS.items():
        document = DocumentFactory(title=f"{word} file", slug=f"{word.lower()}-file")
        made[state] = {
            "item": make_hub_section(word, None, document, state),
            "word": word,
            "document": document,
        }
    return made


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_a_hidden_hub_section_is_nowhere_public(client, sections, state):
    hub = client.get("/learning/").text
    assert "Zephyr section" in hub
    assert sections[state]["word"] not in hub

    assert pages.result_count(client.get("/search/", {"q": "Zephyr"}).text) == 1
    assert pages.result_count(client.get("/search/", {"q": sections[state]["word"]}).text) == 0
    if ON_POSTGRESQL:
        assert "Zephyr section" in client.get("/search/", {"q": "Zephir"}).text
        hidden = client.get("/search/", {"q": sections[state]["word"][:-1] + "e"}).text
        assert sections[state]["word"] not in hidden

    assert client.get(sections["published"]["document"].get_absolute_url()).status_code == 200
    assert client.get(sections[state]["document"].get_absolute_url()).status_code == 404
    assert HubSection.objects.count() == 3  # the hidden ones still exist for staff
