"""Lists of published learning that readers narrow with filters.

Filters come from the query string through a FilterSet, so a bad value (an
unknown theme, a year that is not a number) becomes a message on the page,
never a server error. Valid filters still apply when another one is bad.
"""

from dataclasses import dataclass

import django_filters
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.views.generic import ListView
from django_filters.constants import EMPTY_VALUES

from . import page_cache, registry
from .models import Partnership, Theme
from .pages import BreadcrumbsMixin


class ToManyChoiceFilter(django_filters.ChoiceFilter):
    """Chooses items by one of their many related rows: a theme, an inspectorate.

    Joining the relation would list an item with two themes twice, and a
    DISTINCT over the whole list would cost every reader; asking whether a
    matching row exists lists each item once with no DISTINCT.

    `field_name` is the relation then the related field: "themes__slug".
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        relation, _, related_field = self.field_name.partition("__")
        field = qs.model._meta.get_field(relation)
        rows = field.remote_field.through.objects.filter(
            **{
                field.m2m_field_name(): OuterRef("pk"),
                f"{field.m2m_reverse_field_name()}__{related_field}": value,
            }
        )
        return qs.filter(Exists(rows))


class YearFilter(django_filters.TypedChoiceFilter):
    """The year of publication; the years offered are those with published learning."""

    def __init__(self, field_name="publication_date", **kwargs):
        super().__init__(
            field_name=field_name,
            lookup_expr="year",
            label="Year",
            coerce=int,
            empty_value=None,
            choices=[("", "Any year")],
            error_messages={"invalid_choice": "No learning was published in “%(value)s”."},
            **kwargs,
        )

    def offer_years_of(self, queryset):
        # Reading the years reads every row: done once a content version.
        years = page_cache.remember(
            f"years:{queryset.model._meta.label}:{self.field_name}",
            lambda: [d.year for d in queryset.dates(self.field_name, "year", order="DESC")],
        )
        self.extra["choices"] = [("", "Any year")] + [(year, str(year)) for year in years]


def theme_filter():
    return ToManyChoiceFilter(
        field_name="themes__slug",
        label="Theme",
        empty_label="Any theme",
        choices=lambda: [(t.slug, t.name) for t in Theme.objects.all()],
        error_messages={
            "invalid_choice": "There is no theme “%(value)s”. Choose one from the list."
        },
    )


def partnership_filter():
    return django_filters.ChoiceFilter(
        field_name="partnership__slug",
        label="Partnership",
        empty_label="Any partnership",
        choices=lambda: [(p.slug, p.name) for p in Partnership.objects.all()],
        error_messages={
            "invalid_choice": "There is no partnership “%(value)s”. Choose one from the list."
        },
    )


def choice_filter(field_name, label, choices, any_label):
    return django_filters.ChoiceFilter(
        field_name=field_name,
        label=label,
        empty_label=any_label,
        choices=choices,
        error_messages={"invalid_choice": f"“%(value)s” is not a {label.lower()} on this list."},
    )


class LearningFilterSet(django_filters.FilterSet):
    """The filters of one list of published learning, read from the query string."""

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, YearFilter):
                filter_.offer_years_of(self.queryset)
            elif callable(filter_.extra.get("choices")):
                # Read the themes (or partnerships) once a request, not once
                # for checking the value, again for the list and for the tags.
                filter_.extra["choices"] = list(filter_.extra["choices"]())

    def filter_queryset(self, queryset):
        # A bad value is reported and skipped; the reader's other filters still
        # apply (django-filter's own list view would show nothing at all).
        for name, value in self.form.cleaned_data.items():
            if name not in self.form.errors:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def chosen(self):
        """The filters in force, each with an address that removes it."""
        self.form.is_valid()
        for name, field in self.form.fields.items():
            if name in self.form.errors:
                continue
            value = self.form.cleaned_data.get(name)
            if value in EMPTY_VALUES:
                continue
            label = dict(field.choices).get(value, value)
            remaining = self.data.copy()
            # A bad value would come back with the same message: drop it too.
            for dropped in [name, "page", *self.form.errors]:
                remaining.pop(dropped, None)
            yield Chosen(field.label, str(label), f"?{remaining.urlencode()}")

    def problems(self):
        """(field id, message) for each bad value, for the error summary to link to."""
        return [(self.form[name].auto_id, errors[0]) for name, errors in self.form.errors.items()]


@dataclass(frozen=True)
class Chosen:
    field: str
    value: str
    remove_url: str


class LearningPaginator(Paginator):
    """Pages of a list whose cost does not grow with the library.

    The count, which reads every matching row, is remembered for the content
    version, under the list's address (`name`). A page is found in two
    steps: the ids of its 20 items, from the index that holds the list's
    order, then those 20 rows; so page 2,500 skips 50,000 index entries,
    not 50,000 rows with every text column."""

    def __init__(self, object_list, per_page, *, name, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name = name

    @cached_property
    def count(self):
        return page_cache.remember(f"count:{self.name}", self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {item.pk: item for item in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class FilteredListView(BreadcrumbsMixin, ListView):
    """A published list, 20 a page, narrowed by a FilterSet from the query
    string. Its heading, introduction, nouns and the related rows its cards
    need come from the model's kind in the registry."""

    paginate_by = 20
    filterset_class: type[LearningFilterSet]
    template_name = "learning_list.html"

    @cached_property
    def kind(self):
        return registry.for_model(self.model)

    def get_breadcrumbs(self):
        return self.kind.breadcrumbs()

    def get_base_queryset(self):
        return self.kind.published()

    def get_paginator(self, queryset, per_page, **kwargs):
        chosen = self.request.GET.copy()
        chosen.pop("page", None)
        name = f"{self.kind.key}?{chosen.urlencode()}"
        return LearningPaginator(queryset, per_page, name=name, **kwargs)

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET, queryset=self.get_base_queryset(), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filterset=self.filterset,
            chosen_filters=list(self.filterset.chosen()),
            filter_problems=self.filterset.problems(),
            result_count=context["paginator"].count,
            kind=self.kind,
        )
        return context
