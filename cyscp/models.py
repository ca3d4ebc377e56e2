import uuid

import filetype
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import documents, registry
from .publishing import Publishable
from .richtext import RichTextField


class Theme(models.Model):
    """The taxonomy that joins case reviews, briefings, guides and masterclasses."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partnership(models.Model):
    """A safeguarding children partnership: York itself, or another area whose
    learning is shared with York."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True, help_text=_("For example “Hull SCP”."))
    area = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The place, as in a review's heading “2025 – York – Poppy”."),
    )
    website = models.URLField(blank=True)
    is_regional = models.BooleanField(
        _("in the regional network"),
        default=False,
        help_text=_("Listed on the hub among the region's partnerships."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


HUB_IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


class HubPage(models.Model):
    """The heading and introduction of the learning hub: one row only."""

    title = models.CharField(max_length=200, default="Learning and development")
    introduction = RichTextField(blank=True)
    image = models.FileField(
        upload_to="hub/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
        help_text=_("A JPEG, PNG or WebP photograph shown under the heading."),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the picture for people who cannot see it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning hub page")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="hubpage_single_row"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("hub")

    def clean(self):
        super().clean()
        if self.image and not self.image._committed:
            self.image.seek(0)
            found = filetype.guess(self.image.read(8192))
            self.image.seek(0)
            if found is None or found.mime not in HUB_IMAGE_TYPES:
                raise ValidationError(
                    {"image": _("The picture must be a JPEG, PNG or WebP image.")}
                )
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the picture for screen readers.")})

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class HubSection(Publishable):
    """One section of the learning hub, shown in position order."""

    title = models.CharField(max_length=200)
    anchor = models.SlugField(
        max_length=100,
        unique=True,
        help_text=_("The section's address on the hub page, after #."),
    )
    body = RichTextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    listing = models.CharField(
        max_length=40,
        choices=registry.hub_listing_choices,
        blank=True,
        help_text=_("Content listed under the section's text."),
    )
    documents = models.ManyToManyField(
        "Document",
        blank=True,
        related_name="hub_sections",
        verbose_name=_("files"),
        help_text=_(
            "Files listed under the section's text, such as slides or a PDF the text mentions. "
            "A file is public while a published section or other published content uses it."
        ),
    )

    class Meta(Publishable.Meta):
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('hub')}#{self.anchor}"


class Resource(models.Model):
    """An external link: a GOV.UK page, the NSPCC repository, training and so on."""

    title = models.CharField(max_length=250)
    url = models.URLField(_("address"), max_length=500)
    description = models.TextField(blank=True)
    section = models.ForeignKey(
        HubSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        help_text=_("The hub section that lists this link."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self):
        return self.title


def document_upload_to(instance, filename):
    # A fresh folder per upload: replacing a file never overwrites another's,
    # and the public address does not depend on the stored name.
    return f"documents/{uuid.uuid4().hex}/{filename}"


class Document(models.Model):
    """An uploaded file (a briefing, slides, a report) with a stable public
    address that stays the same when staff replace the file."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250, help_text=_("Used in the file's address."))
    file = models.FileField(upload_to=document_upload_to, max_length=500)
    extension = models.CharField(max_length=10, editable=False)
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveBigIntegerField(editable=False, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        replaced = None
        if self._has_new_file():
            # Checked again here so no code path can store an unchecked file.
            found = documents.validate_upload(self.file.file)
            self.extension, self.content_type = found.extension, found.mime
            self.size = self.file.size
            if self.pk:
                replaced = (
                    Document.objects.filter(pk=self.pk).values_list("file", flat=True).first()
                )
        super().save(*args, **kwargs)
        if replaced and replaced != self.file.name:
            storage, name = self.file.storage, replaced
            # robust: the new file is saved whatever happens to the old one, so a
            # storage error while removing it must not turn the save into an error.
            transaction.on_commit(lambda: storage.delete(name), robust=True)

    def get_absolute_url(self):
        return reverse(
            "document", kwargs={"pk": self.pk, "slug": self.slug, "extension": self.extension}
        )

    @property
    def type_label(self) -> str:
        found = documents.ALLOWED.get(self.extension)
        return found.label if found else self.extension.upper()

    @property
    def description(self) -> str:
        """“PDF, 1.2 MB”, as shown beside a download link."""
        return f"{self.type_label}, {filesizeformat(self.size)}"

    def clean(self):
        super().clean()
        if self._has_new_file():
            try:
                documents.validate_upload(self.file.file)
            except ValidationError as exc:
                raise ValidationError({"file": exc.messages}) from None

    def is_public(self) -> bool:
        """Public while some published content uses it; otherwise staff only."""
        return registry.is_used_by_published_content(self)

    def _has_new_file(self) -> bool:
        """An upload not yet checked: new to storage, or put there by other code
        (file.save(..., save=False)) under a name this record did not have."""
        if not self.file:
            return False
        if not self.file._committed or self.pk is None:
            return True
        stored = Document.objects.filter(pk=self.pk).values_list("file", flat=True).first()
        return stored != self.file.name


class LoadedRecord(models.Model):
    """What `load_learning_content` last wrote to a record, so a later run can
    tell an untouched record (safe to update) from one staff have edited."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    key = models.CharField(max_length=250)
    fingerprint = models.CharField(
        max_length=64, help_text="The record's own values just after loading."
    )
    source_fingerprint = models.CharField(
        max_length=64, help_text="The data file's entry that was loaded."
    )
    fields = models.JSONField(
        default=list, help_text="The fields the loader set, which the fingerprint covers."
    )
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "key"], name="loadedrecord_unique_key"),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.key}"


