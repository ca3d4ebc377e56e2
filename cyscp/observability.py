"""What operators see of the running site: one JSON line per request (with
LOG_FORMAT=json), a request id sent back in X-Request-ID and carried by every
log line of that request, and errors reported to Sentry (SENTRY_DSN), with
no personal data: no user, cookies, headers, bodies, query strings (a search
can name a child) or local variables.
"""

import contextvars
import json
import logging
import re
import time
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# An id a proxy in front already gave the request is kept, if it looks like one.
_GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
access_log = logging.getLogger("cyscp.requests")


class JsonFormatter(logging.Formatter):
    """Each record as one line of JSON."""

    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        given = getattr(record, "request_id", "") or request_id.get()
        if given:
            line["request_id"] = given
        for key in ("method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class RequestIdMiddleware:
    """First in the chain: every request gets an id, sent back to the client
    and in each log line; and one line says how the request went."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        token = request_id.set(given if _GIVEN_ID.fullmatch(given) else uuid.uuid4().hex)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id.get()
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request_id.get(),
                    "method": request.method,
                    # The path only: a query string can carry what a
                    # practitioner searched for.
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


def start_sentry(dsn: str, environment: str) -> None:
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        traces_sample_rate=0,
        send_client_reports=False,
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "off"}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
            "database_query_data": False,
        },
    )
