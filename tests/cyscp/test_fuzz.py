"""Hostile input on every public address and every admin list: whatever is
sent, the answer is a page, a message, a redirect, a 400 or a 404, never a
server error. Each value is one that once broke a page here, or breaks pages
elsewhere."""

import itertools

import pytest
from django.test import Client

from tests.briefings.factories import BriefingFactory, JtaiGuideFactory
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db

VALUES = [
    "(((",  # a regular expression that does not compile
    "[",
    "99999",  # past any year a date can have
    "99999999999999999999999",  # past any id the database holds
    "-1",
    "1e999",
    "²",  # a digit int() refuses
    "\u0663",  # an Arabic-Indic three
    "%00",
    "\x02\x0b",  # what Word pastes
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "x" * 3000,
    "2025-02-30",
    "",
]
PUBLIC_PARAMETERS = [
    "q",
    "page",
    "theme",
    "type",
    "year",
    "partnership",
    "age",
    "kind",
    "sort",
    "o",
]


def combinations(addresses, parameters, per_pair=4):
    """Every address with every parameter, each pair with a few of the values
    in turn, so every value meets every address and every parameter while the
    run stays short."""
    turn = itertools.count()
    for address, parameter in itertools.product(addresses, parameters):
        start = next(turn) * per_pair
        for offset in range(per_pair):
            yield address, parameter, VALUES[(start + offset) % len(VALUES)]


ADMIN_PARAMETERS = [
    "q",
    "p",
    "o",
    "title__regex",
    "published_at__year",
    "published_at__month",
    "publication_date__gte",
    "status__exact",
    "themes__id__exact",
    "partnership__id__exact",
    "id__in",
]


@pytest.fixture
def site(admin_user):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    review = CaseReviewFactory(themes=[theme])
    document = DocumentFactory()
    BriefingFactory(themes=[theme], documents=[document])
    PanelPublicationFactory()
    JtaiGuideFactory()
    masterclass = MasterclassFactory()
    public = [
        "/learning/",
        "/learning/case-reviews/",
        review.get_absolute_url(),
        "/learning/national-panel/",
        "/learning/briefings/",
        "/learning/jtai/",
        "/learning/masterclasses/",
        f"/learning/masterclasses/{masterclass.slug}.ics",
        "/learning/masterclasses/calendar.ics",
        "/learning/themes/",
        "/learning/themes/neglect/",
        "/learning/themes/neglect/feed/",
        "/learning/feed/",
        "/search/",
        "/sitemap.xml",
        document.get_absolute_url(),
    ]
    admin = Client(raise_request_exception=False)
    admin.force_login(admin_user)
    return public, admin


def test_hostile_query_strings_never_give_a_server_error_on_public_pages(site):
    public, _ = site
    client = Client(raise_request_exception=False)
    failures = []
    for address, parameter, value in combinations(public, PUBLIC_PARAMETERS):
        response = client.get(address, {parameter: value})
        if response.status_code >= 500:
            failures.append((address, parameter, value[:20], response.status_code))
    assert failures == []


def test_hostile_query_strings_never_give_a_server_error_on_admin_lists(site):
    _, admin = site
    lists = [
        "/admin/reviews/casereview/",
        "/admin/reviews/panelpublication/",
        "/admin/briefings/briefing/",
        "/admin/briefings/jtaiguide/",
        "/admin/events/masterclass/",
        "/admin/cyscp/hubsection/",
        "/admin/cyscp/document/",
        "/admin/cyscp/theme/",
        "/admin/cyscp/redirect/",
        "/admin/publishing-calendar/",
        "/admin/waiting-for-approval/",
        "/admin/link-targets/",
    ]
    failures = []
    for address, parameter, value in combinations(lists, ADMIN_PARAMETERS):
        response = admin.get(address, {parameter: value})
        if response.status_code >= 500:
            failures.append((address, parameter, value[:20], response.status_code))
    assert failures == []


@pytest.mark.parametrize(
    "address",
    [
        "/admin/reviews/casereview/abc/change/",
        "/admin/reviews/casereview/99999999999999999999999/change/",
        "/admin/reviews/casereview/99999999999999999999999/publishing/",
        "/admin/reviews/casereview/1/history/99999999999999999999999/",
        "/admin/reviews/casereview/recover/99999999999999999999999/",
        "/admin/briefings/briefing/1/history/compare/?from=abc&to=%00",
        "/admin/autocomplete/?term=(((&app_label=reviews&model_name=casereview&field_name=themes",
        "/admin/two-factor/?next=javascript:alert(1)",
        "/admin/publishing-calendar/?month=99999-01",
    ],
)
def test_hostile_admin_addresses_never_give_a_server_error(site, address):
    _, admin = site
    assert admin.get(address).status_code < 500


@pytest.mark.parametrize(
    "data",
    [
        {"step": "approve", "seen_saved_at": "\x00", "approve-when": "later"},
        {"step": "approve", "approve-when": "later", "approve-publish_at": "99999-01-01T00:00"},
        {"step": "reject", "reject-comment": "x" * 100000},
        {"step": "../../etc/passwd"},
        {"step": "submit", "submit-publish_at": "2025-02-30T09:00"},
    ],
)
def test_hostile_publishing_steps_never_give_a_server_error(site, data):
    _, admin = site
    assert admin.post("/admin/briefings/briefing/1/publishing/", data).status_code < 500
