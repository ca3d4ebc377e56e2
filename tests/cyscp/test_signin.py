"""Sign-in protection: five wrong passwords for one username from one address
lock sign-in for 15 minutes, with a page that gives nothing away."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a-long-and-right-password"
LOCKED = "Sign-in is locked for now"


@pytest.fixture
def staff():
    user = StaffUserFactory(username="editor")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password, address="203.0.113.5", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def test_five_failures_lock_sign_in_even_with_the_right_password(client, staff):
    for _ in range(4):
        assert sign_in(client, "editor", "wrong").status_code == 200
    locked = sign_in(client, "editor", "wrong")
    assert locked.status_code == 429
    assert LOCKED in locked.text
    right = sign_in(client, "editor", PASSWORD)
    assert right.status_code == 429
    assert LOCKED in right.text
    assert "_auth_user_id" not in client.session


def test_an_unknown_username_gets_the_same_page(client, staff):
    for _ in range(5):
        known = sign_in(client, "editor", "wrong")
    for _ in range(5):
        unknown = sign_in(client, "nobody-here", "wrong")
    assert unknown.status_code == known.status_code == 429

    def page(response):  # each response has its own CSP nonce
        return re.sub(r'nonce="[^"]*"', "", response.text)

    assert page(unknown) == page(known)


def test_the_lock_lifts_after_15_minutes(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(client, "editor", "wrong")
        assert sign_in(client, "editor", PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert sign_in(client, "editor", PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        response = sign_in(client, "editor", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


def test_an_administrator_lifts_a_lock_by_username(client, staff):
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    call_command("axes_reset_username", "editor")
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_another_address_is_not_locked_out_by_someone_elses_guesses(client, staff):
    for _ in range(5):
        sign_in(client, "editor", "wrong", address="198.51.100.7")
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.5").status_code == 302


def test_a_made_up_forwarded_address_does_not_escape_the_lock(client, staff):
    for number in range(5):
        sign_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_behind_a_trusted_proxy_the_proxys_forwarded_address_counts(client, staff, settings):
    settings.TRUSTED_PROXY = True
    proxy = "192.0.2.1"
    for _ in range(5):
        sign_in(client, "editor", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    other = sign_in(client, "editor", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert other.status_code == 302


def test_lockouts_are_listed_for_administrators(admin_client, client, staff):
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    listed = admin_client.get("/admin/axes/accessattempt/").text
    assert "editor" in listed and "203.0.113.5" in listed