class Redirect(models.Model):
    """An old address that keeps answering: partner sites and printed
    briefings link to addresses that staff may later rename.

    A redirect leads either to an item of content, so it always answers with
    the item's current address however often the item is renamed, or to a
    fixed address (a page of the partnership's old site, say), made by hand.
    """

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_(
            "The path that should keep working, starting with “/”, without the host: "
            "for example /learning-and-development"
        ),
        error_messages={"unique": _("There is already a redirect from this address.")},
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("kind of item"),
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    target = GenericForeignKey("content_type", "object_id")
    # Which of the item's addresses the old one was: blank for its own page,
    # or another route named by its slug (a masterclass's .ics file).
    target_route = models.CharField(max_length=100, blank=True, editable=False)
    target_url = models.CharField(
        _("leads to"),
        max_length=500,
        blank=True,
        help_text=_(
            "A path on this site (starting with “/”) or a full address (starting with "
            "https://). Redirects made when an item is renamed lead to the item instead, "
            "wherever its address is now."
        ),
    )
    is_automatic = models.BooleanField(
        _("made automatically"),
        default=False,
        editable=False,
        help_text=_("Made when an item's address changed, with no staff action."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(content_type__isnull=False, object_id__isnull=False, target_url="")
                    | (
                        models.Q(content_type__isnull=True, object_id__isnull=True)
                        & ~models.Q(target_url="")
                    )
                ),
                name="redirect_leads_to_an_item_or_an_address",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="redirect_target")]

    def __str__(self):
        return self.old_path


class PendingChange(models.Model):
    """What is waiting to be published for one item of content.

    Two cases, one record: a draft that an editor has submitted for approval
    (the draft itself is the content), or changes to a published item, held
    back as a version (`revision`) while the public keeps seeing the published
    text. The record goes when the changes are published or discarded; the
    steps stay in the item's history as publishing events.
    """

    class State(models.TextChoices):
        SAVED = "saved", _("Saved, not submitted for approval")
        SUBMITTED = "submitted", _("Waiting for approval")
        REJECTED = "rejected", _("Rejected")
        SCHEDULED = "scheduled", _("Approved, to be published later")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    revision = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The held-back changes of a published item; empty for a draft."),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.SAVED)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # When the content waiting changed last: an approval names the time it
    # saw, so changes made after a publisher looked are never approved unseen.
    saved_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note for the publisher"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("publisher's comment"), blank=True)
    # Submitted: the time the editor asks for, if any. Scheduled: the time
    # a publisher approved the changes to go public.
    publish_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("change waiting to be published")
        verbose_name_plural = _("changes waiting to be published")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="pendingchange_one_per_item"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="scheduled") | models.Q(publish_at__isnull=False),
                name="pendingchange_scheduled_has_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "publish_at"], name="pendingchange_due")]
        permissions = [
            ("publish", "Can publish, schedule, unpublish, approve and reject content"),
        ]

    def __str__(self):
        return f"{self.get_state_display()}: {self.content_type.model} {self.object_id}"


class PublishingEvent(models.Model):
    """One step in an item's publishing, for its history: submitted,
    approved, rejected, published, unpublished..."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for approval")
        WITHDRAWN = "withdrawn", _("Withdrawn from approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DISCARDED = "discarded", _("Changes discarded")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    # When the item, or its changes, go public (scheduled or approved for later).
    publish_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="publishingevent_item"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.content_type.model} {self.object_id})"
