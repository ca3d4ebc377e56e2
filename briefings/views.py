from cyscp.filtering import FilteredListView
from cyscp.pages import LearningDetailView

from .filters import BriefingFilterSet, JtaiGuideFilterSet
from .models import Briefing, JtaiGuide


class BriefingList(FilteredListView):
    model = Briefing
    filterset_class = BriefingFilterSet
    heading = "7 point briefings"
    intro = (
        "Learning from case reviews in seven short points, to read together in a team "
        "meeting in about seven minutes."
    )
    noun, nouns = "briefing", "briefings"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("partnership")


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
    heading = "Joint Targeted Area Inspections"
    intro = (
        "Guides to Joint Targeted Area Inspections (JTAIs) by Ofsted, the Care Quality "
        "Commission, HM Inspectorate of Constabulary and Fire & Rescue Services and "
        "HM Inspectorate of Probation: what inspectors look at and how to prepare."
    )
    noun, nouns = "guide", "guides"


class JtaiGuideDetail(LearningDetailView):
    model = JtaiGuide

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("document")
            .prefetch_related("inspectorates", "themes")
        )
