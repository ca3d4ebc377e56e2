"""Every response carries a request id; with LOG_FORMAT=json each request is
one JSON line with its status, time and id, and nothing a visitor searched for."""

import json
import logging

import pytest

from cyscp.observability import JsonFormatter

pytestmark = pytest.mark.django_db


def test_every_response_has_a_request_id_and_keeps_a_proxys(client):
    first, second = client.get("/learning/"), client.get("/learning/")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    given = client.get("/learning/", HTTP_X_REQUEST_ID="proxy-id-1234")
    assert given["X-Request-ID"] == "proxy-id-1234"
    forged = client.get("/learning/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert forged["X-Request-ID"] != "<script>alert(1)</script>"
    # A line break after a good id is not a header to send back (nor a 500).
    split = client.get("/learning/", HTTP_X_REQUEST_ID="proxy-id-1234\n")
    assert split.status_code == 200 and len(split["X-Request-ID"]) == 32
    assert client.get("/no-such-page/")["X-Request-ID"]


def test_each_request_is_one_json_line_without_its_query(client, caplog):
    caplog.set_level(logging.INFO, logger="cyscp.requests")
    response = client.get("/search/", {"q": "child's name"})
    record = next(r for r in caplog.records if r.name == "cyscp.requests")
    line = json.loads(JsonFormatter().format(record))
    assert line["status"] == 200 and line["method"] == "GET" and line["path"] == "/search/"
    assert line["request_id"] == response["X-Request-ID"]
    assert isinstance(line["duration_ms"], float)
    assert "child" not in json.dumps(line)
