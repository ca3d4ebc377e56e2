import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cyscp.models import HubPage
from tests.factories import HubSectionFactory, PartnershipFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def section_titles(html):
    return re.findall(r'<h2 class="govuk-heading-l" id="[^"]+">([^<]+)</h2>', html)


def test_home_leads_to_the_hub(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/learning/"


def test_hub_shows_every_section_in_position_order_with_contents(client):
    HubSectionFactory(title="Annual reports", anchor="annual-reports", position=30)
    HubSectionFactory(title="Practice reviews", anchor="practice-reviews", position=10)
    HubSectionFactory(title="National panel", anchor="national-panel", position=20)
    HubPage.objects.create(title="Learning and development")

    html = client.get("/learning/").text

    assert '<h1 class="govuk-heading-xl">Learning and development</h1>' in html
    assert section_titles(html) == ["Practice reviews", "National panel", "Annual reports"]
    contents = html[html.index("Contents") : html.index("</nav>", html.index("Contents"))]
    assert re.findall(r'href="#([^"]+)"', contents) == [
        "practice-reviews",
        "national-panel",
        "annual-reports",
    ]
    assert html.count(">Top of page</a>") == 3
    assert 'id="top"' in html


def test_hub_renders_the_sections_text_and_links(client):
    section = HubSectionFactory(body="<p>Read the <a href='https://www.ncmd.info/'>NCMD</a>.</p>")
    ResourceFactory(section=section, title="NSPCC repository", url="https://learning.example/")

    html = client.get("/learning/").text

    assert '<a href="https://www.ncmd.info/" rel="noopener noreferrer">NCMD</a>' in html
    assert '<a class="govuk-link" href="https://learning.example/">NSPCC repository</a>' in html


def test_draft_section_is_hidden_from_the_public(client):
    HubSectionFactory(title="Published learning")
    HubSectionFactory(title="Unfinished learning", draft=True)

    html = client.get("/learning/").text

    assert "Published learning" in html
    assert "Unfinished learning" not in html


def test_staff_see_draft_sections_marked_as_not_public(staff_client):
    HubSectionFactory(title="Unfinished learning", draft=True)

    html = staff_client.get("/learning/").text

    assert "Unfinished learning" in html
    assert "Draft: not public" in html


def test_scheduled_section_appears_once_its_time_passes(client):
    publish_at = timezone.now() + timedelta(hours=2)
    HubSectionFactory(title="Scheduled briefing news", published_at=publish_at)

    assert "Scheduled briefing news" not in client.get("/learning/").text
    with time_machine.travel(publish_at + timedelta(seconds=1)):
        assert "Scheduled briefing news" in client.get("/learning/").text


def test_regional_partnerships_are_listed_under_their_section(client):
    HubSectionFactory(title="Regional learning", listing="regional_partnerships")
    PartnershipFactory(
        name="Hull Safeguarding Children Partnership", website="https://hull.example/"
    )
    PartnershipFactory(name="City of York Safeguarding Children Partnership", is_regional=False)

    html = client.get("/learning/").text

    assert '<a class="govuk-link" href="https://hull.example/">Hull Safeguarding' in html
    assert "City of York Safeguarding Children Partnership</li>" not in html


def test_script_typed_into_a_section_never_reaches_the_page(client):
    section = HubSectionFactory(
        body='<p onclick="steal()">Learning<script>alert(1)</script>'
        '<a href="javascript:alert(1)">link</a></p>'
    )
    section.refresh_from_db()
    assert "script" not in section.body
    assert "onclick" not in section.body
    assert "javascript:" not in section.body
    assert "alert(1)" not in client.get("/learning/").text


def test_empty_hub_says_so(client):
    assert "There is no learning published here yet." in client.get("/learning/").text


def test_a_file_attached_to_a_section_is_listed_and_public_while_the_section_is(client):
    from tests.factories import DocumentFactory

    slides = DocumentFactory(title="Learning Masterclass slides")
    section = HubSectionFactory(title="Learning Masterclasses")
    section.documents.add(slides)

    html = client.get("/learning/").text
    assert f'href="{slides.get_absolute_url()}">Learning Masterclass slides</a>' in html
    assert client.get(slides.get_absolute_url()).status_code == 200

    section.status = "draft"
    section.save()
    assert client.get(slides.get_absolute_url()).status_code == 404
