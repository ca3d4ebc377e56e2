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


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def last_changed():
    """When a published item last changed for the public, as an expression:
    a scheduled item appears at its publication time, after its last edit."""
    return Greatest("updated_at", "published_at")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Everything for signed-in staff (so they can preview); the public set otherwise."""
        if user is not None and user.is_active and user.is_staff:
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

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

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


class PublishedDetailMixin:
    """For a detail view of Publishable content.

    The public sees published items only and gets a 404 for anything else.
    Signed-in staff can open a draft or scheduled item at its public address,
    and the page carries a "Draft: not public" banner.
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_draft_preview"] = not self.object.is_public
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("is_draft_preview"):
            # A preview must never be kept by a shared cache.
            response["Cache-Control"] = "private, no-store"
        return response


class BreadcrumbsMixin:
    """Puts `breadcrumbs` in the context: (title, url) pairs, the page last."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context
