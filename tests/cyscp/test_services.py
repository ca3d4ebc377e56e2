"""The cache and storage the settings name: Redis works for the cache and
sessions, and `manage.py check` says clearly when a named backend cannot be
loaded."""

import os
import shutil
import signal
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings

from cyscp.services import UnavailableCache, usable_cache
from tests.factories import StaffUserFactory
from tests.servers import free_port, redis_server, wait_for_port

REDIS = "django.core.cache.backends.redis.RedisCache"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


def test_a_cache_whose_client_is_missing_fails_the_check_with_a_sentence():
    missing = usable_cache({"BACKEND": "django.core.cache.backends.memcached.PyLibMCCache"})
    with (
        override_settings(CACHES={"default": missing}),
        pytest.raises(SystemCheckError, match=r"cyscp.E010.*pylibmc"),
    ):
        call_command("check")
    with pytest.raises(ImproperlyConfigured, match="pylibmc"):
        UnavailableCache("", missing).get("anything")


def test_a_storage_that_cannot_be_imported_fails_the_check_with_a_sentence():
    storages = {
        "default": {"BACKEND": "storages.backends.nowhere.NoStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        override_settings(STORAGES=storages),
        pytest.raises(SystemCheckError, match=r"cyscp.E011.*MEDIA_STORAGE"),
    ):
        call_command("check")


def test_redis_has_its_client_and_passes_the_check(redis_url):
    config = usable_cache({"BACKEND": REDIS, "LOCATION": redis_url})
    assert config["BACKEND"] == "cyscp.cache.ResilientRedisCache"
    with override_settings(CACHES={"default": config}):
        call_command("check")


def test_the_cache_and_sign_ins_work_on_redis(redis_url):
    config = usable_cache({"BACKEND": REDIS, "LOCATION": redis_url})
    with override_settings(CACHES={"default": config}):
        cache = caches.create_connection("default")
        cache.set("learning", "neglect", 30)
        assert cache.get("learning") == "neglect"

        user = StaffUserFactory(is_superuser=True)
        one = Client()
        one.force_login(user)
        assert one.get("/admin/").status_code == 200
        # Another client with the same cookie, as another instance would see it.
        other = Client()
        other.cookies = one.cookies
        assert other.get("/admin/").status_code == 200


def test_while_redis_is_down_pages_and_sign_ins_carry_on():
    server = redis_server()
    url = server.__enter__()
    config = usable_cache({"BACKEND": REDIS, "LOCATION": url})
    with override_settings(CACHES={"default": config}):
        user = StaffUserFactory(is_superuser=True)
        client = Client()
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
        server.__exit__(None, None, None)  # Redis stops

        cache = caches.create_connection("default")
        assert cache.get("anything", "missed") == "missed"
        cache.set("anything", "kept")  # dropped, with a warning
        assert client.get("/admin/").status_code == 200  # the session, from the database
        assert client.get("/learning/").status_code == 200
        readiness = client.get("/healthz?full=1")
        assert readiness.status_code == 503 and "cache: unavailable" in readiness.text


def test_a_redis_cache_without_its_client_fails_the_check(monkeypatch):
    # As on a server where `pip install` left the client out.
    monkeypatch.setitem(sys.modules, "redis", None)
    missing = usable_cache({"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/1"})
    assert missing["BACKEND"] == "cyscp.services.UnavailableCache"
    with (
        override_settings(CACHES={"default": missing}),
        pytest.raises(SystemCheckError, match=r"cyscp.E010.*its client, redis, is missing"),
    ):
        call_command("check")


def test_a_sign_out_while_redis_does_not_answer_is_final():
    """A stolen or shared computer's cookie must not sign in again once
    Redis answers again: sessions are kept in the database only."""
    from django.conf import settings

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    port = free_port()
    redis = subprocess.Popen(  # noqa: S603 (our own arguments)
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, redis)
        config = usable_cache({"BACKEND": REDIS, "LOCATION": f"redis://127.0.0.1:{port}/0"})
        with override_settings(CACHES={"default": config}):
            client = Client()
            client.force_login(StaffUserFactory(is_superuser=True))
            assert client.get("/admin/").status_code == 200
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            os.kill(redis.pid, signal.SIGSTOP)  # Redis stops answering
            assert client.post("/admin/logout/").status_code == 200
            os.kill(redis.pid, signal.SIGCONT)  # and answers again
            other = Client()
            other.cookies[settings.SESSION_COOKIE_NAME] = cookie
            assert other.get("/admin/").status_code == 302  # to the sign-in page
    finally:
        os.kill(redis.pid, signal.SIGCONT)
        redis.terminate()
        redis.wait(timeout=10)
