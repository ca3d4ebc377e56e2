from cyscp.filtering import (
    LearningFilterSet,
    ToManyChoiceFilter,
    YearFilter,
    partnership_filter,
    theme_filter,
)

from .models import Inspectorate


class BriefingFilterSet(LearningFilterSet):
    theme = theme_filter()
    partnership = partnership_filter()
    year = YearFilter()


class JtaiGuideFilterSet(LearningFilterSet):
    theme = theme_filter()
    inspectorate = ToManyChoiceFilter(
        field_name="inspectorates__short_name",
        label="Inspectorate",
        empty_label="Any inspectorate",
        choices=lambda: [(i.short_name, i.name) for i in Inspectorate.objects.all()],
        error_messages={"invalid_choice": "There is no inspectorate “%(value)s”."},
    )
