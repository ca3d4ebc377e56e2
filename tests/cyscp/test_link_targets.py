"""The editor's link chooser: pages and files found by title, for staff only."""

import pytest

from tests.briefings.factories import BriefingFactory
from tests.factories import DocumentFactory
from tests.reviews.factories import CaseReviewFactory

pytestmark = pytest.mark.django_db

ADDRESS = "/admin/link-targets/"


def test_staff_find_pages_and_files_by_title_drafts_included(admin_client):
    review = CaseReviewFactory(title="Learning from Poppy", child_pseudonym="Poppy")
    draft = BriefingFactory(title="Poppy: seven points", draft=True)
    document = DocumentFactory(title="Poppy report")
    CaseReviewFactory(title="Learning from Jamie")

    results = admin_client.get(ADDRESS, {"q": "poppy"}).json()["results"]
    found = {(r["url"], r["kind"]) for r in results}
    assert (review.get_absolute_url(), "case review") in found
    assert (draft.get_absolute_url(), "briefing") in found
    assert document.get_absolute_url() in {url for url, _ in found}
    assert all("Jamie" not in r["title"] for r in results)


@pytest.mark.parametrize("query", ["", "p", "   ", " a "])
def test_too_short_a_search_lists_nothing(admin_client, query):
    assert admin_client.get(ADDRESS, {"q": query}).json() == {"results": []}


def test_a_search_with_a_nul_character_is_a_bad_request_not_an_error(admin_client):
    assert admin_client.get(ADDRESS, {"q": "pop\x00py"}).status_code == 400


def test_the_public_cannot_list_drafts(client):
    BriefingFactory(title="Poppy: seven points", draft=True)
    response = client.get(ADDRESS, {"q": "poppy"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
