import contextlib

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from . import listings
from .models import HubPage, HubSection


class HubView(TemplateView):
    """The learning hub: every section in order, each with its listing."""

    template_name = "cyscp/hub.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = list(
            HubSection.objects.visible_to(self.request.user).prefetch_related("resources")
        )
        for section in sections:
            listing = listings.get(section.listing)
            section.listing_template = listing.template if listing else None
            section.listing_items = list(listing.items(self.request)) if listing else []
        context.update(hub=HubPage.load(), sections=sections)
        return context


class AccessibilityView(TemplateView):
    template_name = "cyscp/accessibility.html"


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/"]
    with contextlib.suppress(NoReverseMatch):
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
