"""Every public page and feed lists exactly what it listed before the kinds of
learning moved into one registry: the same items, in the same order.

The lists below are what the pages showed for the fixed set of learning in
tests/learning_set.py. A change to any of them is a change users will see.
"""

import pytest
import time_machine
from django.conf import settings

from tests import learning_set, pages

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

POPPY = "/learning/case-reviews/poppy/"
CHILD_K = "/learning/case-reviews/child-k/"
BABY_L = "/learning/case-reviews/baby-l/"
ENGLAND = "/learning/national-panel/child-protection-in-england/"
ANNUAL = "/learning/national-panel/annual-report-2022-to-2023/"
DISABILITIES = "/learning/national-panel/children-with-disabilities/"
NEGLECT_BRIEFING = "/learning/briefings/neglect-briefing/"
EXPLOITATION_BRIEFING = "/learning/briefings/exploitation-briefing/"
FRONT_DOOR = "/learning/jtai/jtai-front-door/"
JTAI_EXPLOITATION = "/learning/jtai/jtai-child-exploitation/"
MC_2021 = "/learning/masterclasses/masterclass-2021-11-30/"
MC_2025 = "/learning/masterclasses/masterclass-2025-06-17/"
MC_2027 = "/learning/masterclasses/masterclass-2027-01-19/"
REPORT = "/documents/*/poppy-review-report.pdf"
SLIDES = "/documents/*/neglect-briefing-slides.pdf"
GUIDE_FILE = "/documents/*/jtai-one-minute-guide.pdf"
TALK = "/documents/*/masterclass-slides-2025.pdf"
HUB_FILE = "/documents/*/hub-reading-list.pdf"


@pytest.fixture
def learning():
    with time_machine.travel(learning_set.NOW, tick=False):
        learning_set.build()
        yield


def test_the_hub_lists_its_sections_and_their_learning_in_order(client, learning):
    html = client.get("/learning/").text

    assert pages.contents(html) == [
        ("#why-we-learn", "Why we learn from reviews"),
        ("#masterclasses", "Learning Masterclasses"),
        ("#national-panel", "National reviews and papers"),
        ("#annual-reports", "Panel annual reports"),
        ("#briefings", "7 point briefings"),
        ("#jtai", "JTAI guides"),
        ("#partnerships", "Regional partnerships"),
    ]
    assert pages.item_paths(html) == [
        HUB_FILE,
        MC_2027,
        MC_2025,
        TALK,
        MC_2021,
        DISABILITIES,
        ENGLAND,
        ANNUAL,
        NEGLECT_BRIEFING,
        SLIDES,
        EXPLOITATION_BRIEFING,
        JTAI_EXPLOITATION,
        FRONT_DOOR,
        GUIDE_FILE,
    ]
    assert "City of York SCP" in html and "Hull SCP" in html
    assert "Hidden" not in html


@pytest.mark.parametrize(
    ("address", "count", "expected"),
    [
        ("/learning/case-reviews/", 3, [BABY_L, POPPY, CHILD_K]),
        ("/learning/case-reviews/?theme=neglect", 2, [BABY_L, POPPY]),
        ("/learning/case-reviews/?partnership=hull", 1, [CHILD_K]),
        ("/learning/case-reviews/?type=rapid", 1, [CHILD_K]),
        ("/learning/case-reviews/?year=2024", 1, [POPPY]),
        ("/learning/case-reviews/?age=under-1", 1, [BABY_L]),
        ("/learning/national-panel/", 3, [DISABILITIES, ANNUAL, ENGLAND]),
        ("/learning/national-panel/?kind=annual", 1, [ANNUAL]),
        ("/learning/national-panel/?theme=neglect", 1, [DISABILITIES]),
        ("/learning/briefings/", 2, [NEGLECT_BRIEFING, EXPLOITATION_BRIEFING]),
        ("/learning/briefings/?partnership=hull", 1, [EXPLOITATION_BRIEFING]),
        ("/learning/briefings/?theme=neglect", 1, [NEGLECT_BRIEFING]),
        ("/learning/jtai/", 2, [JTAI_EXPLOITATION, FRONT_DOOR]),
        ("/learning/jtai/?inspectorate=CQC", 1, [FRONT_DOOR]),
        ("/learning/jtai/?theme=exploitation", 1, [JTAI_EXPLOITATION]),
        # Upcoming first, then past by year, newest first; slides under their event.
        ("/learning/masterclasses/", None, [MC_2027, MC_2025, TALK, MC_2021]),
    ],
)
def test_each_list_shows_the_same_items_in_the_same_order(
    client, learning, address, count, expected
):
    html = client.get(address).text
    assert pages.item_paths(html) == expected
    assert pages.result_count(html) == count


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        (
            "neglect",
            [BABY_L, POPPY, DISABILITIES, NEGLECT_BRIEFING, MC_2027, MC_2021, SLIDES, REPORT],
        ),
        (
            "exploitation",
            [CHILD_K, EXPLOITATION_BRIEFING, JTAI_EXPLOITATION, MC_2025, TALK],
        ),
        ("domestic-abuse", [BABY_L, ENGLAND, FRONT_DOOR, MC_2027, GUIDE_FILE]),
        ("online-safety", []),
    ],
)
def test_each_theme_page_shows_the_same_learning(client, learning, slug, expected):
    response = client.get(f"/learning/themes/{slug}/")
    assert response.status_code == 200
    assert pages.item_paths(response.text) == expected


