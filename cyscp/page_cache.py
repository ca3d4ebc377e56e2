"""The public pages, kept whole in the cache for visitors who are not signed in.

A visitor's peak comes when a national review makes the news: thousands of
people read the same few pages, and none of them needs the page built again.

Exact invalidation, on every instance: every cached page is filed with the
site's *content version*, a value in the shared cache that changes whenever
anything the public can see changes (any save or delete of content, its
child rows, themes, documents, the hub; an admin change; a publishing step;
a migration). A new version makes every cached page stale at once: a page is
served only if it was built under the current version, and both are read in
one round trip to the cache. The version is read before the
page's data, and changed both when the change is made and when it commits,
so a page built from data older than the version is never filed under it.

Time changes pages too: a scheduled item appears at its publication time and
a masterclass moves to "past" when it ends. Each version knows the next such
time; a page is kept no longer than that, and once the time has come the
version changes by itself, so no job is needed.

Never cached: anything for a request with a session cookie (signed-in staff,
who neither get cached pages nor fill the cache), the admin, previews and
anything marked private or no-store, responses that set a cookie or carry a
CSP nonce, streamed files, and anything but a 200.
"""

import datetime
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from . import registry

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
# Addresses longer than this are not kept: nobody shares them, and a scanner
# could fill the cache with them.
LONGEST_ADDRESS = 1000
# Pages bigger than this are not kept (the sitemap's sections stay smaller).
LARGEST_PAGE = 2 * 1024 * 1024
# Content models whose changes the public never sees.
NOT_PUBLIC = {"cyscp.pendingchange", "cyscp.publishingevent"}
NEVER_CACHED_PATHS = ("/admin/", "/healthz", "/documents/", "/hub-image")


def _new_version() -> str:
    # Nanoseconds: a value no two changes share, which also says when the
    # content last changed (Last-Modified).
    return str(time.time_ns())


def content_changed(**kwargs) -> None:
    """Makes every cached page stale: now, and again when the transaction
    commits (a page built in between, from the data before the commit, is
    filed under the first new version and never looked up again)."""
    cache.set(VERSION_KEY, _new_version(), None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, _new_version(), None))


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY) or _new_version()
    return version


def next_change(now) -> datetime.datetime | None:
    """The next time a public page changes by itself: a scheduled publication
    or held change, or a time a kind names (a masterclass's start and end)."""
    from .models import PendingChange
    from .publishing import Status

    times = []
    for kind in registry.all_kinds():
        scheduled = kind.model.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
        times.append(scheduled.aggregate(at=Min("published_at"))["at"])
        published = kind.model.objects.published()
        for name in kind.changes_at:
            times.append(published.filter(**{f"{name}__gt": now}).aggregate(at=Min(name))["at"])
    held = PendingChange.objects.filter(state=PendingChange.State.SCHEDULED, publish_at__gt=now)
    times.append(held.aggregate(at=Min("publish_at"))["at"])
    return min(filter(None, times), default=None)


def _keep_until(version: str, now, seconds: int | None = None) -> datetime.datetime | None:
    """Until when a page (or a value, kept for `seconds`) of this version may
    be kept; None: not at all. When a page's time has come, the content has
    changed, and so does the version."""
    seconds = settings.PAGE_CACHE_SECONDS if seconds is None else seconds
    key = f"page-cache:next:{version}"
    stored = cache.get(key)
    if stored is None:
        found = next_change(now)
        stored = found.timestamp() if found else 0
        cache.set(key, stored, seconds)
    if stored and stored <= now.timestamp():
        cache.set(VERSION_KEY, _new_version(), None)
        return None
    limit = now + datetime.timedelta(seconds=seconds)
    if stored:
        return min(limit, datetime.datetime.fromtimestamp(stored, tz=datetime.UTC))
    return limit


# Values and fragments are kept this long even when whole pages are not.
VALUE_SECONDS = 600


def remember(name: str, compute, version: str | None = None):
    """A value that changes only when content does (a list's count, the
    years that have learning, a section's newest date), computed once for
    each content version and kept with the pages; the first visitor after a
    change pays for it, not every visitor of a page the cache does not hold.

    As for pages, nothing is used past the version's next scheduled change,
    even with the page cache off: the value and that time are read together.
    A value computed from data read earlier in the request is filed under the
    version read before that data (`version`)."""
    version = version or content_version()
    key = f"page-cache:value:{version}:{hashlib.sha256(name.encode()).hexdigest()}"
    next_key = f"page-cache:next:{version}"
    found = cache.get_many([key, next_key])
    now = timezone.now()
    next_at = found.get(next_key)
    if key in found and next_at is not None and not (next_at and next_at <= now.timestamp()):
        return found[key][0]
    value = compute()
    seconds = settings.PAGE_CACHE_SECONDS or VALUE_SECONDS
    until = _keep_until(version, now, seconds)
    if until is not None and (keep := int((until - now).total_seconds())) >= 1:
        cache.set(key, (value,), keep)
    return value


