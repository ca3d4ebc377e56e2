from cyscp.filtering import (
    LearningFilterSet,
    YearFilter,
    choice_filter,
    partnership_filter,
    theme_filter,
)

from .models import AgeBand, PublicationKind, ReviewType


class CaseReviewFilterSet(LearningFilterSet):
    theme = theme_filter()
    type = choice_filter("review_type", "Type of review", ReviewType.choices, "Any type")
    year = YearFilter()
    partnership = partnership_filter()
    age = choice_filter("age_band", "Child's age", AgeBand.choices, "Any age")


class PanelPublicationFilterSet(LearningFilterSet):
    theme = theme_filter()
    kind = choice_filter("kind", "Kind", PublicationKind.choices, "Any kind")
    year = YearFilter()
