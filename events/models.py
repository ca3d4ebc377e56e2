import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyscp import structured
from cyscp.formatting import when
from cyscp.models import Document, Theme
from cyscp.publishing import Publishable, PublishableQuerySet
from cyscp.richtext import RichTextField
from cyscp.text import plain


class Format(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class MasterclassQuerySet(PublishableQuerySet):
    def upcoming(self):
        """Not yet over, soonest first: an event under way is still upcoming."""
        return self.filter(end__gt=timezone.now()).order_by("start")

    def past(self):
        return self.filter(end__lte=timezone.now()).order_by("-start")

    def with_presentations(self):
        """Each masterclass's slides, in the order they were given."""
        return self.prefetch_related(
            models.Prefetch(
                "presentations",
                queryset=Document.objects.order_by("presentation__position", "title"),
            )
        )


# Changing any of these changes the event in people's calendars, so the
# calendar entry's SEQUENCE goes up and calendar programs update their copy.
CALENDAR_FIELDS = [
    "title",
    "slug",  # the entry's URL
    "cancellation_reason",  # part of a cancelled entry's description
    "start",
    "end",
    "date_only",
    "format",
    "venue",
    "joining_details",
    "cancelled",
]


class Masterclass(Publishable):
    """A Learning Masterclass: the partnership sharing learning with
    practitioners in person or online, often with slides to download after."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250, unique=True)
    start = models.DateTimeField(help_text=_("UK time."))
    end = models.DateTimeField(help_text=_("UK time."))
    date_only = models.BooleanField(
        _("show the date without times"),
        default=False,
        help_text=_("For a whole-day event, or a past one whose times were not recorded."),
    )
    format = models.CharField(max_length=12, choices=Format.choices, blank=True)
    venue = models.TextField(blank=True, help_text=_("The address, for events in person."))
    joining_details = models.TextField(
        blank=True, help_text=_("How to join online. Links are sent to those who book.")
    )
    description = RichTextField(blank=True)
    booking_url = models.URLField(_("booking link"), max_length=500, blank=True)
    places = models.PositiveIntegerField(null=True, blank=True)
    presentations = models.ManyToManyField(
        Document, through="Presentation", blank=True, related_name="masterclasses"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="masterclasses")
    cancelled = models.BooleanField(default=False)
    cancellation_reason = models.CharField(max_length=250, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MasterclassQuerySet.as_manager()

    page_type = "website"  # an event, described by its JSON-LD

    class Meta(Publishable.Meta):
        ordering = ["-start"]
        verbose_name_plural = _("masterclasses")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="masterclass_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(cancelled=False) | ~models.Q(cancellation_reason=""),
                name="masterclass_cancelled_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk:
            before = Masterclass.objects.filter(pk=self.pk).values(*CALENDAR_FIELDS).first()
            if before and any(before[f] != getattr(self, f) for f in CALENDAR_FIELDS):
                self.sequence += 1
        super().save(*args, **kwargs)

    def get_calendar_url(self):
        return reverse("events:ics", args=[self.slug])

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.slug == "calendar":
            errors["slug"] = _("“calendar” is the address of the whole calendar; choose another.")
        if self.cancelled and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _("Say why it is cancelled, for those who booked.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_upcoming(self) -> bool:
        return self.end > timezone.now()

    @property
    def when(self) -> str:
        return when(self.start, self.end, date_only=self.date_only)

    @property
    def summary(self) -> str:
        return self.description

    @property
    def meta_description(self) -> str:
        text = plain(self.description, words=30)
        return f"{self.when}: {text}" if text else self.when

    def structured_data(self, request) -> dict:
        url = request.build_absolute_uri(self.get_absolute_url())
        if self.date_only:
            start, end = timezone.localtime(self.start).date(), timezone.localtime(self.end).date()
        else:
            start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        online = {"@type": "VirtualLocation", "url": url}
        venue = self.venue.strip()
        place = (
            {"@type": "Place", "name": venue.splitlines()[0], "address": venue} if venue else None
        )
        location = {
            Format.ONLINE: online,
            Format.IN_PERSON: place,
            Format.HYBRID: [place, online] if place else online,
        }.get(self.format)
        attendance = {
            Format.ONLINE: "OnlineEventAttendanceMode",
            Format.IN_PERSON: "OfflineEventAttendanceMode",
            Format.HYBRID: "MixedEventAttendanceMode",
        }.get(self.format)
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": plain(self.description),
            "url": url,
            "startDate": start.isoformat(),
            "endDate": end.isoformat(),
            "eventStatus": "https://schema.org/"
            + ("EventCancelled" if self.cancelled else "EventScheduled"),
            "organizer": structured.PARTNERSHIP,
            "inLanguage": "en-GB",
        }
        if attendance:
            data["eventAttendanceMode"] = f"https://schema.org/{attendance}"
        if location:
            data["location"] = location
        if self.booking_url and self.is_upcoming and not self.cancelled:
            data["offers"] = {"@type": "Offer", "url": self.booking_url, "price": "0",
                              "priceCurrency": "GBP"}  # fmt: skip
        return data

    @property
    def card_meta(self) -> str:
        parts = [self.when]
        if self.format:
            parts.append(self.get_format_display())
        return " · ".join(parts)

    @property
    def card_tag(self) -> str:
        return "Cancelled" if self.cancelled else ""

    @property
    def downloads(self) -> list[Document]:
        return list(self.presentations.all())


class Presentation(models.Model):
    """Slides or a briefing from a masterclass, in the order they were given."""

    masterclass = models.ForeignKey(Masterclass, on_delete=models.CASCADE)
    document = models.ForeignKey(Document, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["masterclass", "document"], name="presentation_once_per_masterclass"
            )
        ]

    def __str__(self):
        return str(self.document)


class Speaker(models.Model):
    masterclass = models.ForeignKey(Masterclass, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    role = models.CharField(
        max_length=250,
        blank=True,
        help_text=_("Job and organisation, e.g. “Designated nurse, NHS”."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name
