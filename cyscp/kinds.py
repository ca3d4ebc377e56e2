"""The kind of content this app publishes: the learning hub's sections. See
cyscp.registry for what each field is for."""

from .models import HubSection, Partnership
from .registry import ContentKind, HubListing, register


def regional_partnerships(request):
    return Partnership.objects.filter(is_regional=True)


HUB_SECTIONS = register(
    ContentKind(
        key="hub",
        model=HubSection,
        label="Learning hub sections",
        noun="section",
        nouns="sections",
        list_url_name="hub",
        navigation="Learning hub",
        heading="Learning hub",
        search_fields={"A": ("title",), "B": ("body",)},
        file_fields=("documents",),
        hub_listings=(
            HubListing(
                "regional_partnerships",
                "Regional partnerships",
                "includes/listings/partnerships.html",
                regional_partnerships,
            ),
        ),
        # The site's own prose: searched, but with no themes and no page of its own.
        has_themes=False,
        theme_filter=False,
    )
)
