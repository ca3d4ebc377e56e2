"""Bad values in an admin list's address lead back to the whole list with a
message, on every list, never to a server error or Django's "database
installation" page."""

import pytest
from django.test import Client

from tests.briefings.factories import BriefingFactory
from tests.events.factories import MasterclassFactory
from tests.factories import DocumentFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/reviews/casereview/",
    "/admin/reviews/panelpublication/",
    "/admin/briefings/briefing/",
    "/admin/events/masterclass/",
    "/admin/cyscp/hubsection/",
    "/admin/cyscp/document/",
    "/admin/cyscp/redirect/",
    "/admin/auth/user/",
]
BAD = [
    "title__regex=(((",
    "title__iregex=[",
    "published_at__year=99999",
    "published_at__year=abc",
    "published_at__month=13&published_at__year=2025",
    "partnership__id__exact=abc",
    "themes__id__exact=not-a-number",
    "themes__id__exact=99999999999999999999999",
    "id__gt=1e999",
    "publication_date__gte=notadate",
    "e=1",
]


@pytest.fixture
def admin(admin_user):
    CaseReviewFactory()
    BriefingFactory()
    MasterclassFactory()
    DocumentFactory()
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("address", LISTS)
def test_a_bad_filter_leads_to_the_whole_list_with_a_message(admin, address):
    for query in BAD:
        response = admin.get(f"{address}?{query}")
        assert response.status_code in (200, 302), (address, query, response.status_code)
        if response.status_code == 302:
            assert response["Location"] == address, (address, query)
            page = admin.get(response["Location"])
            assert page.status_code == 200
            assert "could not be filtered that way" in page.text
            assert "database installation" not in page.text


def test_a_popup_list_stays_a_popup(admin):
    response = admin.get("/admin/cyscp/document/?_popup=1&_to_field=id&title__regex=(((")
    assert response.status_code == 302
    assert response["Location"] == "/admin/cyscp/document/?_popup=1&_to_field=id"


@pytest.mark.parametrize(
    "query",
    [
        "term=neglect&app_label=reviews&model_name=casereview&field_name=themes",
        "term=%00&app_label=reviews&model_name=casereview&field_name=themes",
        "term=a&app_label=reviews&model_name=casereview&field_name=themes&page=abc",
        "term=a&app_label=reviews&model_name=casereview&field_name=no-such-field",
        "term=a&app_label=no-app&model_name=x&field_name=y",
        "term=a",
    ],
)
def test_the_autocomplete_answers_bad_values_without_a_server_error(admin, query):
    assert admin.get(f"/admin/autocomplete/?{query}").status_code in (200, 400, 403, 404)


def test_a_database_that_fails_under_a_list_is_a_503_not_a_filter_message(admin, monkeypatch):
    """Only values the list cannot use become the message: a database that
    stops answering stays an error that is logged and answered with 503."""
    from django.contrib.admin.views.main import ChangeList
    from django.db import OperationalError

    def fails(self, request):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ChangeList, "get_results", fails)
    response = admin.get("/admin/briefings/briefing/?status__exact=draft")
    assert response.status_code == 503


def test_a_bad_filter_does_not_undo_a_scheduled_publication(
    admin, editor_client, publisher_client, settings
):
    """Due changes are published before the admin's list is read, outside
    the savepoint that a refused filter rolls back."""
    import datetime

    import time_machine

    from tests.cyscp.test_workflow import approved_for_later

    settings.SCHEDULED_CHANGES_CHECK_SECONDS = 30
    briefing = BriefingFactory(title="Learning from Poppy")
    changes = {"title": "Learning from Poppy, corrected"}
    soon = approved_for_later(editor_client, publisher_client, briefing, changes)
    with time_machine.travel(soon + datetime.timedelta(minutes=1), tick=False):
        response = admin.get("/admin/briefings/briefing/?published_at__year=99999")
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.title == "Learning from Poppy, corrected"


def test_a_pasted_name_that_duplicates_another_is_a_form_error(admin):
    """Control characters go before the form checks for duplicates."""
    from tests.factories import ThemeFactory

    ThemeFactory(name="Neglect", slug="neglect")
    response = admin.post(
        "/admin/cyscp/theme/add/", {"name": "Neglect\x02", "slug": "neglect-2", "description": ""}
    )
    assert response.status_code == 200
    assert "already exists" in response.text
