from datetime import datetime, time

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cyscp.admin import PublishableAdmin

from .models import Masterclass, Presentation, Speaker


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


class PresentationInline(admin.TabularInline):
    model = Presentation
    autocomplete_fields = ["document"]
    fields = ["document", "position"]
    extra = 0
    verbose_name = "presentation (slides or briefing)"
    verbose_name_plural = "presentations (slides or briefings)"


class SpeakerInline(admin.TabularInline):
    model = Speaker
    fields = ["name", "role", "position"]
    extra = 0


class NextDateForm(forms.Form):
    date = forms.DateField(
        label="Date of the next masterclass",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The copy keeps the times and length; you can change them after.",
    )
    title = forms.CharField(
        label="Title of the new masterclass",
        max_length=250,
        required=False,
        help_text="Leave empty to keep the title, with the old date in it changed to the new one. "
        "The new page's address is made from this title.",
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if title and not slugify(title):
            raise forms.ValidationError(
                "Use a title with letters (A to Z) or numbers in it: "
                "the page's address is made from it."
            )
        return title

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date <= timezone.localdate():
            raise forms.ValidationError("Choose a date after today.")
        return date


def _unique_slug(base):
    slug, n = base, 2
    while Masterclass.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def copy_for_date(original: Masterclass, date, title: str = "") -> Masterclass:
    """A new draft of `original` on `date`: same times, speakers and themes; no
    slides, booking link or cancellation, which belong to the old date.

    Titles often carry the date ("Learning Masterclass - 30 November 2021"),
    and the address is made from the title, so both follow the new date
    unless staff give a title of their own.
    """
    start = timezone.localtime(original.start)
    end = timezone.localtime(original.end)
    new_start = timezone.make_aware(datetime.combine(date, time(start.hour, start.minute)))
    title = (title.strip() or original.title.replace(_long_date(start), _long_date(date)))[:250]
    base = slugify(title)
    if title == original.title or not base:
        base = f"{base or original.slug}-{date.isoformat()}"
    copy = Masterclass(
        title=title,
        slug=_unique_slug(base[:240]),
        start=new_start,
        end=new_start + (end - start),
        date_only=original.date_only,
        format=original.format,
        venue=original.venue,
        joining_details=original.joining_details,
        description=original.description,
        places=original.places,
    )
    with transaction.atomic():
        copy.save()
        copy.themes.set(original.themes.all())
        Speaker.objects.bulk_create(
            Speaker(masterclass=copy, name=s.name, role=s.role, position=s.position)
            for s in original.speakers.all()
        )
    return copy


@admin.register(Masterclass)
class MasterclassAdmin(PublishableAdmin):
    list_display = ["title", "public_status", "start", "format", "cancelled"]
    list_filter = ["status", WhenFilter, "format", "cancelled", "themes"]
    search_fields = ["title", "description", "venue", "speakers__name"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes"]
    inlines = [SpeakerInline, PresentationInline]
    actions = ["copy_to_next_date"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "start", "end", "date_only", "description", "themes"]}),
        (
            "Where and booking",
            {"fields": ["format", "venue", "joining_details", "booking_url", "places"]},
        ),
        ("Cancellation", {"fields": ["cancelled", "cancellation_reason"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    @admin.action(description="Copy to a new draft for the next date")
    def copy_to_next_date(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "Choose one masterclass to copy at a time.", level=messages.ERROR
            )
            return None
        original = queryset.get()
        form = NextDateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            copy = copy_for_date(original, form.cleaned_data["date"], form.cleaned_data["title"])
            self.message_user(
                request,
                f"Copied “{original}” to a draft on {copy.when}. Check it, then publish it.",
                level=messages.SUCCESS,
            )
            return redirect(reverse("admin:events_masterclass_change", args=[copy.pk]))
        return TemplateResponse(
            request,
            "admin/events/masterclass/copy_to_next_date.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Copy “{original}” to a new date",
                "original": original,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
