from django import forms

from cyscp.filtering import FilterForm, YearField, partnership_field, theme_field

from .models import Inspectorate


class BriefingFilters(FilterForm):
    lookups = {
        "theme": "themes__slug",
        "partnership": "partnership__slug",
        "year": "publication_date__year",
    }

    theme = theme_field()
    partnership = partnership_field()
    year = YearField()


class JtaiGuideFilters(FilterForm):
    lookups = {"theme": "themes__slug", "inspectorate": "inspectorates__short_name"}

    theme = theme_field()
    inspectorate = forms.ChoiceField(
        label="Inspectorate",
        required=False,
        choices=lambda: (
            [("", "Any inspectorate")]
            + [(i.short_name, i.name) for i in Inspectorate.objects.all()]
        ),
        error_messages={"invalid_choice": "There is no inspectorate “%(value)s”."},
    )
