"""Refusing input no page can use, before any view sees it."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, DisallowedHost
from django.db import DataError, OperationalError, transaction
from django.http import HttpResponseBadRequest
from django.http.request import split_domain_port
from django.shortcuts import redirect

logger = logging.getLogger(__name__)

# The admin's address is part of the site's public contract.
ADMIN_PREFIX = "/admin/"


class RejectNulBytesInAdminMiddleware:
    """PostgreSQL refuses a NUL character in any text it is given, so one in
    the admin's query string (its search box, filters, autocomplete) would end
    in a server error inside Django's own views. Answer 400 with the site's
    page instead. Public pages check their own query strings and answer with
    a message on the page, so they are left to do so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX) and "\x00" in "".join(
            key + "".join(values) for key, values in request.GET.lists()
        ):
            raise BadRequest("The address contains a NUL character.")
        return self.get_response(request)


class HostMiddleware:
    """First in the chain. A request for a host the site does not answer to
    (scanners connecting by IP address all day) gets a plain 400 at once,
    whatever its address: no page, and nothing built from that host.

    Absolute links (canonical, Open Graph, JSON-LD, sitemap, feeds,
    robots.txt, calendars) all come from the request's host, so it is made
    trustworthy here, once: SITE_HOST when it is set; otherwise the request's
    own host, without a port the server is not listening on, so a forged
    `Host: learning.example.org:6666` never reaches a link, nor a cache in
    front that would keep a poisoned copy.

    Only GET and HEAD, the requests whose answers are kept (by the page cache
    and by caches in front), have their host replaced: a form's POST keeps
    the host it came on, which CSRF's check of its Origin compares with
    (staff behind a port-forward, or on an admin host beside SITE_HOST)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            host = request.get_host()
        except DisallowedHost:
            return HttpResponseBadRequest(
                "Bad request: this site does not answer to that host name.\n",
                content_type="text/plain; charset=utf-8",
            )
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        trusted = settings.SITE_HOST or _without_foreign_port(request, host)
        if trusted != host:
            request.META["HTTP_HOST"] = trusted
            if settings.USE_X_FORWARDED_HOST:
                request.META.pop("HTTP_X_FORWARDED_HOST", None)
        return self.get_response(request)


def _without_foreign_port(request, host: str) -> str:
    domain, port = split_domain_port(host)
    if not port or port == str(request.get_port()):
        return host
    # split_domain_port lower-cases, and keeps an IPv6 address's brackets.
    return domain


def _is_bad_value(exception) -> bool:
    """A value the database or Python could not use (a year past 9999, a
    word for an id, a pattern PostgreSQL cannot compile), as opposed to a
    database that is not answering, which must stay a 503 and be reported."""
    if isinstance(exception, (ValueError, OverflowError, DataError)):
        return True
    # SQLite runs a regex lookup in Python: a bad pattern is reported so.
    return isinstance(exception, OperationalError) and "user-defined function raised" in str(
        exception
    )


class AdminListFilterMiddleware:
    """A filter in an admin list's address that the database cannot use
    (`?title__regex=(((`, `?published_at__year=99999`, a word where an id
    belongs) failed inside Django's own views with a server error, or led
    to Django's "something's wrong with your database installation" page.
    Both now lead back to the whole list, with a message saying why; nothing
    is saved by a list's GET, so nothing is lost."""

    message = (
        "The list could not be filtered that way: a filter in the address has a value "
        "it cannot use. It shows everything instead; choose a filter on the right."
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._is_admin_list_get(request):
            return self.get_response(request)
        if request.GET.get("e") == "1":
            return self._whole_list(request)
        # In a savepoint: a query the database refused leaves a transaction
        # around this request (tests, ATOMIC_REQUESTS) usable for the rest.
        with transaction.atomic():
            response = self.get_response(request)
            refused = getattr(request, "bad_list_filter", False)
            if refused:
                transaction.set_rollback(True)
        if refused or (
            # Django's own answer to a filter it could not use.
            response.status_code == 302 and response.get("Location", "").endswith("?e=1")
        ):
            return self._whole_list(request)
        return response

    def process_exception(self, request, exception):
        if self._is_admin_list_get(request) and request.GET and _is_bad_value(exception):
            # Logged without the query string, which can hold a child's name.
            logger.warning(
                "An admin page could not use a value in its address (%s): %s: %s",
                request.path,
                type(exception).__name__,
                exception,
            )
            request.bad_list_filter = True
            return HttpResponseBadRequest()  # replaced by the whole list, above
        return None

    @staticmethod
    def _is_admin_list_get(request):
        return request.method == "GET" and request.path_info.startswith(ADMIN_PREFIX)

    def _whole_list(self, request):
        messages.warning(request, self.message)
        kept = {key: request.GET[key] for key in ("_popup", "_to_field") if key in request.GET}
        return redirect(f"{request.path}?{urlencode(kept)}" if kept else request.path)
