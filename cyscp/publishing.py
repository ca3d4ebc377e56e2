"""The one definition of "published", shared by every kind of content.

An item is public when its status is published and its publication time has
passed. A future time schedules it: the item appears by itself when the time
comes, because every public query compares with the current time; no cron job
flips a flag.
"""

from django.db import models
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import registry


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def last_changed():
    """When a published item last changed for the public, as an expression:
    a scheduled item appears at its publication time, after its last edit."""
    return Greatest("updated_at", "published_at")


def may_preview(user) -> bool:
    """Signed-in staff see drafts, scheduled items and held-back changes at
    their public addresses. Where two-factor sign-in is required of
    publishers, a publisher who has not passed it sees what the public sees."""
    if user is None or not user.is_active or not user.is_staff:
        return False
    from .two_factor import passed

    return passed(user)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Everything for signed-in staff (so they can preview); the public set otherwise."""
        if may_preview(user):
            return self.all()
        return self.published()


class Publishable(models.Model):
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Drafts are seen only by signed-in staff."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        db_index=True,
        help_text=_(
            "UK time. A time in the future schedules the item: it becomes public "
            "by itself at that time, if its status is Published."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    # Open Graph's type for the item's page.
    page_type = "article"

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def get_absolute_url(self):
        """The item's own page, at the route its kind declares."""
        return registry.for_model(type(self)).detail_url(self)

    @property
    def meta_description(self) -> str:
        """For search engines and link previews: the item's summary."""
        return getattr(self, "summary", "")

    @property
    def card_tag(self) -> str:
        """A word that stands out beside the item's title in lists, if any."""
        return ""

    @property
    def downloads(self) -> list:
        """The files a list offers beside the item."""
        return []

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def heading(self) -> str:
        """How lists, search and feeds name the item; case reviews name theirs
        as the NSPCC repository does."""
        return str(self)

    @property
    def last_changed(self):
        """For feeds, the sitemap and calendars (see last_changed())."""
        return max(self.updated_at, self.published_at)

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at > timezone.now()
