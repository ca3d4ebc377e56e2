"""The kinds of content this app publishes: case reviews and the National
Panel's publications. See cyscp.registry for what each field is for."""

from cyscp.registry import ContentKind, HubListing, register

from .models import CaseReview, PanelPublication, PublicationKind


def panel_publications(request):
    return PANEL_PUBLICATIONS.published().exclude(kind=PublicationKind.ANNUAL_REPORT)


def annual_reports(request):
    return PANEL_PUBLICATIONS.published().filter(kind=PublicationKind.ANNUAL_REPORT)


CASE_REVIEWS = register(
    ContentKind(
        key="case-reviews",
        model=CaseReview,
        label="Case reviews",
        label_in_text="case reviews",
        noun="case review",
        nouns="case reviews",
        list_url_name="reviews:list",
        detail_url_name="reviews:detail",
        navigation="Case reviews",
        heading="Case reviews",
        intro=(
            "Local reviews of serious child safeguarding cases, in York and in partnerships "
            "that share their learning with York."
        ),
        select_related=("partnership",),
        search_fields={
            "A": ("title", "child_pseudonym"),
            "B": ("incident_summary",),
            "C": ("background", "learning", "recommendations", "review_method"),
        },
        file_fields=("report",),
    )
)

PANEL_PUBLICATIONS = register(
    ContentKind(
        key="national-panel",
        model=PanelPublication,
        label="National panel publications",
        label_in_text="national panel publications",
        noun="publication",
        nouns="publications",
        list_url_name="reviews:panel_list",
        detail_url_name="reviews:panel_detail",
        navigation="National panel",
        heading="National panel publications",
        intro=(
            "What the Child Safeguarding Practice Review Panel publishes: national and "
            "thematic reviews, papers and briefings, and its annual reports."
        ),
        search_fields={"A": ("title",), "B": ("summary",), "C": ("key_points",)},
        hub_listings=(
            HubListing(
                "panel_publications",
                "National Panel reviews and papers",
                "includes/listings/panel_publications.html",
                panel_publications,
            ),
            HubListing(
                "annual_reports",
                "National Panel annual reports",
                "includes/listings/panel_publications.html",
                annual_reports,
            ),
        ),
    )
)
