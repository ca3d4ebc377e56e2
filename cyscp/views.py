import contextlib
import hashlib
import secrets

import filetype
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.cache import get_conditional_response
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date, quote_etag
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView

from . import page_cache, registry, search, workflow
from .errors import unavailable
from .models import HUB_IMAGE_TYPES, Document, HubPage, HubSection, Theme
from .pages import BreadcrumbsMixin
from .publishing import may_preview
from .services import StorageUnavailable, open_stored


class HubView(TemplateView):
    """The learning hub: every section in order, each with its listing."""

    template_name = "cyscp/hub.html"
    held_sections: set = frozenset()

    def get(self, request, *args, **kwargs):
        if not may_preview(request.user) or "published" in request.GET:
            return super().get(request, *args, **kwargs)
        # Staff see the sections' changes waiting to be published, each marked.
        with workflow.showing_held_changes_of_kind(HubSection) as held:
            self.held_sections = held
            response = super().get(request, *args, **kwargs)
            response.render()  # now, while the held changes are in the database
        if held:
            response["Cache-Control"] = "private, no-store"
        return response

    def sections(self):
        sections = list(
            HubSection.objects.visible_to(self.request.user).prefetch_related(
                "resources", "documents"
            )
        )
        listings = registry.hub_listings()
        for section in sections:
            kind, listing = listings.get(section.listing, (None, None))
            section.listing_kind = kind
            section.listing_template = listing.template if listing else None
            section.listing_items = list(listing.items(self.request)) if listing else []
        return sections

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hub=HubPage.load(),
            # Read when the page is drawn, so that a visitor whose sections
            # are kept (the "hub" fragment) costs none of these queries.
            sections=SimpleLazyObject(self.sections),
            held_sections=self.held_sections,
            hub_description=f"Learning from {registry.described()}, for everyone who works "
            "with children and families in York.",
        )
        return context


@require_GET
def hub_image(request):
    """The hub's photograph, served through the app like every upload, so no
    part of the media folder has to be public."""
    hub = HubPage.objects.filter(pk=1).first()
    if hub is None or not hub.image:
        raise Http404("No picture.")
    try:
        handle = open_stored(hub.image, "picture")
    except StorageUnavailable:
        return unavailable(request, "The picture cannot be fetched just now.")
    found = filetype.guess(handle.read(8192))
    handle.seek(0)
    if found is None or found.mime not in HUB_IMAGE_TYPES:
        raise Http404("Not a picture.")
    response = FileResponse(handle, content_type=found.mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


class AccessibilityView(TemplateView):
    template_name = "cyscp/accessibility.html"


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 while the database answers, 503 when it does
    not. With ?full=1, a readiness check: the cache and the document storage
    too, one line each, so an instance that cannot reach them is taken out."""
    checks = {"database": _database_answers}
    if "full" in request.GET:
        checks |= {"cache": _cache_answers, "storage": _storage_answers}
    lines, healthy = [], True
    for name, answers in checks.items():
        try:
            answers()
        except Exception as error:  # whatever the service raises: it is down
            healthy = False
            lines.append(f"{name}: unavailable ({type(error).__name__})")
        else:
            lines.append(f"{name}: ok")
    body = ("ok\n" if healthy else "unavailable\n") + "\n".join(lines) + "\n"
    return HttpResponse(body, status=200 if healthy else 503, content_type="text/plain")


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_answers():
    key = f"healthz:{secrets.token_hex(8)}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise LookupError("the cache did not keep a value")
    cache.delete(key)


def _storage_answers():
    default_storage.exists("healthz-probe")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/"]
    with contextlib.suppress(NoReverseMatch):
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class ThemeList(BreadcrumbsMixin, ListView):
    """Every theme, with how much published learning carries it."""

    model = Theme
    template_name = "cyscp/theme_list.html"

    def get_breadcrumbs(self):
        return [("Learning", reverse("hub")), ("Themes", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = page_cache.remember("counts by theme", registry.published_counts_by_theme)
        for theme in context["object_list"]:
            theme.published_count = counts.get(theme.pk, 0)
        return context


class ThemeDetail(BreadcrumbsMixin, DetailView):
    """Everything published on one theme, grouped by kind: the newest of each
    kind, with a link to the kind's list filtered by the theme for the rest,
    so the page stays readable however much learning the theme gathers."""

    model = Theme
    template_name = "cyscp/theme_detail.html"
    per_kind = 10

    def get_breadcrumbs(self):
        return [
            ("Learning", reverse("hub")),
            ("Themes", reverse("theme_list")),
            (self.object.name, None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = []
        for kind in registry.learning_kinds():
            if not kind.has_themes:
                continue
            items = kind.published().filter(themes=self.object)
            # Counting a theme's items reads them all: once a content version.
            count = page_cache.remember(f"theme {self.object.pk}: {kind.key}", items.count)
            if not count:
                continue
            group = {"kind": kind, "count": count}
            if kind.theme_filter and count > self.per_kind:
                group["items"] = list(items[: self.per_kind])
                group["more_url"] = f"{kind.list_url()}?theme={self.object.slug}"
            else:
                group["items"] = list(items)
            groups.append(group)
        context.update(
            theme_description=self.object.description
            or f"Learning on {self.object.name.lower()}: {registry.described()}.",
            groups=groups,
            total=sum(g["count"] for g in groups),
            theme_documents=list(
                Document.objects.filter(
                    pk__in=page_cache.remember(
                        f"theme {self.object.pk}: documents",
                        lambda: registry.published_document_ids_on_theme(self.object),
                    )
                )
            ),
        )
        return context


def document_download(request, pk, slug, extension):
    """A document at its stable address, for the public only while some
    published content uses it."""
    document = get_object_or_404(Document, pk=pk)
    public = document.is_public()
    if not (public or may_preview(request.user)):
        raise Http404("No such document.")
    if (slug, extension) != (document.slug, document.extension):
        # An old link (the title or file type changed): send it to the current
        # address. Not a permanent redirect: browsers keep those for good, and
        # staff may change the file back.
        return HttpResponseRedirect(document.get_absolute_url())
    # Revalidated on every download, so a replaced or unpublished file is never
    # served from a cache; an unchanged one costs a 304.
    # The ETag names this very file: a replacement made within the same
    # second as the copy a browser holds is still sent.
    version = f"{document.pk}\n{document.file.name}\n{document.updated_at.isoformat()}"
    etag = quote_etag(hashlib.sha256(version.encode()).hexdigest()[:32])
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(document.updated_at.timestamp())
    )
    if not_modified is not None:
        not_modified["Cache-Control"] = "no-cache" if public else "private, no-store"
        return not_modified
    try:
        handle = open_stored(document.file)
    except StorageUnavailable:
        return unavailable(request, "The file cannot be fetched just now. Try again soon.")
    response = FileResponse(
        handle,
        content_type=document.content_type,
        # A PDF opens in the browser; other files are saved, as readers expect.
        as_attachment=document.extension != "pdf",
        filename=f"{document.slug}.{document.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-cache" if public else "private, no-store"
    response["Last-Modified"] = http_date(document.updated_at.timestamp())
    response["ETag"] = etag
    return response


class SearchView(BreadcrumbsMixin, TemplateView):
    """Search across everything published, optionally narrowed to one kind."""

    template_name = "cyscp/search.html"
    paginate_by = 20

    def get_breadcrumbs(self):
        return [("Learning", reverse("hub")), ("Search", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET.get
        outcome = search.run(get("q"), get("kind"), get("page"), per_page=self.paginate_by)
        context.update(outcome.as_context())
        return context
