import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests.briefings.factories import BriefingFactory, InspectorateFactory, JtaiGuideFactory
from tests.factories import DocumentFactory, PartnershipFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory
from tests.reviews.test_views import filter_panel

pytestmark = pytest.mark.django_db


def listed(html):
    return re.findall(r'<h3 class="govuk-heading-s app-card__title"><a [^>]+>([^<]+)</a>', html)


@pytest.fixture
def hull():
    return PartnershipFactory(slug="hull", name="Hull SCP", short_name="Hull SCP")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Hull briefing", "York briefing"]),
        ("theme=neglect", ["York briefing"]),
        ("partnership=hull", ["Hull briefing"]),
        ("year=2022", ["York briefing"]),
        ("theme=neglect&partnership=hull", []),
    ],
)
def test_briefing_list_filters(client, hull, query, expected):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    york = PartnershipFactory(slug="york")
    BriefingFactory(
        title="York briefing",
        partnership=york,
        themes=[neglect],
        publication_date=datetime.date(2022, 6, 1),
    )
    BriefingFactory(
        title="Hull briefing", partnership=hull, publication_date=datetime.date(2024, 6, 1)
    )
    BriefingFactory(title="Draft briefing", partnership=hull, draft=True)

    assert listed(client.get(f"/learning/briefings/?{query}").text) == expected


def test_bad_briefing_filters_and_pages(client, hull):
    BriefingFactory(partnership=hull)
    bad = client.get("/learning/briefings/?partnership=nowhere&year=x")
    assert bad.status_code == 200
    assert "There is no partnership “nowhere”" in bad.text
    assert client.get("/learning/briefings/?page=7").status_code == 404


def test_briefing_page_shows_seven_numbered_points_and_what_follows(client, hull):
    review = CaseReviewFactory(partnership=hull, child_pseudonym="Poppy")
    slides = DocumentFactory(title="Briefing slides", slug="briefing-slides")
    briefing = BriefingFactory(
        title="7 Point Briefing: Poppy",
        partnership=hull,
        case_review=review,
        reflection_questions="<ul><li>What are your key thoughts?</li></ul>",
        documents=[slides],
    )

    html = client.get(briefing.get_absolute_url()).text

    numbers = re.findall(r'<span class="app-briefing__number">(\d)</span> ([^<]+)</h2>', html)
    assert numbers == [
        ("1", "Background"),
        ("2", "Why it matters"),
        ("3", "Key information"),
        ("4", "Key information"),
        ("5", "Key information"),
        ("6", "Things to note and remember"),
        ("7", "What to do"),
    ]
    assert "Questions for your team" in html and "What are your key thoughts?" in html
    assert f'href="{review.get_absolute_url()}"' in html
    assert f'href="{slides.get_absolute_url()}">Briefing slides</a>' in html
    assert f"(PDF, {slides.size}\xa0bytes)" in html
    assert "Print this briefing" in html


