import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import redirects, registry
from .documents import ALLOWED_DESCRIPTION
from .formatting import uk_date_time
from .history import HistoryAdmin
from .models import Document, HubPage, HubSection, Partnership, Redirect, Resource, Theme
from .preview import PreviewAdminMixin
from .richtext import clean_html
from .staff import can_publish
from .text import plain, without_control_characters
from .workflow import is_live, pending_for
from .workflow_admin import WorkflowAdmin


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


@dataclass(frozen=True)
class Difference:
    """One field that a colleague's save and this form disagree on."""

    label: str
    theirs: str
    yours: str


def _shown(value) -> str:
    """A field's value as staff read it: rich text without its tags, records
    by name, lists joined."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):
        return ", ".join(sorted(str(item) for item in value)) or "(none)"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
    return plain(str(value), words=80) if "<" in str(value) else str(value)


class EditConflictForm(forms.ModelForm):
    """Refuses to save over someone else's newer save.

    Two members of staff can open the same record; without this the second
    to press Save would silently undo the first one's work. The form carries
    the record's last-saved time from when it was opened. Checking it and
    saving are one step: the check first takes the row's write lock (an
    UPDATE that changes nothing) inside the admin's transaction, so a
    colleague's save that starts at the same moment waits, then finds the
    record changed. A refused save writes nothing and shows, field by field,
    what the colleague saved beside what this form holds.
    """

    edited_from = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["edited_from"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        started = cleaned.get("edited_from")
        if not (self.instance.pk and started):
            return cleaned
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        # Held until the admin's transaction ends, after this form is saved.
        rows.update(updated_at=F("updated_at"))
        saved = rows.first()
        if saved is None or saved.updated_at.isoformat() == started:
            return cleaned
        self.conflict = {
            "saved_at": saved.updated_at,
            "differences": self._differences(saved, cleaned),
        }
        # Saving again now means "apply my changes on top of theirs".
        data = self.data.copy()
        data[self.add_prefix("edited_from")] = saved.updated_at.isoformat()
        self.data = data
        raise ValidationError(
            f"Someone else saved this {self.instance._meta.verbose_name} at "
            f"{timezone.localtime(saved.updated_at):%H:%M on %d %B %Y}, after you opened "
            "it. Your changes have not been saved, so theirs are not lost. Compare the "
            "two versions below, then keep theirs or save yours on top.",
            code="edit_conflict",
        )

    def _differences(self, saved, cleaned) -> list[Difference]:
        found = []
        for name, field in self.fields.items():
            if name == "edited_from" or name not in cleaned:
                continue
            try:
                model_field = saved._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many:
                theirs = set(getattr(saved, name).all())
                yours = set(cleaned[name] or [])
            else:
                theirs, yours = getattr(saved, name), cleaned[name]
            if _comparable(theirs) != _comparable(yours):
                found.append(Difference(str(field.label), _shown(theirs), _shown(yours)))
        return found


def _comparable(value):
    if isinstance(value, set):
        return {getattr(item, "pk", item) for item in value}
    if isinstance(value, str):
        return " ".join(clean_html(value).split()) if "<" in value else value.strip()
    if hasattr(value, "pk"):
        return value.pk
    return value


class WithoutControlCharacters:
    """Text pasted from Word loses the characters no feed can carry before
    the form checks it, so a name that differs from another only by them is
    refused as a duplicate with a message, not by the database with an error.
    (They are removed on save too, for content saved elsewhere.)"""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = without_control_characters(value)
        return cleaned


class ContentAdmin(admin.ModelAdmin):
    """Every admin page where staff type content."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (WithoutControlCharacters, form), {})


class EditConflictAdmin(ContentAdmin):
    """For every admin page where staff edit content: see EditConflictForm."""

    form = EditConflictForm
    change_form_template = "admin/cyscp/content_change_form.html"

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


SLUG_HELP_TEXT = (
    "The end of the page's address. You can change it: the old address keeps "
    "working and leads to the new one (see Redirects)."
)


class PublishableAdmin(WorkflowAdmin, PreviewAdminMixin, HistoryAdmin, EditConflictAdmin):
    """Shared by every kind of content that has a draft and a publication time:
    roles and held-back changes (WorkflowAdmin), preview, history and
    clashing saves."""

    list_filter = ["status"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].help_text = SLUG_HELP_TEXT
        return form

    @admin.display(description="status", ordering="-published_at")
    def public_status(self, obj):
        """What the public sees now, in one column near the title, so it stays
        in view on a laptop: Draft, Scheduled (with when) or Published."""
        if obj.is_public:
            return "Published"
        if obj.is_scheduled:
            return f"Scheduled: {uk_date_time(obj.published_at)}"
        return "Draft"

    @admin.display(description="partnership", ordering="partnership__name")
    def partnership_short(self, obj):
        # Full names ("... Safeguarding Children Partnership (invented content)")
        # pushed the status columns off the list at laptop widths.
        partnership = getattr(obj, "partnership", None)
        return (partnership.short_name or partnership.name) if partnership else "–"


