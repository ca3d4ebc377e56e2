"""Addresses that never break.

Partner sites and printed briefings link to an item's address; staff rename
items. When the slug of any kind of learning with a page of its own changes
(every kind in `registry.learning_kinds()`, connected in `cyscp.apps`), the
old address is recorded as a `Redirect` to the item itself, so it always leads
to wherever the item is now, however often it is renamed (A → B → C serves
A → C in one step). Staff add redirects by hand for the pages of the old site.

`RedirectMiddleware` looks an address up only when the site would answer 404,
so pages that exist cost no query more.
"""

import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models.signals import post_save, pre_save
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, resolve, reverse

from . import registry
from .publishing import may_preview

# Other addresses an item has beside its own page, by its detail route: each
# takes the item's slug, and its old form must keep working too.
ALSO_ADDRESSED_AT = {"events:detail": ("events:ics",)}

# Hand-made redirects may lead to one another; past this many steps the
# chain is taken to be broken rather than followed for ever.
MAX_HOPS = 5

MAX_PATH_LENGTH = 500

_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f]")


def site_path(url: str) -> str:
    """A path as the site's URL patterns see it: decoded, without the prefix
    the site may be served under."""
    path = unquote(urlsplit(url).path)
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = path[len(prefix) - 1 :]
    return path


def variants(path: str) -> list[str]:
    """The path with and without its trailing slash, the path itself first."""
    if path == "/":
        return [path]
    other = path[:-1] if path.endswith("/") else path + "/"
    return [path, other]


def item_routes(kind) -> tuple[str, ...]:
    """Every route that takes an item of this kind's slug, its page first."""
    return (kind.detail_url_name, *ALSO_ADDRESSED_AT.get(kind.detail_url_name, ()))


def addresses(kind, slug: str) -> list[tuple[str, str]]:
    """(route, path) of every address an item of this kind has with this
    slug; the route is blank for the item's own page."""
    return [
        ("" if route == kind.detail_url_name else route, site_path(reverse(route, args=[slug])))
        for route in item_routes(kind)
    ]


def target_of(redirect):
    """The item a redirect leads to; None once it is deleted (or its kind
    removed from the site)."""
    try:
        return redirect.target
    except AttributeError:  # a content type whose model no longer exists
        return None


def item_address(item, route: str = "") -> str:
    kind = registry.for_model(type(item))
    return reverse(route, args=[item.slug]) if route else kind.detail_url(item)


# Recording a renamed item's old addresses


