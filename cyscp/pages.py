"""What every public page view shares: breadcrumbs, and the detail page of an
item of learning, which staff can preview before it is public."""

from django.views.generic import DetailView

from . import registry


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
