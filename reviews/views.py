from django.db.models import Prefetch
from django.urls import reverse
from django.views.generic import DetailView

from briefings.models import Briefing
from cyscp.filtering import FilteredListView
from cyscp.publishing import BreadcrumbsMixin, PublishedDetailMixin

from .filters import CaseReviewFilterSet, PanelPublicationFilterSet
from .models import CaseReview, PanelPublication


def briefings_prefetch():
    """The review's published briefings, for its page."""
    return Prefetch(
        "briefings",
        queryset=Briefing.objects.published().select_related("partnership"),
        to_attr="published_briefings",
    )


class CaseReviewList(FilteredListView):
    model = CaseReview
    filterset_class = CaseReviewFilterSet
    heading = "Case reviews"
    intro = (
        "Local reviews of serious child safeguarding cases, in York and in partnerships "
        "that share their learning with York."
    )
    noun, nouns = "case review", "case reviews"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("partnership")


class CaseReviewDetail(PublishedDetailMixin, BreadcrumbsMixin, DetailView):
    model = CaseReview

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("partnership", "report")
            .prefetch_related("themes", briefings_prefetch())
        )

    def get_breadcrumbs(self):
        return [
            ("Learning", reverse("hub")),
            ("Case reviews", reverse("reviews:list")),
            (self.object.heading, None),
        ]


class PanelPublicationList(FilteredListView):
    model = PanelPublication
    filterset_class = PanelPublicationFilterSet
    heading = "National panel publications"
    intro = (
        "What the Child Safeguarding Practice Review Panel publishes: national and "
        "thematic reviews, papers and briefings, and its annual reports."
    )
    noun, nouns = "publication", "publications"


class PanelPublicationDetail(PublishedDetailMixin, BreadcrumbsMixin, DetailView):
    model = PanelPublication

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")

    def get_breadcrumbs(self):
        return [
            ("Learning", reverse("hub")),
            ("National panel publications", reverse("reviews:panel_list")),
            (self.object.title, None),
        ]
