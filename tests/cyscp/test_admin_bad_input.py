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
