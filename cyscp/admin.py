from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import registry
from .documents import ALLOWED_DESCRIPTION
from .history import HistoryAdmin
from .models import Document, HubPage, HubSection, Partnership, Resource, Theme


class _PublicAddress:
    """What the file widget shows as the current file: its name, linking to
    the document's own address (MEDIA_ROOT is never served directly)."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class PublicAddressFileInput(forms.ClearableFileInput):
    def __init__(self, *args, address=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.address and context["widget"]["is_initial"]:
            filename = str(value).rsplit("/", 1)[-1]
            context["widget"]["value"] = _PublicAddress(filename, self.address)
        return context


class EditConflictForm(forms.ModelForm):
    """Refuses to save over someone else's newer save.

    Two members of staff can open the same record; without this the second
    to press Save would silently undo the first one's work. The form carries
    the record's last-saved time from when it was opened, and a save is
    refused, with nothing written, when the record has been saved since.
    """

    edited_from = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edited_from"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        started = cleaned.get("edited_from")
        if self.instance.pk and started:
            saved = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if saved is not None and saved.isoformat() != started:
                raise ValidationError(
                    f"Someone else saved this {self.instance._meta.verbose_name} at "
                    f"{timezone.localtime(saved):%H:%M on %d %B %Y}, after you opened it. "
                    "Your changes have not been saved, so theirs are not lost: open this "
                    "page again in a new tab to see their version, then make your changes "
                    "there.",
                    code="edit_conflict",
                )
        return cleaned


class EditConflictAdmin(admin.ModelAdmin):
    """For every admin page where staff edit content: see EditConflictForm."""

    form = EditConflictForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # A hidden field renders only if a fieldset names it (once: an admin
        # without fieldsets already lists the form's declared fields).
        if any("edited_from" in options["fields"] for _, options in fieldsets):
            return fieldsets
        *rest, (name, options) = fieldsets
        return [*rest, (name, {**options, "fields": [*options["fields"], "edited_from"]})]


class PublishableAdmin(HistoryAdmin, EditConflictAdmin):
    """Shared by every kind of content that has a draft and a publication time."""

    list_filter = ["status"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="public now", boolean=True)
    def is_public(self, obj):
        return obj.is_public

    @admin.display(description="partnership", ordering="partnership__name")
    def partnership_short(self, obj):
        # Full names ("... Safeguarding Children Partnership (invented content)")
        # pushed the status columns off the list at laptop widths.
        partnership = getattr(obj, "partnership", None)
        return (partnership.short_name or partnership.name) if partnership else "–"


class ResourceInline(admin.TabularInline):
    model = Resource
    fields = ["title", "url", "description", "position"]
    extra = 0


@admin.register(HubSection)
class HubSectionAdmin(PublishableAdmin):
    list_display = ["title", "position", "status", "published_at", "is_public", "listing"]
    list_editable = ["position"]
    list_filter = ["status", "listing"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"anchor": ["title"]}
    autocomplete_fields = ["documents"]
    inlines = [ResourceInline]
    fieldsets = [
        (None, {"fields": ["title", "anchor", "body", "documents", "listing", "position"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]


@admin.register(HubPage)
class HubPageAdmin(EditConflictAdmin):
    list_display = ["title", "updated_at"]
    search_fields = ["title"]
    list_filter = ["updated_at"]

    def has_add_permission(self, request):
        return not HubPage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "website", "is_regional"]
    list_filter = ["is_regional"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "section", "position"]
    list_filter = ["section"]
    search_fields = ["title", "url", "description"]
    autocomplete_fields = ["section"]


@admin.register(Document)
class DocumentAdmin(EditConflictAdmin):
    list_display = ["title", "type_label", "file_size", "updated_at", "public_address"]
    list_filter = ["extension", "updated_at"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "public_address",
        "used_by",
        "type_label",
        "file_size",
        "created_at",
        "updated_at",
    ]
    fields = ["title", "slug", "file", *readonly_fields]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["file"].help_text = (
            f"{ALLOWED_DESCRIPTION} files, up to "
            f"{filesizeformat(settings.DOCUMENT_MAX_UPLOAD_SIZE)}. "
            "Choosing a new file replaces this one and keeps its public address "
            "(if the file type changes, the old address leads to the new one)."
        )
        if obj is not None and obj.pk:
            form.base_fields["file"].widget = PublicAddressFileInput(address=obj.get_absolute_url())
        form.base_fields["file"].error_messages["empty"] = (
            f"The file is empty. Choose the saved {ALLOWED_DESCRIPTION} file."
        )
        return form

    @admin.display(description="used by")
    def used_by(self, obj):
        # The public can download a document only while published content uses
        # it, so staff see here why an address is, or is not, public yet.
        users = registry.used_by(obj) if obj.pk else []
        if not users:
            return "Nothing yet: the file is not public until published content uses it."
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse(
                        f"admin:{item._meta.app_label}_{item._meta.model_name}_change",
                        args=[item.pk],
                    ),
                    item,
                    "public" if item.is_public else "not public",
                )
                for item in users
            ),
        )

    @admin.display(description="size")
    def file_size(self, obj):
        return filesizeformat(obj.size) if obj.pk else "–"

    @admin.display(description="public address")
    def public_address(self, obj):
        if not obj.pk:
            return "Given when the document is saved."
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)
