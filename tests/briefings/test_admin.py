import re

import pytest

from briefings.models import USUAL_HEADINGS, Briefing
from tests.briefings.factories import BriefingFactory, InspectorateFactory, JtaiGuideFactory
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/briefings/briefing/add/"


def briefing_form(points=7, *, numbers=None, status="draft", bodies=True, **overrides):
    hull = PartnershipFactory(slug="hull", name="Hull SCP")
    numbers = numbers or list(range(1, points + 1))
    data = {
        "title": "Learning lessons review: Child H",
        "slug": "learning-lessons-review-child-h",
        "summary": "What Hull SCP learned.",
        "partnership": hull.pk,
        "publication_date": "01/03/2025",
        "reflection_questions": "<p>How would your team have responded?</p>",
        "status": status,
        "published_at_0": "01/03/2025",
        "published_at_1": "09:00:00",
        "points-TOTAL_FORMS": str(len(numbers)),
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "7",
        "points-MAX_NUM_FORMS": "7",
    }
    for index, number in enumerate(numbers):
        data[f"points-{index}-number"] = str(number)
        data[f"points-{index}-heading"] = f"Heading {number}"
        data[f"points-{index}-body"] = f"<p>Point {number} text.</p>" if bodies else ""
    data.update(overrides)
    return data


def test_new_briefing_form_is_prefilled_with_the_usual_seven_headings(admin_client):
    html = admin_client.get(ADD).text
    headings = re.findall(r'name="points-\d-heading" value="([^"]*)"', html)
    numbers = re.findall(r'name="points-\d-number" value="(\d)"', html)
    assert headings == USUAL_HEADINGS
    assert numbers == [str(n) for n in range(1, 8)]
    assert "points-7-heading" not in html


def test_a_briefing_with_seven_points_is_saved_in_order(admin_client):
    response = admin_client.post(ADD, briefing_form(numbers=[7, 6, 5, 4, 3, 2, 1]))
    assert response.status_code == 302
    briefing = Briefing.objects.get()
    assert [p.number for p in briefing.points.all()] == [1, 2, 3, 4, 5, 6, 7]
    assert briefing.points.get(number=3).body == "<p>Point 3 text.</p>"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"points": 6}, "A 7 point briefing needs exactly 7 points"),
        ({"points": 8}, "A 7 point briefing needs exactly 7 points"),
        ({"numbers": [1, 2, 3, 3, 5, 6, 7]}, "3 is used more than once"),
        ({"numbers": [1, 2, 3, 4, 5, 6, 9]}, "Ensure this value is less than or equal to 7"),
    ],
)
def test_anything_but_seven_distinct_points_is_refused_and_nothing_saved(
    admin_client, data, message
):
    response = admin_client.post(ADD, briefing_form(**data))
    assert response.status_code == 200
    assert message in response.text
    assert not Briefing.objects.exists()


def test_a_draft_may_have_empty_points_but_a_published_briefing_may_not(admin_client):
    refused = admin_client.post(ADD, briefing_form(status="published", bodies=False))
    assert "Every point needs its text before the briefing is published" in refused.text
    assert not Briefing.objects.exists()

    saved = admin_client.post(ADD, briefing_form(status="draft", bodies=False))
    assert saved.status_code == 302
    assert Briefing.objects.get().points.count() == 7


def test_a_bad_number_on_a_published_briefing_with_an_empty_point_is_a_form_error(admin_client):
    form = briefing_form(status="published", bodies=False, numbers=[1, 2, 3, 4, 5, 6, 9])
    response = admin_client.post(ADD, form)
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 7" in response.text
    assert not Briefing.objects.exists()


def test_a_published_briefing_needs_its_partnership(admin_client):
    response = admin_client.post(ADD, briefing_form(status="published", partnership=""))
    assert "Needed before the briefing can be published." in response.text
    assert not Briefing.objects.exists()