def test_briefing_of_a_draft_is_404_to_the_public_and_previewed_by_staff(client, staff_user, hull):
    briefing = BriefingFactory(partnership=hull, draft=True)
    assert client.get(briefing.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    assert "Draft: not public" in client.get(briefing.get_absolute_url()).text


def test_a_draft_case_review_is_not_linked_from_a_published_briefing(client, hull):
    review = CaseReviewFactory(partnership=hull, draft=True)
    briefing = BriefingFactory(partnership=hull, case_review=review)
    assert review.get_absolute_url() not in client.get(briefing.get_absolute_url()).text


def test_jtai_guides_list_and_detail(client):
    ofsted = InspectorateFactory(short_name="Ofsted", name="Ofsted")
    cqc = InspectorateFactory(short_name="CQC", name="Care Quality Commission")
    guide_file = DocumentFactory(title="One Minute Guide (PDF)")
    guide = JtaiGuideFactory(
        title="JTAI One Minute Guide",
        inspectorates=[ofsted, cqc],
        document=guide_file,
        inspection_theme="Domestic abuse",
    )
    JtaiGuideFactory(title="Only Ofsted", inspectorates=[ofsted])
    JtaiGuideFactory(title="Draft guide", draft=True)

    assert listed(client.get("/learning/jtai/").text) == ["JTAI One Minute Guide", "Only Ofsted"]
    assert listed(client.get("/learning/jtai/?inspectorate=CQC").text) == ["JTAI One Minute Guide"]
    assert "There is no inspectorate “FBI”" in client.get("/learning/jtai/?inspectorate=FBI").text

    html = client.get(guide.get_absolute_url()).text
    assert "Care Quality Commission" in html
    assert "Domestic abuse" in html
    assert f'href="{guide_file.get_absolute_url()}"' in html
    assert client.get(guide_file.get_absolute_url()).status_code == 200


def test_theme_page_includes_briefings_and_guides(client, hull):
    theme = ThemeFactory(slug="inspection", name="Inspection")
    BriefingFactory(title="Themed briefing", partnership=hull, themes=[theme])
    JtaiGuideFactory(title="Themed guide", themes=[theme])
    html = client.get("/learning/themes/inspection/").text
    assert "7 point briefings" in html and "Themed briefing" in html
    assert "JTAI guides" in html and "Themed guide" in html
    assert re.search(
        r"Inspection</a>\s*<span[^>]*>\(2 items\)", client.get("/learning/themes/").text
    )


def test_loaded_content_puts_the_one_minute_guide_on_the_hub_and_keeps_briefings_as_drafts(client):
    call_command("load_learning_content", stdout=StringIO())
    html = client.get("/learning/").text
    assert 'href="/learning/jtai/jtai-one-minute-guide/"' in html
    guide = client.get("/learning/jtai/jtai-one-minute-guide/").text
    for heading in [
        "What is a JTAI?",
        "Why does it matter?",
        "Who is involved?",
        "What happens?",
        "What should I do?",
    ]:
        assert heading in guide
    assert "front door" in guide and "10 working days" in guide
    # The page gives no text for its briefings or Poppy's review: drafts for staff.
    assert client.get("/learning/briefings/poppy-learning-from-practice/").status_code == 404
    assert client.get("/learning/briefings/hull-scp-learning-lessons-review/").status_code == 404
    assert client.get("/learning/case-reviews/poppy/").status_code == 404


def test_loaded_briefings_start_with_the_usual_seven_headings(staff_client):
    call_command("load_learning_content", stdout=StringIO())
    html = staff_client.get("/learning/briefings/poppy-learning-from-practice/").text
    assert "Draft: not public" in html
    assert html.count('class="app-briefing__number"') == 7
    assert "Learning from practice in Poppy" in html


def test_hub_lists_published_briefings_with_their_files(client, hull):
    from tests.factories import HubSectionFactory

    HubSectionFactory(title="7 point briefings", listing="briefings")
    slides = DocumentFactory(title="Hull SCP presentation")
    BriefingFactory(title="Hull SCP briefing", partnership=hull, documents=[slides])
    BriefingFactory(title="Unfinished briefing", partnership=hull, draft=True)

    html = client.get("/learning/").text

    assert "Hull SCP briefing" in html
    assert f'href="{slides.get_absolute_url()}">Hull SCP presentation</a>' in html
    assert "Unfinished briefing" not in html


def test_hub_briefings_section_says_when_none_are_published(client, hull):
    from tests.factories import HubSectionFactory

    HubSectionFactory(title="7 point briefings", listing="briefings")
    BriefingFactory(title="Unfinished briefing", partnership=hull, draft=True)

    html = client.get("/learning/").text

    assert "No 7 point briefings are published here yet." in html
    assert 'href="/learning/briefings/">All 7 point briefings</a>' in html
    assert "Unfinished briefing" not in html


def test_hub_lists_jtai_guides_with_their_file(client):
    from tests.factories import HubSectionFactory

    HubSectionFactory(title="Joint Targeted Area Inspections", listing="jtai_guides")
    guide_file = DocumentFactory(title="JTAI One Minute Guide (PDF)")
    JtaiGuideFactory(title="JTAI One Minute Guide", document=guide_file)

    html = client.get("/learning/").text

    assert "JTAI One Minute Guide</a>" in html
    assert f'href="{guide_file.get_absolute_url()}">JTAI One Minute Guide (PDF)</a>' in html


def test_theme_page_lists_files_made_public_by_content_on_the_theme(client, hull):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    public = DocumentFactory(title="Neglect slides")
    hidden = DocumentFactory(title="Draft slides")
    BriefingFactory(partnership=hull, themes=[theme], documents=[public])
    BriefingFactory(partnership=hull, themes=[theme], documents=[hidden], draft=True)

    html = client.get("/learning/themes/neglect/").text

    assert "Neglect slides" in html
    assert "Draft slides" not in html


def count(html):
    return int(re.search(r"(\d+) (briefings?|guides?)\s*</p>", html).group(1))


def test_the_briefing_and_jtai_filters_are_offered_by_name_with_any_first(client, hull):
    BriefingFactory(partnership=hull)
    JtaiGuideFactory()

    assert filter_panel(client.get("/learning/briefings/").text) == [
        ("theme", "Theme", "Any theme"),
        ("partnership", "Partnership", "Any partnership"),
        ("year", "Year", "Any year"),
    ]
    assert filter_panel(client.get("/learning/jtai/").text) == [
        ("theme", "Theme", "Any theme"),
        ("inspectorate", "Inspectorate", "Any inspectorate"),
    ]


def test_a_bad_briefing_filter_is_reported_while_a_good_one_applies(client, hull):
    york = PartnershipFactory(slug="york")
    BriefingFactory(
        title="Hull briefing", partnership=hull, publication_date=datetime.date(2024, 6, 1)
    )
    BriefingFactory(
        title="York briefing", partnership=york, publication_date=datetime.date(2024, 6, 1)
    )

    html = client.get("/learning/briefings/?partnership=hull&theme=nothing").text

    assert listed(html) == ["Hull briefing"]
    assert count(html) == 1
    assert '<a href="#id_theme">There is no theme “nothing”. Choose one from the list.</a>' in html
    assert "Partnership: Hull SCP" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=inspection", ["Both inspectorates"]),
        ("inspectorate=Ofsted", ["Both inspectorates", "Only Ofsted"]),
        ("inspectorate=CQC&theme=inspection", ["Both inspectorates"]),
        ("theme=neglect", ["Both inspectorates", "Only Ofsted"]),
        ("inspectorate=CQC&theme=exploitation", []),
    ],
)
def test_jtai_guides_filter_by_theme_and_inspectorate_and_count_each_once(client, query, expected):
    ofsted = InspectorateFactory(short_name="Ofsted", name="Ofsted")
    cqc = InspectorateFactory(short_name="CQC", name="Care Quality Commission")
    inspection = ThemeFactory(slug="inspection", name="Inspection")
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    exploitation = ThemeFactory(slug="exploitation", name="Exploitation")
    JtaiGuideFactory(
        title="Both inspectorates", inspectorates=[ofsted, cqc], themes=[inspection, neglect]
    )
    JtaiGuideFactory(title="Only Ofsted", inspectorates=[ofsted], themes=[neglect, exploitation])

    html = client.get(f"/learning/jtai/?{query}").text

    assert listed(html) == expected
    assert count(html) == len(expected)
