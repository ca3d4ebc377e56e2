import pytest

from cyscp.models import HubPage, HubSection
from tests.factories import (
    HubSectionFactory,
    PartnershipFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_staff_add_a_hub_section_and_its_text_is_cleaned(admin_client):
    response = admin_client.post(
        "/admin/cyscp/hubsection/add/",
        {
            "title": "Learning from Poppy",
            "anchor": "learning-from-poppy",
            "body": "<p>Read the briefing.</p><script>alert('x')</script>",
            "listing": "",
            "position": "5",
            "status": "published",
            "published_at_0": "25/11/2026",
            "published_at_1": "09:00:00",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    section = HubSection.objects.get(anchor="learning-from-poppy")
    assert section.body == "<p>Read the briefing.</p>"


def test_two_sections_cannot_share_an_anchor(admin_client):
    HubSectionFactory(anchor="national-panel")
    response = admin_client.post(
        "/admin/cyscp/hubsection/add/",
        {
            "title": "Another",
            "anchor": "national-panel",
            "body": "",
            "position": "1",
            "status": "draft",
            "published_at_0": "25/11/2026",
            "published_at_1": "09:00:00",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Hub section with this Anchor already exists." in response.text


def test_section_change_page_links_to_the_section_on_the_hub(admin_client):
    section = HubSectionFactory(draft=True)
    response = admin_client.get(f"/admin/cyscp/hubsection/{section.pk}/change/")
    assert response.status_code == 200
    assert "View on site" in response.text


def test_hub_page_can_be_added_once_only(admin_client):
    assert admin_client.get("/admin/cyscp/hubpage/add/").status_code == 200
    HubPage.objects.create(title="Learning and development")
    assert admin_client.get("/admin/cyscp/hubpage/add/").status_code == 403


@pytest.mark.parametrize(
    ("page", "make"),
    [
        ("hubsection", lambda name: HubSectionFactory(title=name)),
        ("hubpage", lambda name: HubPage.objects.create(title=name)),
        ("theme", lambda name: ThemeFactory(name=name)),
        ("partnership", lambda name: PartnershipFactory(name=name)),
        ("resource", lambda name: ResourceFactory(title=name)),
    ],
)
def test_admin_lists_show_staff_their_records_and_search_them(admin_client, page, make):
    make("York record")
    if page != "hubpage":  # one row only
        make("Leeds record")
    listed = admin_client.get(f"/admin/cyscp/{page}/").text
    assert "York record" in listed
    found = admin_client.get(f"/admin/cyscp/{page}/?q=york").text
    assert "York record" in found
    assert "Leeds record" not in found


def test_admin_search_lists_the_matching_sections_only(admin_client):
    HubSectionFactory(title="Learning from York")
    HubSectionFactory(title="National resources")
    html = admin_client.get("/admin/cyscp/hubsection/?q=york").text
    assert "Learning from York" in html
    assert "National resources" not in html


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def hub_form(image, alt="A boy's hand thrust forward towards the camera"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "title": "Learning and development",
        "introduction": "<p>Learning for York.</p>",
        "image": SimpleUploadedFile(*image),
        "image_alt": alt,
    }


def test_the_hub_photograph_is_shown_with_its_description(admin_client, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post("/admin/cyscp/hubpage/add/", hub_form(("hand.png", PNG)))
    assert response.status_code == 302

    html = client.get("/learning/").text
    assert 'alt="A boy&#x27;s hand thrust forward towards the camera"' in html
    picture = client.get("/learning/hub-picture")
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/png"
    assert picture["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("image", "alt", "message"),
    [
        (("hand.png", b"<html><script>alert(1)</script>"), "A hand", "must be a JPEG, PNG or WebP"),
        (("hand.gif", b"GIF89a"), "A hand", "File extension “gif” is not allowed"),
        (("hand.png", PNG), "", "Describe the picture for screen readers."),
    ],
)
def test_a_bad_hub_photograph_is_refused(admin_client, settings, tmp_path, image, alt, message):
    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post("/admin/cyscp/hubpage/add/", hub_form(image, alt))
    assert response.status_code == 200
    assert message in response.text
    assert not HubPage.objects.exists()


def test_no_hub_photograph_is_a_404(client):
    assert client.get("/learning/hub-picture").status_code == 404
