import re

import pytest

from reviews.models import CaseReview, PanelPublication
from tests.factories import DocumentFactory, PartnershipFactory, ThemeFactory
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

pytestmark = pytest.mark.django_db


def review_form(**overrides):
    york = PartnershipFactory(slug="york", area="York")
    theme = ThemeFactory(slug="neglect")
    data = {
        "title": "Learning from Poppy",
        "slug": "learning-from-poppy",
        "child_pseudonym": "Poppy",
        "review_type": "cspr",
        "partnership": york.pk,
        "publication_date": "04/03/2025",
        "age_band": "1-4",
        "themes": [theme.pk],
        "incident_summary": "<p>A 4-year-old girl was admitted to hospital.</p>",
        "background": "",
        "learning": "<p>Speak with the child alone.</p><img src=x onerror=alert(1)>",
        "recommendations": "",
        "review_method": "Systems review",
        "report_url": "https://reports.example.org/poppy.pdf",
        "status": "published",
        "published_at_0": "04/03/2025",
        "published_at_1": "09:00:00",
    }
    data.update(overrides)
    return data


def test_staff_add_a_case_review(admin_client):
    response = admin_client.post("/admin/reviews/casereview/add/", review_form())
    assert response.status_code == 302
    review = CaseReview.objects.get(slug="learning-from-poppy")
    assert review.heading == "2025 – York – Poppy"
    assert review.learning == "<p>Speak with the child alone.</p>"
    assert [t.slug for t in review.themes.all()] == ["neglect"]


def test_a_second_review_at_the_same_address_is_refused_and_the_first_kept(admin_client):
    first = CaseReviewFactory(slug="learning-from-poppy", title="The first review")
    response = admin_client.post("/admin/reviews/casereview/add/", review_form())
    assert response.status_code == 200
    assert "Another case review has this address (slug)." in response.text
    assert list(CaseReview.objects.all()) == [first]


def test_a_report_must_be_a_document_or_a_link_not_both(admin_client):
    data = review_form(report=DocumentFactory().pk)
    response = admin_client.post("/admin/reviews/casereview/add/", data)
    assert response.status_code == 200
    assert "Give the report as a document or as a link, not both." in response.text
    assert not CaseReview.objects.exists()


def test_a_published_review_needs_its_report(admin_client):
    response = admin_client.post("/admin/reviews/casereview/add/", review_form(report_url=""))
    assert "A published case review needs its report" in response.text
    assert not CaseReview.objects.exists()
    draft = admin_client.post(
        "/admin/reviews/casereview/add/", review_form(report_url="", status="draft")
    )
    assert draft.status_code == 302


def test_a_draft_may_be_saved_half_written_but_not_published(admin_client):
    half = {"review_type": "", "partnership": "", "publication_date": "", "age_band": ""}
    response = admin_client.post(
        "/admin/reviews/casereview/add/", review_form(status="published", **half)
    )
    assert response.text.count("Needed before the review can be published.") == 4
    assert not CaseReview.objects.exists()

    draft = admin_client.post("/admin/reviews/casereview/add/", review_form(status="draft", **half))
    assert draft.status_code == 302
    assert CaseReview.objects.get().heading == "Year not recorded – Poppy"


def test_change_pages_open_and_link_to_the_public_page(admin_client):
    review = CaseReviewFactory(draft=True)
    publication = PanelPublicationFactory()
    page = admin_client.get(f"/admin/reviews/casereview/{review.pk}/change/")
    assert page.status_code == 200
    assert "View on site" in page.text
    change = admin_client.get(f"/admin/reviews/panelpublication/{publication.pk}/change/")
    assert f'value="{publication.title}"' in change.text
    assert "View on site" in change.text


def test_annual_report_period_must_be_in_order(admin_client):
    response = admin_client.post(
        "/admin/reviews/panelpublication/add/",
        {
            "title": "Annual report 2021",
            "slug": "annual-report-2021",
            "kind": "annual",
            "publication_date": "15/12/2022",
            "period_start": "31/12/2021",
            "period_end": "01/01/2021",
            "summary": "<p>The third annual report.</p>",
            "key_points": "",
            "gov_uk_url": "",
            "status": "draft",
            "published_at_0": "15/12/2022",
            "published_at_1": "09:00:00",
        },
    )
    assert "The period must end after it starts." in response.text
    assert not PanelPublication.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?status__exact=draft",
        "?review_type__exact=rapid",
        "?year=2024",
        "?year=bad",
        "?q=poppy",
    ],
)
def test_case_review_list_filters_open(admin_client, query):
    CaseReviewFactory(
        publication_date="2024-01-01",
        child_pseudonym="Poppy",
        review_type="rapid",
        status="draft",
        partnership=PartnershipFactory(slug="york", area="York"),
    )
    CaseReviewFactory(
        publication_date="2019-01-01",
        child_pseudonym="Sam",
        review_type="scr",
        partnership=PartnershipFactory(slug="leeds", area="Leeds"),
    )
    html = admin_client.get(f"/admin/reviews/casereview/{query}").text
    assert "2024 – York – Poppy" in html
    # Every filter here keeps Poppy's review and leaves out Sam's, except a bad year.
    assert ("2019 – Leeds – Sam" in html) == (query in ("", "?year=bad"))


@pytest.mark.parametrize("year", ["bad", "%C2%B2", "0000", "10000", "99999999999999999999999"])
@pytest.mark.parametrize("model", ["casereview", "panelpublication"])
def test_a_year_that_is_not_a_year_lists_everything(admin_client, model, year):
    CaseReviewFactory(publication_date="2024-01-01", title="Review of Child K")
    PanelPublicationFactory(publication_date="2024-01-01", title="Annual report 2024")
    response = admin_client.get(f"/admin/reviews/{model}/?year={year}")
    assert response.status_code == 200
    title = {"casereview": "Review of Child K", "panelpublication": "Annual report 2024"}[model]
    assert title in response.text


def test_theme_and_partnership_autocomplete_answers(admin_client):
    ThemeFactory(name="Neglect", slug="neglect")
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "negl",
            "app_label": "reviews",
            "model_name": "casereview",
            "field_name": "themes",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Neglect"


def test_a_save_over_someone_elses_newer_save_is_refused_and_theirs_kept(admin_client):
    review = CaseReviewFactory(slug="learning-from-poppy", child_pseudonym="Poppy")
    address = f"/admin/reviews/casereview/{review.pk}/change/"
    page = admin_client.get(address).text
    opened_at = re.search(r'name="edited_from" value="([^"]+)"', page)[1]

    # A colleague saves first.
    review.child_pseudonym = "Poppy (colleague's edit)"
    review.save()

    mine = review_form(child_pseudonym="Poppy (my edit)", edited_from=opened_at, _publish="1")
    response = admin_client.post(address, mine)
    assert response.status_code == 200
    assert "Someone else saved this case review at" in response.text
    review.refresh_from_db()
    assert review.child_pseudonym == "Poppy (colleague's edit)"

    # Starting again from their version, the save goes through.
    fresh = re.search(r'name="edited_from" value="([^"]+)"', admin_client.get(address).text)[1]
    again = admin_client.post(address, {**mine, "edited_from": fresh})
    assert again.status_code == 302
    review.refresh_from_db()
    assert review.child_pseudonym == "Poppy (my edit)"
