"""Refusing input no admin page can use, before any view sees it."""

from django.core.exceptions import BadRequest

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
