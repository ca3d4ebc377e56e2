import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_healthz_answers_ok_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\ndatabase: ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert "database: unavailable" in response.text


@pytest.mark.django_db
def test_the_readiness_check_covers_the_cache_and_the_storage(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ready = client.get("/healthz?full=1")
    assert ready.status_code == 200
    assert ready.text == "ok\ndatabase: ok\ncache: ok\nstorage: ok\n"

    from django.core.cache import caches

    from cyscp.services import UnavailableCache

    missing = {"backend": "redis", "client": "", "problem": "down"}
    broken = UnavailableCache("", {"MISSING": missing})
    with mock.patch.object(caches._connections, "default", broken, create=True):
        not_ready = client.get("/healthz?full=1")
    assert not_ready.status_code == 503
    assert "cache: unavailable" in not_ready.text and "database: ok" in not_ready.text


@pytest.mark.django_db  # the page cache asks when the content next changes
def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.text.splitlines()


@pytest.mark.django_db
def test_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/learning/no-such-page/")
    assert response.status_code == 404
    assert "CYSCP Learning" in response.text
    assert 'id="main-content"' in response.text
    assert 'aria-current="page"' not in response.text  # a missing page is in no section


def test_server_error_page_renders_without_a_database_or_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"CYSCP Learning" in response.content


@pytest.mark.django_db
def test_accessibility_statement_is_linked_from_every_page(client):
    html = client.get("/learning/").text
    assert 'href="/accessibility/"' in html
    assert client.get("/accessibility/").status_code == 200


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/learning/")
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "unsafe-inline" not in csp
    # Every script the page runs is a file: nothing inline would run, and
    # no nonce ties the page to one response, so it can be cached whole.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.S)
    assert scripts
    for attributes, body in scripts:
        assert "nonce" not in attributes
        assert 'type="application/ld+json"' in attributes or ("src=" in attributes and not body)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "address",
    [
        "/admin/reviews/casereview/?q=neglect%00",
        "/admin/autocomplete/?app_label=reviews&model_name=casereview&field_name=themes&term=%00",
    ],
)
def test_a_nul_character_in_an_admin_address_gets_a_clear_400_page(admin_client, address):
    response = admin_client.get(address)
    assert response.status_code == 400
    assert "The address is not valid" in response.text