def remember_old_slug(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._slug_before_save = None
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    instance._slug_before_save = (
        sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    )


def record_old_addresses(sender, instance, created, raw=False, **kwargs):
    old_slug = getattr(instance, "_slug_before_save", None)
    instance._slug_before_save = None
    renamed = old_slug is not None and old_slug != instance.slug
    if raw or not (created or renamed):
        return
    record_addresses(instance, old_slug if renamed else None)


def record_addresses(instance, old_slug=None):
    """The item's addresses are its own; an old slug's addresses lead to it.
    Called when an item is created or renamed, and by a restore from history,
    which saves raw and so passes the signal by."""
    from .models import Redirect

    sender = type(instance)
    kind = registry.for_model(sender)
    renamed = old_slug is not None and old_slug != instance.slug
    # The item's addresses are its own now, even if they once led elsewhere.
    taken = [variant for _, path in addresses(kind, instance.slug) for variant in variants(path)]
    Redirect.objects.filter(old_path__in=taken).delete()
    if renamed:
        content_type = ContentType.objects.get_for_model(sender)
        for route, path in addresses(kind, old_slug):
            Redirect.objects.update_or_create(
                old_path=path,
                defaults={
                    "content_type": content_type,
                    "object_id": instance.pk,
                    "target_route": route,
                    "target_url": "",
                    "is_automatic": True,
                },
            )


def connect_signals():
    """For every kind of learning with a page of its own: a kind added to the
    registry later gets its redirects with nothing more to do."""
    for kind in registry.learning_kinds():
        label = kind.model._meta.label
        pre_save.connect(remember_old_slug, sender=kind.model, dispatch_uid=f"redirects-{label}")
        post_save.connect(
            record_old_addresses, sender=kind.model, dispatch_uid=f"redirects-{label}"
        )


# Which addresses the site serves already


def _owners():
    """Route name -> (model, keyword): a route whose address is served only
    while a record with that keyword's value exists."""
    from .models import Document, Theme

    owners = {"theme_detail": (Theme, "slug"), "theme_feed": (Theme, "slug")}
    owners["document"] = (Document, "pk")
    for kind in registry.learning_kinds():
        for route in item_routes(kind):
            owners[route] = (kind.model, "slug")
    return owners


def _serves(path: str) -> bool:
    if path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    owner = _owners().get(match.view_name)
    if owner is None:
        return True
    model, keyword = owner
    # A draft owns its address too: it becomes public there.
    return model._default_manager.filter(**{keyword: match.kwargs[keyword]}).exists()


def _item_at(url: str):
    """(item, route) when the address is a content item's own, else (None, "")."""
    try:
        match = resolve(site_path(url))
    except Resolver404:
        return None, ""
    for kind in registry.learning_kinds():
        if match.view_name in item_routes(kind) and "slug" in match.kwargs:
            item = kind.model._default_manager.filter(slug=match.kwargs["slug"]).first()
            route = "" if match.view_name == kind.detail_url_name else match.view_name
            return item, route
    return None, ""


def is_served(path: str) -> bool:
    """Whether the site answers at this path (or sends it on to the path with
    a slash added) without any redirect of ours."""
    return any(_serves(variant) for variant in variants(path))


# Checking what staff type


def clean_old_path(value: str) -> str:
    value = value.strip()
    example = "for example /learning-and-development"
    if not value.startswith("/") or value.startswith("//"):
        raise ValidationError(
            f"Give the old address as a path on this site, starting with one “/”: {example}."
        )
    if "?" in value or "#" in value:
        raise ValidationError(
            f"Give the path only, without the part from “?” or “#” on: {example}."
        )
    path = unquote(value)
    if _UNSAFE_CHARACTERS.search(path):
        raise ValidationError("An address cannot contain spaces or control characters.")
    if len(path) > MAX_PATH_LENGTH:
        raise ValidationError(f"An address can be at most {MAX_PATH_LENGTH} characters long.")
    if is_served(path):
        raise ValidationError(
            f"The site already has a page at {path}, so a redirect from it would never be "
            "used. Choose an address that no longer works."
        )
    return path


def clean_target_url(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    if value.startswith("/") and not value.startswith("//"):
        if _UNSAFE_CHARACTERS.search(unquote(value)):
            raise ValidationError("An address cannot contain spaces or control characters.")
        return value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Give a path on this site, starting with “/” (for example /learning/), or a full "
            "address starting with https://."
        ) from None
    return value


def leads_back(old_path: str, target_url: str) -> bool:
    """Whether following a redirect from old_path to target_url would come
    back to old_path: a loop that no browser could leave."""
    if not target_url.startswith("/"):
        return False
    redirect = _Chain(old_path, target_url).last_step()
    return redirect is None


# Serving


def find(path: str):
    from .models import Redirect

    candidates = variants(path)
    found = {r.old_path: r for r in Redirect.objects.filter(old_path__in=candidates)}
    return next((found[c] for c in candidates if c in found), None)


class _Chain:
    """Follows hand-made redirects that lead to other redirects' old
    addresses, so a visitor is sent to the end in one step."""

    def __init__(self, old_path: str, target_url: str):
        self.seen = set(variants(old_path))
        self.target_url = target_url

    def last_step(self):
        """The last redirect's target as (item, route, url); None for a loop
        or a chain too long to follow."""
        url = self.target_url
        for _ in range(MAX_HOPS):
            if not url.startswith("/"):
                return None, "", url
            path = site_path(url)
            if path in self.seen:
                return None
            self.seen.update(variants(path))
            redirect = find(path)
            if redirect is None:
                return None, "", url
            if redirect.content_type_id:
                return target_of(redirect), redirect.target_route, ""
            url = redirect.target_url
        return None


def answer(request):
    """A redirect for a request that would get a 404, or None."""
    path = request.path_info
    if len(path) > MAX_PATH_LENGTH or "\x00" in path:
        return None
    redirect = find(path)
    if redirect is None:
        return None
    if redirect.content_type_id:
        item, route, url = target_of(redirect), redirect.target_route, ""
    else:
        step = _Chain(redirect.old_path, redirect.target_url).last_step()
        if step is None:
            return None
        item, route, url = step
    public = True
    if url.startswith("/") and item is None:
        # A hand-made redirect to an item's own address: the item decides,
        # so a draft's address is never given away to the public.
        item, route = _item_at(url)
        if item is not None:
            url = ""
    if url == "":
        if item is None:  # the item was deleted
            return None
        public = item.is_public
        if not (public or may_preview(getattr(request, "user", None))):
            return None
        url = item_address(item, route)
        if site_path(url) in variants(path):
            return None
    query = request.META.get("QUERY_STRING", "")
    if query:
        url += ("&" if "?" in url else "?") + query
    if public:
        return HttpResponsePermanentRedirect(url)
    # Only signed-in staff follow a redirect to a draft: a temporary one that
    # no browser or shared cache keeps, so the public still gets 404.
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


class RedirectMiddleware:
    """Last in MIDDLEWARE: turns the 404 of an old address into a permanent
    redirect to its current one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        return answer(request) or response
