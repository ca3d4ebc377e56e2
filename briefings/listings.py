"""What the hub lists from this app: briefings and JTAI guides."""

from cyscp import listings

from .models import Briefing, JtaiGuide


@listings.register("briefings", "7 point briefings", "includes/listings/briefings.html")
def briefings(request):
    return Briefing.objects.published().select_related("partnership").prefetch_related("documents")


@listings.register("jtai_guides", "JTAI guides", "includes/listings/cards.html")
def jtai_guides(request):
    return JtaiGuide.objects.published().select_related("document")
