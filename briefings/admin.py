from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from cyscp.admin import ContentAdmin, PublishableAdmin
from reviews.admin import PublicationYearFilter

from .models import POINTS, USUAL_HEADINGS, Briefing, BriefingPoint, Inspectorate, JtaiGuide


class BriefingPointForm(forms.ModelForm):
    class Meta:
        model = BriefingPoint
        fields = ["number", "heading", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The seven numbers always fill 1 to 7, so changing a saved point's
            # number could only clash with another: its number is its place,
            # and staff rename its heading or rewrite its text instead. A point
            # that is missing (a new row) still takes its number.
            self.fields["number"].disabled = True

    def has_changed(self):
        # A pre-filled point is still one of the seven, even if left as it is.
        return True


class BriefingPointFormSet(forms.BaseInlineFormSet):
    """Exactly seven points, numbered 1 to 7 once each."""

    default_error_messages = {
        "too_few_forms": f"A 7 point briefing needs exactly {POINTS} points.",
        "too_many_forms": f"A 7 point briefing needs exactly {POINTS} points.",
    }

    def clean(self):
        # Not super().clean(): its duplicate check says "Please correct the
        # duplicate data for number", and the one below says which number.
        points = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if len(points) != POINTS:
            raise ValidationError(
                f"A 7 point briefing needs exactly {POINTS} points; this one has {len(points)}. "
                "Fill in every point (or rename the heading) rather than deleting one."
            )
        numbers = [form.cleaned_data.get("number") for form in points]
        repeated = sorted({n for n in numbers if numbers.count(n) > 1 and n is not None})
        if repeated:
            raise ValidationError(
                "Each point needs its own number from 1 to 7; "
                + ", ".join(str(n) for n in repeated)
                + (" is" if len(repeated) == 1 else " are")
                + " used more than once."
            )
        if self.data.get("status") == "published":
            empty = [
                str(f.cleaned_data.get("number", "?"))
                for f in points
                if not f.cleaned_data.get("body")
            ]
            if empty:
                raise ValidationError(
                    "Every point needs its text before the briefing is published: "
                    f"point {', '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty."
                )


class BriefingPointInline(admin.StackedInline):
    model = BriefingPoint
    form = BriefingPointForm
    formset = BriefingPointFormSet
    extra = 0
    min_num = POINTS
    max_num = POINTS
    validate_min = True
    validate_max = True
    can_delete = False
    verbose_name = "point"
    verbose_name_plural = "The seven points"


@admin.register(Briefing)
class BriefingAdmin(PublishableAdmin):
    list_display = ["title", "public_status", "partnership_short", "publication_date"]
    list_filter = ["status", "themes", "partnership", PublicationYearFilter]
    list_select_related = ["partnership"]
    search_fields = ["title", "summary", "points__body"]
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["partnership", "case_review", "themes", "documents"]
    inlines = [BriefingPointInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "partnership",
                    "case_review",
                    "publication_date",
                    "themes",
                ]
            },
        ),
        ("After the seven points", {"fields": ["reflection_questions", "documents"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BriefingPointInline) and (obj is None or obj.pk is None):
            # A new briefing starts with the usual seven headings, ready to fill in.
            kwargs["initial"] = [
                {"number": number, "heading": heading}
                for number, heading in enumerate(USUAL_HEADINGS, start=1)
            ]
        return kwargs


@admin.register(Inspectorate)
class InspectorateAdmin(ContentAdmin):
    list_display = ["short_name", "name"]
    search_fields = ["name", "short_name"]


@admin.register(JtaiGuide)
class JtaiGuideAdmin(PublishableAdmin):
    list_display = ["title", "public_status", "inspection_theme"]
    list_filter = ["status", "inspectorates", "themes"]
    search_fields = ["title", "summary", "body", "inspection_theme"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "document"]
    filter_horizontal = ["inspectorates"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "inspectorates",
                    "inspection_theme",
                    "summary",
                    "body",
                    "document",
                    "themes",
                ]
            },
        ),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]
