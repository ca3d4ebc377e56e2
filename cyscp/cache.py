"""Django's Redis cache (CACHE_URL=redis://…), treating a Redis that does not
answer as an empty cache: reads miss and writes are dropped, with a warning
in the log, instead of an error on the page. Sessions are not kept here
but in the database, so nobody is signed out, and no sign-out is undone,
while Redis is down; waits for it are short (REDIS_TIMEOUT, in settings)."""

import logging

from django.core.cache.backends.redis import RedisCache

try:
    from redis.exceptions import RedisError
except ImportError:  # the check says the client is missing (cyscp.services)
    RedisError = ()

logger = logging.getLogger(__name__)


def _without_redis(method, fallback):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("The cache did not answer (%s); carrying on without it.", error)
            return fallback(*args, **kwargs)

    call.__name__ = method.__name__
    call.__doc__ = method.__doc__
    return call


def _missed(key, default=None, version=None):
    return default


class ResilientRedisCache(RedisCache):
    get = _without_redis(RedisCache.get, _missed)
    get_many = _without_redis(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _without_redis(RedisCache.has_key, lambda *args, **kwargs: False)
    add = _without_redis(RedisCache.add, lambda *args, **kwargs: False)
    set = _without_redis(RedisCache.set, lambda *args, **kwargs: None)
    touch = _without_redis(RedisCache.touch, lambda *args, **kwargs: False)
    delete = _without_redis(RedisCache.delete, lambda *args, **kwargs: False)
    set_many = _without_redis(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    delete_many = _without_redis(RedisCache.delete_many, lambda *args, **kwargs: None)
    clear = _without_redis(RedisCache.clear, lambda *args, **kwargs: False)
