import re

from django.contrib import admin

from cyscp.admin import PublishableAdmin

from .models import CaseReview, PanelPublication


class PublicationYearFilter(admin.SimpleListFilter):
    title = "year published"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("publication_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        # Only a plain four-digit year from 1000: isdigit() also accepts "²"
        # and other digits int() refuses, a longer number is past any date's
        # year, and there is no year 0.
        value = self.value() or ""
        if re.fullmatch(r"[1-9][0-9]{3}", value):
            return queryset.filter(publication_date__year=int(value))
        return queryset


@admin.register(CaseReview)
class CaseReviewAdmin(PublishableAdmin):
    list_display = [
        "title",
        "public_status",
        "child_pseudonym",
        "review_type",
        "partnership_short",
        "publication_date",
    ]
    list_filter = ["status", "review_type", "themes", PublicationYearFilter, "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["title", "child_pseudonym", "incident_summary", "learning"]
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "partnership", "report"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "child_pseudonym",
                    "review_type",
                    "partnership",
                    "publication_date",
                    "age_band",
                    "themes",
                ]
            },
        ),
        (
            "The review",
            {
                "fields": [
                    "incident_summary",
                    "background",
                    "learning",
                    "recommendations",
                    "review_method",
                ]
            },
        ),
        (
            "The report",
            {
                "description": "Choose the uploaded report or link to it: one, not both.",
                "fields": ["report", "report_url"],
            },
        ),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]


@admin.register(PanelPublication)
class PanelPublicationAdmin(PublishableAdmin):
    list_display = ["title", "public_status", "kind", "publication_date"]
    list_filter = ["status", "kind", "themes", PublicationYearFilter]
    search_fields = ["title", "summary", "key_points"]
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "publication_date", "gov_uk_url", "themes"]}),
        ("Annual reports", {"fields": ["period_start", "period_end"]}),
        ("Content", {"fields": ["summary", "key_points"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]
