"""Lists of published learning that readers narrow with filters.

Filters come from the query string through a small form, so a bad value (an
unknown theme, a year that is not a number) becomes a message on the page,
never a server error. Valid filters still apply when another one is bad.
"""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.views.generic import ListView

from .models import Partnership, Theme
from .pages import BreadcrumbsMixin


class FilterForm(forms.Form):
    """A filter form whose fields each map to one queryset lookup.

    Subclasses set `lookups`: field name -> ORM lookup. Empty choices mean
    "any". Choice fields that list records are filled per request.
    """

    lookups: dict[str, str] = {}

    def __init__(self, data, *, base_queryset):
        # Unknown keys (utm_source=...) are ignored; only our filters count.
        super().__init__({k: data.get(k) for k in self.lookups if data.get(k, "") != ""})
        self.base_queryset = base_queryset

    def apply(self, queryset):
        self.is_valid()  # fills cleaned_data with the valid fields, errors with the rest
        filters = {
            self.lookups[name]: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }
        return queryset.filter(**filters)

    def chosen(self, query: QueryDict):
        """The filters in force, each with an address that removes it."""
        for name in self.lookups:
            if name in self.errors or self.cleaned_data.get(name) in (None, ""):
                continue
            field = self[name]
            value = self.cleaned_data[name]
            label = dict(field.field.choices).get(value, value)
            remaining = query.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            yield Chosen(field.label, str(label), f"?{remaining.urlencode()}")

    def problems(self):
        return [(self[name].auto_id, errors[0]) for name, errors in self.errors.items()]


@dataclass(frozen=True)
class Chosen:
    field: str
    value: str
    remove_url: str


def theme_field():
    return forms.ChoiceField(
        label="Theme",
        required=False,
        choices=lambda: [("", "Any theme")] + [(t.slug, t.name) for t in Theme.objects.all()],
        error_messages={
            "invalid_choice": "There is no theme “%(value)s”. Choose one from the list."
        },
    )


def partnership_field():
    return forms.ChoiceField(
        label="Partnership",
        required=False,
        choices=lambda: (
            [("", "Any partnership")] + [(p.slug, p.name) for p in Partnership.objects.all()]
        ),
        error_messages={
            "invalid_choice": "There is no partnership “%(value)s”. Choose one from the list."
        },
    )


def choice_field(label, choices, any_label):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", any_label), *choices],
        error_messages={"invalid_choice": f"“%(value)s” is not a {label.lower()} on this list."},
    )


class YearField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label="Year",
            required=False,
            coerce=int,
            empty_value=None,
            error_messages={"invalid_choice": "No learning was published in “%(value)s”."},
            **kwargs,
        )


class FilteredListView(BreadcrumbsMixin, ListView):
    """A published list, 20 a page, narrowed by a FilterForm from the query string."""

    paginate_by = 20
    filter_form_class: type[FilterForm]
    date_field = "publication_date"
    heading: str
    intro: str
    noun: str
    nouns: str

    def get_breadcrumbs(self):
        return [("Learning", reverse("hub")), (self.heading, None)]

    def get_base_queryset(self):
        return self.model.objects.published()

    def get_queryset(self):
        base = self.get_base_queryset()
        self.filter_form = self.filter_form_class(self.request.GET, base_queryset=base)
        if "year" in self.filter_form.fields:
            years = base.dates(self.date_field, "year", order="DESC")
            self.filter_form.fields["year"].choices = [("", "Any year")] + [
                (d.year, str(d.year)) for d in years
            ]
        # Filtering on a theme joins the themes table: an item with two themes
        # must still be listed, and counted, once.
        return self.filter_form.apply(base).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            chosen_filters=list(self.filter_form.chosen(self.request.GET)),
            filter_problems=self.filter_form.problems(),
            result_count=context["paginator"].count,
            list_heading=self.heading,
            list_intro=self.intro,
            noun=self.noun,
            nouns=self.nouns,
        )
        return context
