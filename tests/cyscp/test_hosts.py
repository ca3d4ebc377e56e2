"""A Host header the site does not answer to gets a plain 400 on every
address; a forged port on an allowed host never reaches an absolute link;
SITE_HOST, when set, is the only host links name."""

import re

import pytest
from django.test import Client, override_settings

from tests.briefings.factories import BriefingFactory
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db

ABSOLUTE = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def addresses():
    review = CaseReviewFactory()
    masterclass = MasterclassFactory()
    document = DocumentFactory()
    BriefingFactory(documents=[document])
    return [
        "/",
        "/learning/",
        "/learning/case-reviews/",
        review.get_absolute_url(),
        f"/learning/masterclasses/{masterclass.slug}.ics",
        "/learning/masterclasses/calendar.ics",
        "/learning/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/search/?q=neglect",
        "/admin/",
        "/admin/login/",
        document.get_absolute_url(),
        "/no-such-page/",
        "/static/cyscp/admin.css",
    ]


@pytest.mark.parametrize(
    "host", ["evil.example", "203.0.113.7", "testserver.evil.example", "[::2]"]
)
def test_a_host_the_site_does_not_answer_to_gets_a_plain_400_everywhere(addresses, host):
    client = Client(raise_request_exception=False)
    for address in addresses:
        response = client.get(address, HTTP_HOST=host)
        assert response.status_code == 400, address
        assert response["Content-Type"].startswith("text/plain")
        assert host not in response.content.decode()


def _links(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return ABSOLUTE.findall(body.decode())


def test_a_forged_port_never_reaches_an_absolute_link(client, addresses):
    for address in addresses[:10]:
        response = client.get(address, HTTP_HOST="testserver:6666")
        assert response.status_code in (200, 302), address
        links = [link for link in _links(response) if "testserver" in link]
        assert all("6666" not in link for link in links), (address, links)
    page = client.get(addresses[3], HTTP_HOST="testserver:6666").text
    assert '<link rel="canonical" href="http://testserver/learning/case-reviews/' in page


@override_settings(
    SITE_HOST="learning.example.org",
    ALLOWED_HOSTS=["testserver", "localhost", "learning.example.org"],
)
def test_the_configured_site_host_names_every_link(client, addresses):
    for address in addresses[:10]:
        response = client.get(address, HTTP_HOST="localhost:8000")
        hosts = {re.sub(r"^https?://([^/]+).*", r"\1", link) for link in _links(response)}
        assert "localhost:8000" not in hosts, address
    assert "http://learning.example.org/sitemap.xml" in client.get("/robots.txt").text


def test_error_pages_give_no_canonical_address(client):
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert 'rel="canonical"' not in page.text


@pytest.mark.django_db
def test_an_ipv6_host_with_a_foreign_port_is_served_without_the_port(settings):
    settings.ALLOWED_HOSTS = ["testserver", "[::1]"]
    response = Client(raise_request_exception=False).get("/learning/feed/", HTTP_HOST="[::1]:6666")
    assert response.status_code == 200
    assert "http://[::1]/learning/" in response.text and "6666" not in response.text


@pytest.mark.django_db
def test_a_form_posted_through_a_port_forward_passes_the_csrf_check(settings, admin_user):
    """The host of a POST is left as it came, so CSRF's comparison of the
    form's Origin with it holds behind a port-forward and beside SITE_HOST."""
    admin_user.set_password("a-long-password-for-tests")
    admin_user.save()
    settings.SITE_HOST = "learning.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "learning.example.org", "staff.example.org"]
    client = Client(enforce_csrf_checks=True)
    page = client.get("/admin/login/", HTTP_HOST="staff.example.org:8080")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": admin_user.username,
            "password": "a-long-password-for-tests",
            "csrfmiddlewaretoken": token,
        },
        HTTP_HOST="staff.example.org:8080",
        HTTP_ORIGIN="http://staff.example.org:8080",
    )
    assert response.status_code == 302, response.status_code
