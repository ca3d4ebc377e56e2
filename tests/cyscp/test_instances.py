"""The site as production runs it: gunicorn processes on PostgreSQL, with
Redis and S3-compatible storage (all started here, on loopback).

- Two instances share documents, sign-ins and published changes.
- A database restart costs no visitor an error; while the database is down
  pages answer 503 with Retry-After at once; the site recovers by itself.
"""

import re
import time

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from briefings.models import Briefing
from cyscp.models import Document
from tests.briefings.factories import BriefingFactory
from tests.factories import pdf_bytes
from tests.servers import (
    TcpProxy,
    app_instance,
    redis_server,
    s3_server,
    s3_storages,
    sentry_collector,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-password-for-tests"


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("production runs on PostgreSQL; so do these instances")


def database_url(port=None):
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{port or settings['PORT'] or 5432}/{settings['NAME']}"
    )


def csrf_token(session, address):
    page = session.get(address, timeout=10)
    assert page.status_code == 200, (address, page.status_code)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def sign_in(session, base):
    token = csrf_token(session, f"{base}/admin/login/")
    response = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={"username": "pat", "password": PASSWORD, "csrfmiddlewaretoken": token},
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def test_two_instances_share_documents_sign_ins_and_published_changes():
    # Hashed as production hashes (the tests' own hasher is a fast one).
    get_user_model().objects.create_superuser(
        "pat", "pat@example.test", password=None
    ).__class__.objects.filter(username="pat").update(
        password=PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    )
    with redis_server() as redis_url, s3_server() as s3:
        storage = s3_storages(s3, "shared-documents")["default"]["OPTIONS"]
        shared = {
            "DATABASE_URL": database_url(),
            "CACHE_URL": redis_url,
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": storage["bucket_name"],
            "AWS_S3_ENDPOINT_URL": s3,
            "AWS_S3_REGION_NAME": "eu-west-2",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
        with app_instance(**shared) as one, app_instance(**shared) as two:
            staff = requests.Session()
            sign_in(staff, one)
            # Signed in on one instance, signed in on the other.
            assert staff.get(f"{two}/admin/", timeout=10, allow_redirects=False).status_code == 200

            token = csrf_token(staff, f"{one}/admin/cyscp/document/add/")
            uploaded = staff.post(
                f"{one}/admin/cyscp/document/add/",
                data={"title": "Hull slides", "slug": "hull-slides", "csrfmiddlewaretoken": token},
                files={"file": ("slides.pdf", pdf_bytes("Slides from Hull"), "application/pdf")},
                timeout=10,
                allow_redirects=False,
            )
            assert uploaded.status_code == 302, uploaded.text[:500]
            document = Document.objects.get()
            briefing = BriefingFactory(draft=True, title="Hull briefing", documents=[document])
            visitor = requests.Session()
            page = f"{two}{briefing.get_absolute_url()}"
            assert visitor.get(page, timeout=10).status_code == 404

            # Published through the first instance...
            publishing = f"{one}/admin/briefings/briefing/{briefing.pk}/publishing/"
            published = staff.post(
                publishing,
                data={
                    "step": "approve",
                    "approve-when": "now",
                    "seen_state": "",
                    "seen_saved_at": "",
                    "csrfmiddlewaretoken": csrf_token(staff, publishing),
                },
                timeout=10,
            )
            assert published.status_code == 200
            assert Briefing.objects.get().status == "published"
            # ...is public on the second at once, with its file.
            assert visitor.get(page, timeout=10).status_code == 200
            download = visitor.get(f"{two}{document.get_absolute_url()}", timeout=10)
            assert download.status_code == 200
            assert b"Slides from Hull" in download.content


def test_the_database_restarting_or_down_never_gives_a_500():
    BriefingFactory(title="Neglect briefing")
    proxy = TcpProxy(int(connection.settings_dict["PORT"] or 5432)).start()
    try:
        with (
            sentry_collector() as (dsn, reported),
            app_instance(
                DATABASE_URL=database_url(proxy.port),
                SCHEDULED_CHANGES_CHECK_SECONDS="30",
                SENTRY_DSN=dsn,
            ) as base,
        ):
            hub = f"{base}/learning/briefings/"
            assert requests.get(hub, timeout=10).status_code == 200

            # A restart or failover: every connection the pool holds is cut.
            proxy.drop()
            # Each address new, so each page is built from the database.
            answers = [requests.get(f"{hub}?n={n}", timeout=10).status_code for n in range(10)]
            assert answers == [200] * 10

            # Down: the answer comes back quickly (a client gives up at 5 s),
            # and says to try again.
            proxy.stop()
            for address in (f"{base}/learning/", f"{base}/search/?q=neglect", f"{hub}?page=2"):
                down = requests.get(address, timeout=5)
                assert down.status_code == 503, address
                assert down.headers["Retry-After"]
                assert "Sorry, the service is unavailable" in down.text
            # A page kept in the cache is still served to visitors.
            kept = requests.get(hub, timeout=5)
            assert kept.status_code == 200 and "Neglect briefing" in kept.text
            assert requests.get(f"{base}/healthz", timeout=5).status_code == 503
            # Reported, without what identifies the visitor: once the reports
            # of the pages above are in, one more for a visitor's request.
            settled = -1
            while settled != len(reported):
                settled = len(reported)
                time.sleep(1)
            requests.get(
                f"{hub}?q=child-name",
                cookies={"sessionid": "visitor-session"},
                headers={"Authorization": "Basic secret-credentials"},
                timeout=5,
            )
            deadline = time.monotonic() + 10
            while not any(b"OperationalError" in payload for payload in reported[settled:]):
                assert time.monotonic() < deadline, "nothing reached the error reporter"
                time.sleep(0.2)
            sent = b"".join(reported[settled:])
            # No cookie, credentials, query string or visitor's address.
            for private in (b"visitor-session", b"secret-credentials", b"child-name"):
                assert private not in sent, private
            assert b"ip_address" not in sent and b"REMOTE_ADDR" not in sent

            # Back: the site recovers by itself, within 5 s.
            proxy.start()
            deadline = time.monotonic() + 5
            while requests.get(f"{base}/learning/", timeout=5).status_code != 200:
                assert time.monotonic() < deadline, "the site did not recover"
                time.sleep(0.2)
            assert requests.get(f"{base}/healthz", timeout=5).status_code == 200
    finally:
        proxy.stop()
