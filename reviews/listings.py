"""What the hub lists from this app: the Panel's publications."""

from cyscp import listings

from .models import PanelPublication, PublicationKind


@listings.register(
    "panel_publications",
    "National Panel reviews and papers",
    "includes/listings/panel_publications.html",
)
def panel_publications(request):
    return (
        PanelPublication.objects.published()
        .exclude(kind=PublicationKind.ANNUAL_REPORT)
        .prefetch_related("themes")
    )


@listings.register(
    "annual_reports", "National Panel annual reports", "includes/listings/panel_publications.html"
)
def annual_reports(request):
    return PanelPublication.objects.published().filter(kind=PublicationKind.ANNUAL_REPORT)
