"""The "temporarily unavailable" answer, for when a service the site needs
(the database, the document storage) does not answer. It is rendered
without the request's context processors, which could need the very
service that is down."""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

RETRY_AFTER_SECONDS = 30
SERVICE_DOWN = "The site cannot show this page just now. Please try again in a minute."


def unavailable(request=None, message: str = SERVICE_DOWN) -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: an error caused by the database not answering (down,
    restarting, failing over) is a 503 that says to try again, not a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        if connection.vendor == "postgresql":
            from .database import start_pools_again

            start_pools_again(error)
        return unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
