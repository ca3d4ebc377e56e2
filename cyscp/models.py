from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import listings
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


class HubPage(models.Model):
    """The heading and introduction of the learning hub: one row only."""

    title = models.CharField(max_length=200, default="Learning and development")
    introduction = RichTextField(blank=True)
    image = models.FileField(upload_to="hub/", blank=True)
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
        choices=listings.choices,
        blank=True,
        help_text=_("Content listed under the section's text."),
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
