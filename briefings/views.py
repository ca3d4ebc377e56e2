from cyscp.filtering import FilteredListView
from cyscp.pages import LearningDetailView

from .filters import BriefingFilterSet, JtaiGuideFilterSet
from .models import Briefing, JtaiGuide


class BriefingList(FilteredListView):
    model = Briefing
    filterset_class = BriefingFilterSet


class BriefingDetail(LearningDetailView):
    model = Briefing

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("partnership", "case_review__partnership")
            .prefetch_related("points", "themes", "documents")
        )


class JtaiGuideList(FilteredListView):
    model = JtaiGuide
    filterset_class = JtaiGuideFilterSet


class JtaiGuideDetail(LearningDetailView):
    model = JtaiGuide

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("document")
            .prefetch_related("inspectorates", "themes")
        )
