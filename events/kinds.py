"""The kind of content this app publishes: Learning Masterclasses. See
cyscp.registry for what each field is for."""

from cyscp.registry import ContentKind, HubListing, register

from .models import Masterclass

# How many past masterclasses the hub shows, after every upcoming one.
LATEST_ON_HUB = 6


def masterclasses(request):
    published = MASTERCLASSES.published().with_presentations()
    return [*published.upcoming(), *published.past()[:LATEST_ON_HUB]]


MASTERCLASSES = register(
    ContentKind(
        key="masterclasses",
        model=Masterclass,
        label="Learning Masterclasses",
        noun="masterclass",
        nouns="masterclasses",
        list_url_name="events:list",
        detail_url_name="events:detail",
        navigation="Masterclasses",
        heading="Learning Masterclasses",
        intro=(
            "The partnership's Learning Masterclass events share learning from case reviews "
            "with professionals and practitioners."
        ),
        search_fields={"A": ("title",), "B": ("description",), "C": ("venue",)},
        file_fields=("presentations",),
        hub_listings=(
            HubListing(
                "masterclasses",
                "Learning Masterclasses",
                "includes/listings/masterclasses.html",
                masterclasses,
            ),
        ),
        # A handful a year: the theme page shows them all.
        theme_filter=False,
        # Upcoming until it ends; "happening now" between its start and end.
        changes_at=("start", "end"),
    )
)
