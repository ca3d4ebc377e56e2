"""Refusing input no page can use, before any view sees it."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, DisallowedHost
from django.db import DatabaseError, transaction
from django.http import HttpResponseBadRequest
from django.http.request import split_domain_port
from django.shortcuts import redirect

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
    front that would keep a poisoned copy."""

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
    # split_domain_port lower-cases and drops an IPv6 address's brackets.
    return f"[{domain}]" if ":" in domain else domain


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
        if (
            self._is_admin_list_get(request)
            and request.GET
            and isinstance(exception, (DatabaseError, ValueError, OverflowError))
        ):
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
