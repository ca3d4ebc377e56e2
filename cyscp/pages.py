"""What every public page view shares: breadcrumbs, and the detail page of an
item of learning, which staff can preview before it is public."""

from django.views.generic import DetailView

from . import registry, workflow
from .publishing import may_preview


class BreadcrumbsMixin:
    """Puts `breadcrumbs` in the context: (title, url) pairs, the page last."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context


class PublishedDetailMixin:
    """For a detail view of Publishable content.

    The public sees published items only and gets a 404 for anything else.
    Signed-in staff can open a draft or scheduled item at its public address,
    and the page carries a "Draft: not public" banner. A published item with
    changes waiting to be published shows staff those changes, with a
    banner ("?published" shows the published version).
    """

    held_changes = None

    def get(self, request, *args, **kwargs):
        if (
            not may_preview(request.user)
            or "published" in request.GET
            # The admin's preview of an unsaved form has put in what it shows.
            or getattr(request, "is_unsaved_preview", False)
        ):
            return super().get(request, *args, **kwargs)
        item = self.get_object()
        with workflow.showing_held_changes(item) as pending:
            if pending is None:
                return super().get(request, *args, **kwargs)
            # The held changes may rename the item: find it by its id.
            self.held_changes, self.held_pk = pending, item.pk
            response = super().get(request, *args, **kwargs)
            response.render()  # now, while the held changes are in the database
            return response

    def get_object(self, queryset=None):
        if self.held_changes is not None:
            return (queryset or self.get_queryset()).get(pk=self.held_pk)
        return super().get_object(queryset)

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_draft_preview"] = not self.object.is_public or self.held_changes is not None
        context["held_changes"] = self.held_changes
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("is_draft_preview"):
            # A preview must never be kept by a shared cache.
            response["Cache-Control"] = "private, no-store"
        return response


class LearningDetailView(PublishedDetailMixin, BreadcrumbsMixin, DetailView):
    """An item of learning at its own address. Its kind, from the registry,
    gives the breadcrumbs; the template extends learning_detail.html."""

    def get_kind(self):
        return registry.for_model(self.model)

    def get_breadcrumbs(self):
        return self.get_kind().breadcrumbs(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.get_kind()
        return context