def test_staff_rename_a_point_on_the_change_page(admin_client):
    briefing = BriefingFactory(draft=True)
    page = admin_client.get(f"/admin/briefings/briefing/{briefing.pk}/change/").text
    assert page.count('name="points-') >= 21  # seven points, three fields each
    points = list(briefing.points.all())
    data = briefing_form(
        **{
            "title": briefing.title,
            "slug": briefing.slug,
            "points-INITIAL_FORMS": "7",
        }
    )
    for index, point in enumerate(points):
        data[f"points-{index}-id"] = str(point.pk)
        data[f"points-{index}-briefing"] = str(briefing.pk)
        data[f"points-{index}-number"] = str(point.number)
        data[f"points-{index}-heading"] = point.heading
        data[f"points-{index}-body"] = point.body
    data["points-3-heading"] = "The baby's voice"
    # The numbers are shown, not editable: a number posted anyway changes nothing.
    data["points-0-number"], data["points-1-number"] = "2", "1"
    response = admin_client.post(f"/admin/briefings/briefing/{briefing.pk}/change/", data)
    assert response.status_code == 302
    assert briefing.points.get(number=4).heading == "The baby's voice"
    assert [p.heading for p in briefing.points.all()][:2] == [points[0].heading, points[1].heading]
    assert briefing.points.count() == 7


def test_the_change_page_shows_saved_point_numbers_as_fixed(admin_client):
    briefing = BriefingFactory()
    page = admin_client.get(f"/admin/briefings/briefing/{briefing.pk}/change/").text
    number = re.search(r'<input[^>]*name="points-0-number"[^>]*>', page)[0]
    assert "disabled" in number
    assert 'name="points-0-heading"' in page


def test_a_briefing_missing_a_point_can_have_it_added_on_the_change_page(admin_client):
    briefing = BriefingFactory(draft=True)
    briefing.points.filter(number=7).delete()
    points = list(briefing.points.all())
    data = briefing_form(title=briefing.title, slug=briefing.slug, **{"points-INITIAL_FORMS": "6"})
    for index, point in enumerate(points):
        data[f"points-{index}-id"] = str(point.pk)
        data[f"points-{index}-briefing"] = str(briefing.pk)
    data["points-6-number"], data["points-6-heading"] = "7", "What to do"
    response = admin_client.post(f"/admin/briefings/briefing/{briefing.pk}/change/", data)
    assert response.status_code == 302
    assert [p.number for p in briefing.points.all()] == [1, 2, 3, 4, 5, 6, 7]
    assert briefing.points.get(number=7).heading == "What to do"


def test_jtai_guide_and_inspectorate_admin_pages_list_what_is_saved(admin_client):
    JtaiGuideFactory(
        title="Front door guide", inspectorates=[InspectorateFactory(short_name="CQC")]
    )
    assert 'name="title"' in admin_client.get("/admin/briefings/jtaiguide/add/").text
    assert "Front door guide" in admin_client.get("/admin/briefings/jtaiguide/").text
    assert "CQC" in admin_client.get("/admin/briefings/inspectorate/").text
    assert 'type="file"' in admin_client.get("/admin/cyscp/document/add/").text


def test_questions_typed_on_separate_lines_stay_separate_on_the_page(admin_client, client):
    form = briefing_form(
        status="published",
        reflection_questions="What went well for the child?\nWhat would you do differently?"
        "\n\nHow will the team know the learning is embedded?",
    )
    assert admin_client.post(ADD, form).status_code == 302
    html = client.get(Briefing.objects.get().get_absolute_url()).text
    assert "<p>What went well for the child?<br>What would you do differently?</p>" in html
    assert "<p>How will the team know the learning is embedded?</p>" in html


def test_the_rich_text_guidance_points_to_the_toolbar_not_to_html(admin_client):
    html = admin_client.get(ADD).text
    assert "Use the toolbar for headings, bold, italic, lists and links." in html
    assert "simple HTML" not in html
