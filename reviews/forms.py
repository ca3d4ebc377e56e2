from cyscp.filtering import FilterForm, YearField, choice_field, partnership_field, theme_field

from .models import AgeBand, PublicationKind, ReviewType


class CaseReviewFilters(FilterForm):
    lookups = {
        "theme": "themes__slug",
        "type": "review_type",
        "year": "publication_date__year",
        "partnership": "partnership__slug",
        "age": "age_band",
    }

    theme = theme_field()
    type = choice_field("Type of review", ReviewType.choices, "Any type")
    year = YearField()
    partnership = partnership_field()
    age = choice_field("Child's age", AgeBand.choices, "Any age")


class PanelPublicationFilters(FilterForm):
    lookups = {
        "theme": "themes__slug",
        "kind": "kind",
        "year": "publication_date__year",
    }

    theme = theme_field()
    kind = choice_field("Kind", PublicationKind.choices, "Any kind")
    year = YearField()
