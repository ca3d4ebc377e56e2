from django.db.models import Prefetch

from cyscp.filtering import FilteredListView
from cyscp.pages import LearningDetailView

from .filters import CaseReviewFilterSet, PanelPublicationFilterSet
from .models import CaseReview, PanelPublication


def briefings_prefetch():
    """The review's published briefings, for its page. Reached through the
    relation, so this app need not import the briefings app that points to it."""
    briefing = CaseReview._meta.get_field("briefings").related_model
    return Prefetch(
        "briefings",
        queryset=briefing.objects.published().select_related("partnership"),
        to_attr="published_briefings",
    )


class CaseReviewList(FilteredListView):
    model = CaseReview
    filterset_class = CaseReviewFilterSet


class CaseReviewDetail(LearningDetailView):
    model = CaseReview

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("partnership", "report")
            .prefetch_related("themes", briefings_prefetch())
        )


class PanelPublicationList(FilteredListView):
    model = PanelPublication
    filterset_class = PanelPublicationFilterSet


class PanelPublicationDetail(LearningDetailView):
    model = PanelPublication

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")