def fragment(request, name: str, render) -> str:
    """A piece of a page that changes only with content (a list's cards and
    filters, a theme's learning, the hub's sections), built once for each
    content version and address and kept beside the pages, so that a page
    the page cache does not hold (the first visitor after a change elsewhere,
    a page too new to be kept, the page cache turned off) is quicker to build.

    Only for visitors who are not signed in: what staff see may hold drafts
    or changes waiting to be published, and must never be kept for anyone.
    A fragment is filed under the version the page cache read when the
    request began, before the view read its data (a list's page of items),
    so one built from data older than a change is never filed under it."""
    version = getattr(request, "content_version", None)
    if (
        version is None
        or _signed_in(request)
        or getattr(request, "is_unsaved_preview", False)
        or (where := _address(request)) is None
    ):
        return render()
    return remember(f"fragment:{name}:{where}", render, version=version)


def _signed_in(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _address(request) -> str | None:
    """What a kept page or fragment is filed by; None for an address too long
    to keep. The host and scheme are in the page's absolute links (canonical,
    feeds)."""
    address = request.get_full_path()
    if len(address) > LONGEST_ADDRESS:
        return None
    return f"{request.scheme}://{request.get_host()}{address}"


def _page_key(request) -> str | None:
    where = _address(request)
    if where is None:
        return None
    return f"page-cache:page:{hashlib.sha256(where.encode()).hexdigest()}"


def _kept_page(key: str | None) -> tuple[str, dict | None]:
    """The content version and the kept page, in one round trip to the cache:
    a page is filed with the version it was built under, and only a page of
    the current version is served."""
    if key is None:
        return content_version(), None
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or content_version()
    kept = found.get(key)
    if kept is not None and kept.get("version") != version:
        kept = None
    return version, kept


def _may_keep(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("private", "no-store", "no-cache"))
        and "'nonce-" not in response.get("Content-Security-Policy", "")
        and len(response.content) <= LARGEST_PAGE
    )


class PageCacheMiddleware:
    """Serves anonymous visitors the public pages from the cache. It sits
    outside the session, CSRF and CSP middleware, so a kept page carries the
    headers they set; the request id and security headers are added to every
    answer, kept or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path.startswith("/admin/"):
            response = self.get_response(request)
            # A change made in the admin redirects when it is done. Changes
            # made there without a model's save (a publishing step's UPDATE)
            # are covered by this as well as by the step itself.
            if response.status_code in (301, 302, 303):
                content_changed()
            return response
        if request.method not in ("GET", "HEAD") or request.path.startswith(NEVER_CACHED_PATHS):
            return self.get_response(request)
        if _signed_in(request):
            response = self.get_response(request)
            if settings.PAGE_CACHE_SECONDS and "Cache-Control" not in response:
                # What staff see may be a draft: no shared cache keeps it.
                response["Cache-Control"] = "private, no-cache"
            return response
        if not settings.PAGE_CACHE_SECONDS:
            # Read before the page's data, as for kept pages: the page's
            # fragments are filed under it.
            request.content_version = content_version()
            return self.get_response(request)

        key = _page_key(request)
        version, kept = _kept_page(key)
        if kept is not None:
            return self._answer(request, self._rebuild(kept), version)
        request.content_version = version

        now = timezone.now()
        response = self.get_response(request)
        if key is None or request.method != "GET" or not _may_keep(response):
            return response
        until = _keep_until(version, now)
        if until is None:
            return response
        seconds = int((until - now).total_seconds())
        if seconds < 1:
            return response
        self._mark_public(response, version, seconds)
        cache.set(key, self._flatten(response, version, until), seconds)
        return self._answer(request, response, version)

    @staticmethod
    def _mark_public(response, version, seconds):
        response["Cache-Control"] = f"public, max-age={min(seconds, settings.PAGE_MAX_AGE)}"
        if "ETag" not in response:
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'"{digest}"'
        if "Last-Modified" not in response:
            response["Last-Modified"] = http_date(int(version) / 1e9)
        patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def _flatten(response, version, until):
        return {
            "version": version,
            "status": response.status_code,
            "content": response.content,
            "headers": dict(response.items()),
            "until": until.timestamp(),
        }

    @staticmethod
    def _rebuild(kept):
        response = HttpResponse(kept["content"], status=kept["status"])
        for name, value in kept["headers"].items():
            response[name] = value
        seconds = max(0, int(kept["until"] - time.time()))
        response["Cache-Control"] = f"public, max-age={min(seconds, settings.PAGE_MAX_AGE)}"
        return response

    @staticmethod
    def _answer(request, response, version):
        """A 304 when the visitor's copy is current."""
        return (
            get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=int(version) // 10**9,
                response=response,
            )
            or response
        )


def _changed(sender, **kwargs):
    if sender._meta.label_lower not in NOT_PUBLIC:
        content_changed()


def connect_signals():
    """Every model of the apps that hold content, child rows included."""
    from django.apps import apps

    for label in registry.app_labels():
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in NOT_PUBLIC:
                continue
            post_save.connect(_changed, sender=model, weak=False)
            post_delete.connect(_changed, sender=model, weak=False)
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(_changed, sender=through, weak=False)
    # A deploy may change what pages say (templates, data migrations).
    post_migrate.connect(content_changed, weak=False)