def _used_by_live(document) -> bool:
    """Used by published content, public now or scheduled."""
    return any(is_live(item) for item in registry.used_by(document))


class ResourceInline(admin.TabularInline):
    model = Resource
    fields = ["title", "url", "description", "position"]
    extra = 0


@admin.register(HubSection)
class HubSectionAdmin(PublishableAdmin):
    list_display = ["title", "public_status", "position", "listing"]
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
class HubPageAdmin(HistoryAdmin, EditConflictAdmin):
    list_display = ["title", "updated_at"]
    search_fields = ["title"]
    list_filter = ["updated_at"]

    def has_add_permission(self, request):
        return not HubPage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partnership)
class PartnershipAdmin(ContentAdmin):
    list_display = ["name", "short_name", "website", "is_regional"]
    list_filter = ["is_regional"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Resource)
class ResourceAdmin(ContentAdmin):
    list_display = ["title", "url", "section", "position"]
    list_filter = ["section"]
    search_fields = ["title", "url", "description"]
    autocomplete_fields = ["section"]

    # A resource saved here is public at once if its section is (or is moved
    # into one that is): editors change resources in their section's form,
    # where the change is held back until published.
    def has_add_permission(self, request):
        return can_publish(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class ResourceForm(form):
            def clean(self):
                cleaned = super().clean()
                # Changes waiting for a section hold its resources too:
                # publishing them would undo a change made here.
                for section in {
                    self.instance.section if self.instance.pk else None,
                    cleaned.get("section"),
                }:
                    if section is not None and is_live(section) and pending_for(section):
                        raise ValidationError(
                            f"The section “{section}” has changes waiting to be published: "
                            "change its resources in its form, or publish or discard those "
                            "changes first."
                        )
                return cleaned

        return ResourceForm


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

    # Replacing or deleting a file that published content uses changes what
    # the public downloads, at once: a publisher's step.
    # Scheduled content counts: it goes public with its files.
    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_publish(request.user) and _used_by_live(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_publish(request.user) and _used_by_live(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "file" not in form.base_fields:  # shown read-only, to an editor
            return form
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


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "target_url"]

    def clean_old_path(self):
        path = redirects.clean_old_path(self.cleaned_data["old_path"])
        clash = (
            Redirect.objects.filter(old_path__in=redirects.variants(path)[1:])
            .exclude(pk=self.instance.pk)
            .first()
        )
        if clash:
            raise ValidationError(f"There is already a redirect from {clash.old_path}.")
        return path

    def clean_target_url(self):
        return redirects.clean_target_url(self.cleaned_data["target_url"])

    def clean(self):
        cleaned = super().clean()
        old_path, target_url = cleaned.get("old_path"), cleaned.get("target_url")
        if "target_url" in cleaned and not target_url and not self.instance.content_type_id:
            self.add_error("target_url", "Give the address this redirect leads to.")
        if old_path and target_url and redirects.leads_back(old_path, target_url):
            self.add_error(
                "target_url",
                "This address leads back to the old address, through this redirect or "
                "others: visitors would go round in circles. Give the page it should end on.",
            )
        return cleaned

    def save(self, commit=True):
        if self.cleaned_data.get("target_url"):
            # A fixed address typed by staff replaces a renamed item as the target.
            self.instance.content_type = self.instance.object_id = None
            self.instance.target_route = ""
        return super().save(commit)


@admin.register(Redirect)
class RedirectAdmin(ContentAdmin):
    """Old addresses that keep working: made automatically when an item is
    renamed, or by hand for pages of the partnership's old site."""

    form = RedirectForm
    list_display = ["old_path", "destination", "is_automatic", "created_at"]
    list_filter = ["is_automatic", ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["old_path", "target_url"]
    readonly_fields = ["destination", "is_automatic", "created_at"]
    fields = ["old_path", "target_url", *readonly_fields]
    list_select_related = ["content_type"]

    def get_queryset(self, request):
        # The items the list leads to, in one query per kind rather than per row.
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description="leads to")
    def destination(self, obj):
        if obj.pk is None:
            return "–"
        if not obj.content_type_id:
            return obj.target_url
        item = redirects.target_of(obj)
        if item is None:
            return "An item that has been deleted: the old address answers “not found”."
        url = redirects.item_address(item, obj.target_route)
        note = "" if item.is_public else " (not public yet: the public gets “not found”)"
        return format_html('<a href="{}">{}</a> – {}{}', url, url, item, note)