def test_the_themes_list_shows_the_same_counts(client, learning):
    html = client.get("/learning/themes/").text
    assert pages.theme_counts(html) == [
        ("Domestic abuse", 4),
        ("Exploitation", 4),
        ("Neglect", 6),
        ("Online safety", 0),
    ]


SEARCHES = {
    "neglect": (1, [NEGLECT_BRIEFING]),
    "exploitation&kind=briefings": (1, [EXPLOITATION_BRIEFING]),
    # The two databases rank differently: full-text search on PostgreSQL,
    # whole-word matching on SQLite.
    "learning": (
        (
            8,
            [MC_2027, MC_2025, MC_2021, "/learning/#why-we-learn", "/learning/#masterclasses"]
            + [BABY_L, POPPY, CHILD_K],
        )
        if ON_POSTGRESQL
        else (7, [BABY_L, POPPY, CHILD_K, MC_2027, MC_2025, MC_2021, "/learning/#masterclasses"])
    ),
}


@pytest.mark.parametrize("query", list(SEARCHES))
def test_search_finds_the_same_learning_in_the_same_order(client, learning, query):
    count, expected = SEARCHES[query]
    html = client.get(f"/search/?q={query}").text
    assert pages.result_count(html) == count
    assert pages.item_paths(html) == expected


def test_the_site_feed_lists_the_same_entries_newest_first(client, learning):
    entries = pages.feed_entries(client.get("/learning/feed/").content)
    assert entries == [
        ("Learning Masterclass - 19 January 2027", MC_2027),
        ("2025 – York – Baby L", BABY_L),
        ("Learning Masterclass - 17 June 2025", MC_2025),
        ("Safeguarding children with disabilities in residential settings", DISABILITIES),
        ("JTAI: child exploitation", JTAI_EXPLOITATION),
        ("Neglect briefing", NEGLECT_BRIEFING),
        ("2024 – York – Poppy", POPPY),
        ("JTAI: the front door", FRONT_DOOR),
        ("Annual report 2022 to 2023", ANNUAL),
        ("Exploitation briefing", EXPLOITATION_BRIEFING),
        ("2023 – Hull – Child K", CHILD_K),
        ("Child protection in England", ENGLAND),
        ("Learning Masterclass - 30 November 2021", MC_2021),
    ]


def test_a_theme_feed_lists_the_same_entries_newest_first(client, learning):
    entries = pages.feed_entries(client.get("/learning/themes/neglect/feed/").content)
    assert entries == [
        ("Learning Masterclass - 19 January 2027", MC_2027),
        ("2025 – York – Baby L", BABY_L),
        ("Safeguarding children with disabilities in residential settings", DISABILITIES),
        ("Neglect briefing", NEGLECT_BRIEFING),
        ("2024 – York – Poppy", POPPY),
        ("Learning Masterclass - 30 November 2021", MC_2021),
    ]


def test_the_sitemap_lists_the_same_pages(client, learning):
    # Each section now lists its items in the list's order (which an index
    # holds), not by id: the same pages, in another order.
    assert sorted(pages.sitemap_paths(client)) == sorted(
        [
            "/learning/",
            "/learning/themes/",
            "/accessibility/",
            "/learning/case-reviews/",
            "/learning/national-panel/",
            "/learning/briefings/",
            "/learning/jtai/",
            "/learning/masterclasses/",
            "/learning/themes/domestic-abuse/",
            "/learning/themes/exploitation/",
            "/learning/themes/neglect/",
            POPPY,
            CHILD_K,
            BABY_L,
            ENGLAND,
            ANNUAL,
            DISABILITIES,
            NEGLECT_BRIEFING,
            EXPLOITATION_BRIEFING,
            FRONT_DOOR,
            JTAI_EXPLOITATION,
            MC_2021,
            MC_2025,
            MC_2027,
        ]
    )


def test_the_calendar_lists_the_same_masterclasses_soonest_first(client, learning):
    events = pages.calendar_events(client.get("/learning/masterclasses/calendar.ics").content)
    assert events == [
        ("Learning Masterclass - 30 November 2021", MC_2021),
        ("Learning Masterclass - 17 June 2025", MC_2025),
        ("Learning Masterclass - 19 January 2027", MC_2027),
    ]
