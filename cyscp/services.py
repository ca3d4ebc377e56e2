"""The cache and storage that settings name, checked before they are used.

A cache whose client is not installed (CACHE_URL=redis://… without the
`redis` package) used to fail on the first page that touched the cache,
and Django's own checks failed on it with a traceback. Settings put a stand-in
in its place instead: `manage.py check` then fails with a sentence saying what
is missing (cyscp.checks), and any use of the stand-in says the same.
"""

import importlib
import logging

from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.module_loading import import_string

REDIS = "django.core.cache.backends.redis.RedisCache"
RESILIENT_REDIS = "cyscp.cache.ResilientRedisCache"
CACHE_CLIENTS = {
    REDIS: "redis",
    RESILIENT_REDIS: "redis",
    "django.core.cache.backends.memcached.PyMemcacheCache": "pymemcache",
    "django.core.cache.backends.memcached.PyLibMCCache": "pylibmc",
}
UNAVAILABLE = "cyscp.services.UnavailableCache"
logger = logging.getLogger(__name__)


def import_problem(dotted: str) -> str | None:
    """None if the module, or the class it ends with, can be imported;
    otherwise why not."""
    module, _, name = dotted.rpartition(".")
    try:
        if name[:1].isupper() and module:
            import_string(dotted)
        else:
            importlib.import_module(dotted)
    except ImportError as error:
        return str(error)
    return None


def usable_cache(config: dict, *, redis_timeout: float = 1) -> dict:
    """The cache settings name, or a stand-in that says why it cannot be
    used. Redis is used through ResilientRedisCache, with short timeouts."""
    if config.get("BACKEND") == REDIS:
        options = {
            "socket_connect_timeout": redis_timeout,
            "socket_timeout": redis_timeout,
            **config.get("OPTIONS", {}),
        }
        config = {**config, "BACKEND": RESILIENT_REDIS, "OPTIONS": options}
    backend = config.get("BACKEND", "")
    client = CACHE_CLIENTS.get(backend)
    problem = import_problem(backend) or (client and import_problem(client))
    if not problem:
        return config
    return {
        "BACKEND": UNAVAILABLE,
        "MISSING": {"backend": backend, "client": client or "", "problem": problem},
    }


def unavailable_message(missing: dict) -> str:
    client = f" (its client, {missing['client']}, is missing)" if missing["client"] else ""
    return (
        f"CACHE_URL names {missing['backend']}{client}, which cannot be loaded: "
        f"{missing['problem']}."
    )


class UnavailableCache(BaseCache):
    """In place of a cache that cannot be loaded: every use says why."""

    def __init__(self, location, params):
        super().__init__(params)
        self.missing = params["MISSING"]

    def _unavailable(self, *args, **kwargs):
        raise ImproperlyConfigured(unavailable_message(self.missing))

    add = get = set = touch = delete = clear = has_key = incr = decr = _unavailable
    get_many = set_many = delete_many = _unavailable


S3_STORAGE = "storages.backends.s3.S3Storage"


def s3_options(*, timeout, **given) -> dict:
    """django-storages' S3 options for the documents. Files keep the names
    they are given, as on disk: a replaced document gets a new name and the
    old object is deleted, so nothing is ever served stale. They are private
    (no ACL, no signed public links): the site serves every download itself,
    after checking that published content uses the file."""
    options = {
        **{name: value for name, value in given.items() if value is not None},
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": False,
        # A download is fetched whole before it is sent (open_stored); past
        # 1 MB it waits in a temporary file, not in memory, so many visitors
        # fetching a large report at once cannot exhaust the server's memory.
        "max_memory_size": 1024 * 1024,
    }
    try:
        from botocore.config import Config
    except ImportError:  # the check says so (cyscp.E011)
        return options
    # A storage that does not answer must cost a visitor seconds, not minutes.
    options["client_config"] = Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"max_attempts": 2, "mode": "standard"},
    )
    return options


def storage_says_missing(error: Exception) -> bool:
    """Whether a storage's error means "no such file" (on disk, or S3's
    NoSuchKey), rather than "the storage is not answering"."""
    if isinstance(error, FileNotFoundError):
        return True
    response = getattr(error, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return code in ("NoSuchKey", "404", "NotFound")


class StorageUnavailable(Exception):
    """The storage holding uploaded files did not answer."""


def _storage_errors() -> tuple[type[Exception], ...]:
    """What a storage raises when it cannot give a file: the disk's OSError,
    and botocore's errors for object storage (when it is installed). A
    programming error is not among them: it stays a server error, reported."""
    errors: list[type[Exception]] = [OSError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError
        from s3transfer.exceptions import RetriesExceededError, S3DownloadFailedError
    except ImportError:
        pass
    else:
        errors += [BotoCoreError, ClientError, RetriesExceededError, S3DownloadFailedError]
    return tuple(errors)


STORAGE_ERRORS = _storage_errors()


def open_stored(field_file, what="file"):
    """An uploaded file, opened and fetched (from object storage, the whole
    object), so a storage that fails does so here, not half-way through a
    download. Http404 if it is missing; StorageUnavailable if the storage
    does not answer."""
    try:
        handle = field_file.open("rb")
        handle.file  # noqa: B018 (fetches it)
    except STORAGE_ERRORS as error:
        if storage_says_missing(error):
            raise Http404(f"The {what} is missing.") from None
        logger.warning("%s could not be read from storage: %s", field_file.name, error)
        raise StorageUnavailable(str(error)) from error
    return handle
