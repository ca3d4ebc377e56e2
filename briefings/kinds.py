"""The kinds of content this app publishes: 7 point briefings and JTAI guides.
See cyscp.registry for what each field is for."""

from cyscp.registry import ContentKind, HubListing, register

from .models import Briefing, JtaiGuide


def briefings(request):
    # The hub lists each briefing's files too.
    return BRIEFINGS.published().prefetch_related("documents")


def jtai_guides(request):
    return JTAI_GUIDES.published().select_related("document")


BRIEFINGS = register(
    ContentKind(
        key="briefings",
        model=Briefing,
        label="7 point briefings",
        noun="briefing",
        nouns="briefings",
        list_url_name="briefings:list",
        detail_url_name="briefings:detail",
        navigation="7 point briefings",
        heading="7 point briefings",
        intro=(
            "Learning from case reviews in seven short points, to read together in a team "
            "meeting in about seven minutes."
        ),
        select_related=("partnership",),
        search_fields={
            "A": ("title",),
            "B": ("summary",),
            "C": ("points_text", "reflection_questions"),
        },
        file_fields=("documents",),
        hub_listings=(
            HubListing(
                "briefings", "7 point briefings", "includes/listings/briefings.html", briefings
            ),
        ),
    )
)

JTAI_GUIDES = register(
    ContentKind(
        key="jtai-guides",
        model=JtaiGuide,
        label="JTAI guides",
        noun="guide",
        nouns="guides",
        list_url_name="briefings:jtai_list",
        detail_url_name="briefings:jtai_detail",
        navigation="JTAI guides",
        heading="Joint Targeted Area Inspections",
        intro=(
            "Guides to Joint Targeted Area Inspections (JTAIs) by Ofsted, the Care Quality "
            "Commission, HM Inspectorate of Constabulary and Fire & Rescue Services and "
            "HM Inspectorate of Probation: what inspectors look at and how to prepare."
        ),
        search_fields={
            "A": ("title",),
            "B": ("summary", "inspection_theme"),
            "C": ("body",),
        },
        file_fields=("document",),
        hub_listings=(
            HubListing("jtai_guides", "JTAI guides", "includes/listings/cards.html", jtai_guides),
        ),
    )
)
