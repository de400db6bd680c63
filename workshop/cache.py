"""The cache on Redis, carrying on without it: when Redis cannot be reached a read misses,
a write is dropped and the request goes on, as pages and uploads must while the broker is
down (django-redis calls this IGNORE_EXCEPTIONS). What the cache holds is only ever a copy
or a counter: the released schedule is read from the database again, and the log-in
throttle and allauth's rate limits count nothing until Redis is back (they let people in
rather than lock everybody out).
"""

import logging

import redis
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

OUTAGE = (redis.ConnectionError, redis.TimeoutError)


def _forgiving(name: str, when_down):
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except OUTAGE:
            logger.warning("Cache unreachable (%s); carrying on without it.", name, exc_info=True)
            return when_down(*args, **kwargs)

    call.__name__ = name
    return call


def _missing(*args, **kwargs):
    raise ValueError("Key not found: the cache is unreachable.")


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, answering "not cached" while Redis is unreachable."""

    get = _forgiving("get", lambda key, default=None, version=None: default)
    get_many = _forgiving("get_many", lambda *args, **kwargs: {})
    has_key = _forgiving("has_key", lambda *args, **kwargs: False)
    # "Stored": allauth's rate limits take a lock with add() and refuse when they cannot.
    add = _forgiving("add", lambda *args, **kwargs: True)
    set = _forgiving("set", lambda *args, **kwargs: None)
    set_many = _forgiving("set_many", lambda data, *args, **kwargs: list(data))
    touch = _forgiving("touch", lambda *args, **kwargs: False)
    delete = _forgiving("delete", lambda *args, **kwargs: False)
    delete_many = _forgiving("delete_many", lambda *args, **kwargs: None)
    incr = _forgiving("incr", _missing)  # as for a key that is not there
    clear = _forgiving("clear", lambda *args, **kwargs: False)
