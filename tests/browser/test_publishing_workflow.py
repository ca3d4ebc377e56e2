"""The publishing journey in a real browser: an editor drafts a briefing and
submits it; a publisher finds it waiting, previews it (the accessibility
check gives its result), and approves it; a visitor then finds it on the hub
and in search. Every staff page on the way passes axe."""

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from briefings.models import Briefing
from cyscp.staff import EDITOR, PUBLISHER
from tests.factories import HubSectionFactory, PartnershipFactory, StaffUserFactory

from .conftest import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the staff factory's


def staff(username, group):
    user = StaffUserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page, live_server, username, code=None):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    if code:
        page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def assert_accessible(page, selector=None):
    violations = run_axe(page, include=[selector] if selector else None)
    assert violations == [], describe_violations(violations)


def test_editor_submits_publisher_previews_and_approves_visitor_finds_it(browser, live_server):
    PartnershipFactory(name="Hull Safeguarding Children Partnership", short_name="Hull SCP")
    HubSectionFactory(title="7 point briefings", anchor="briefings", listing="briefings")
    staff("eddie", EDITOR)
    staff("pat", PUBLISHER)

    # The editor drafts the briefing and submits it.
    editor = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = editor.new_page()
    sign_in(page, live_server, "eddie")
    page.goto(f"{live_server.url}/admin/briefings/briefing/add/")
    assert page.locator("#id_status").count() == 0  # no publishing controls
    page.get_by_label("Title").fill("Bruising in babies who cannot crawl")
    page.get_by_label("Summary").fill("Seven points on bruising in non-mobile babies.")
    page.locator("#id_partnership").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-search__field").last.fill("Hull")
    page.locator(".select2-results__option", has_text="Hull").click()
    bodies = page.get_by_role("textbox", name="Body")
    for number in range(7):
        bodies.nth(number).click()
        bodies.nth(number).press_sequentially(f"Point {number + 1} about bruising.")
    page.get_by_label("Note for the publisher (optional)").fill("Ready for the health visitors.")
    page.get_by_role("button", name="Save and submit for approval").click()
    page.locator(".messagelist .success", has_text="is submitted").wait_for()
    assert "Waiting for approval" in page.inner_text(".app-pending")
    assert_accessible(page, "#content")
    briefing = Briefing.objects.get()
    assert briefing.status == "draft"
    editor.close()

    # The publisher finds it waiting, previews it and approves it.
    publisher = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = publisher.new_page()
    sign_in(page, live_server, "pat")
    page.get_by_role("link", name="Waiting for approval (1)").click()
    # The admin's index has a #content-main too: wait for the list's.
    expect(page.locator("#content-main")).to_contain_text(
        "Ready for the health visitors.", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("link", name="Bruising in babies who cannot crawl").click()
    assert "eddie" in page.inner_text(".app-pending-facts")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="See the draft on its page").click()
    assert "Draft: not public" in page.inner_text("main")
    status = page.locator("[data-preview-check] [role=status]")
    status.filter(has_text="No accessibility problems found on this page.").wait_for()
    page.go_back()

    page.get_by_label("Publish now").check()
    page.get_by_role("button", name="Approve").click()
    page.locator(".messagelist .success", has_text="is published").wait_for()
    steps = page.inner_text(".app-publishing-events")
    assert "Submitted for approval" in steps and "Approved" in steps and "Published" in steps
    assert_accessible(page)
    publisher.close()

    # A visitor finds it on the hub and in search.
    visitor = browser.new_context(bypass_csp=True)
    page = visitor.new_page()
    page.goto(f"{live_server.url}/learning/")
    page.get_by_role("link", name="Bruising in babies who cannot crawl").first.click()
    expect(page.locator("main")).to_contain_text("Point 3 about bruising.", use_inner_text=True)
    page.goto(f"{live_server.url}/search/?q=bruising")
    assert page.get_by_role("link", name="Bruising in babies who cannot crawl").count() == 1
    visitor.close()


def test_a_publishers_change_to_a_live_briefing_waits_and_the_pages_pass_axe(page, live_server):
    from tests.briefings.factories import BriefingFactory

    briefing = BriefingFactory(title="Neglect briefing")
    staff("pat", PUBLISHER)
    sign_in(page, live_server, "pat")
    page.goto(f"{live_server.url}/admin/briefings/briefing/{briefing.pk}/change/")
    page.get_by_label("Title").fill("Neglect briefing, revised")
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".app-pending").wait_for()
    assert "Changes waiting to be published" in page.inner_text(".app-pending")
    assert_accessible(page, "#content")

    page.get_by_role("link", name="Compare with what is published, and publish or submit").click()
    expect(page.locator("#content-main")).to_contain_text(
        "[added: briefing, revised]", use_inner_text=True
    )
    assert_accessible(page)
    page.goto(f"{live_server.url}{briefing.get_absolute_url()}")
    assert "Changes waiting to be published" in page.inner_text("main")
    assert page.locator("h1").inner_text() == "Neglect briefing, revised"


def test_setting_up_two_factor_sign_in_passes_axe(page, live_server):
    user = staff("pat", PUBLISHER)
    sign_in(page, live_server, "pat")
    page.get_by_role("link", name="Two-factor sign-in").click()
    # A click does not wait for the next page, so wait for the code itself.
    qr_code = page.get_by_role("img", name="QR code for setting up two-factor sign-in")
    expect(qr_code).to_have_count(1)
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.locator(".messagelist .success").wait_for()

    page.goto(f"{live_server.url}/admin/two-factor/")
    assert "Two-factor sign-in is on" in page.inner_text("#content-main")
    assert_accessible(page)
