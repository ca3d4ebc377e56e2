"""Two-factor sign-in: any member of staff may turn it on; with
TWO_FACTOR_FOR_PUBLISHERS on, publishers must. A wrong code says no more
than a wrong password, and counts towards the lockout."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cyscp.staff import PUBLISHER
from tests.factories import StaffUserFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
TWO_FACTOR = "/admin/two-factor/"
PASSWORD = "a-long-and-right-password"
WRONG = "Enter the right username and password for a staff account"


def code_for(device, offset=0):
    """The code the device's app shows now (or `offset` steps of 30 s on)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


@pytest.fixture
def publisher_with_password():
    user = StaffUserFactory(username="pat")
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=PUBLISHER))
    return user


@pytest.fixture
def device(publisher_with_password):
    return TOTPDevice.objects.create(user=publisher_with_password, name="Phone", confirmed=True)


def sign_in(client, password=PASSWORD, code=""):
    return client.post(
        LOGIN, {"username": "pat", "password": password, "code": code}, REMOTE_ADDR="203.0.113.9"
    )


def test_with_a_device_the_code_is_needed_and_a_wrong_one_says_no_more_than_a_wrong_password(
    client, device
):
    wrong_password = sign_in(client, password="wrong", code=code_for(device))
    no_code = sign_in(client)
    wrong_code = sign_in(client, code="000000" if code_for(device) != "000000" else "111111")
    for response in (wrong_password, no_code, wrong_code):
        assert response.status_code == 200
        assert WRONG in response.text
        assert "_auth_user_id" not in client.session

    # django-otp makes each wrong code wait a little longer before the next.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        assert sign_in(client, code=code_for(device)).status_code == 302
        assert client.get("/admin/").status_code == 200
    assert client.session.get("otp_device_id") == device.persistent_id


def test_wrong_codes_count_towards_the_lockout(client, device):
    for _ in range(5):
        sign_in(client, code="12345x")
    locked = sign_in(client, code=code_for(device))
    assert locked.status_code == 429
    assert "Sign-in is locked for now" in locked.text


def test_staff_without_a_device_sign_in_with_their_password(client, publisher_with_password):
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(TWO_FACTOR_FOR_PUBLISHERS=True)
def test_when_required_a_publisher_must_set_it_up_before_anything_else(
    client, publisher_with_password
):
    draft = CaseReviewFactory(draft=True)
    assert sign_in(client).status_code == 302
    for address in ["/admin/", "/admin/reviews/casereview/", "/admin/publishing-calendar/"]:
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(TWO_FACTOR)
    # Nor do drafts show on the public site until then.
    assert client.get(draft.get_absolute_url()).status_code == 404

    page = client.get(TWO_FACTOR)
    assert page.status_code == 200
    assert "Publishers must use two-factor sign-in" in page.text
    assert 'src="data:image/svg+xml;base64,' in page.text
    setup = TOTPDevice.objects.get(user=publisher_with_password, confirmed=False)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page.text)[1]
    assert secret.replace(" ", "") in setup.config_url

    refused = client.post(TWO_FACTOR, {"code": "not a code"})
    assert "That code is not right" in refused.text
    done = client.post(TWO_FACTOR, {"code": code_for(setup), "next": "/admin/reviews/casereview/"})
    assert done.status_code == 302 and done["Location"] == "/admin/reviews/casereview/"
    assert client.get("/admin/reviews/casereview/").status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 200

    # Publishers may not turn it off while it is required.
    setup.refresh_from_db()
    assert setup.confirmed
    client.post(TWO_FACTOR, {"code": code_for(setup, offset=1)})
    assert TOTPDevice.objects.filter(user=publisher_with_password).exists()


@override_settings(TWO_FACTOR_FOR_PUBLISHERS=True)
def test_when_required_a_session_without_the_code_is_asked_for_it(client, device):
    client.force_login(device.user)  # signed in, but never gave a code
    response = client.get("/admin/")
    assert response["Location"].startswith(TWO_FACTOR)
    assert "Enter your code" in client.get(TWO_FACTOR).text
    assert client.post(TWO_FACTOR, {"code": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(TWO_FACTOR_FOR_PUBLISHERS=True)
def test_editors_are_not_made_to_use_it(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_staff_may_turn_it_on_and_off_when_it_is_not_required(client, editor):
    client.force_login(editor)
    client.get(TWO_FACTOR)
    setup = TOTPDevice.objects.get(user=editor)
    assert client.post(TWO_FACTOR, {"code": code_for(setup)}).status_code == 302
    assert "Two-factor sign-in is on for your account" in client.get(TWO_FACTOR).text
    client.post(TWO_FACTOR, {"code": code_for(setup, offset=1)})
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_the_next_address_after_setting_up_stays_on_this_site(client, editor):
    client.force_login(editor)
    client.get(TWO_FACTOR)
    setup = TOTPDevice.objects.get(user=editor)
    done = client.post(TWO_FACTOR, {"code": code_for(setup), "next": "https://evil.example/"})
    assert done["Location"] == "/admin/"
