"""A Redis cache that never takes the site down with it.

Django's ``RedisCache`` raises when Redis is away, so every page that touches the cache (sessions
are in the database, but rate limits, allauth and the directory cache use it) answered 500 while
Redis was stopped. Here a Redis failure is a cache miss: reads return the default, writes are
dropped, and a warning is logged once per failing call. Timeouts are short (see settings) so a
missing Redis costs milliseconds, not the whole request.
"""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _safe(default_index=None, default=None):
    def wrap(method):
        def guarded(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                logger.warning("cache unreachable (%s): %s treated as a miss", type(exc).__name__, method.__name__)
                if default_index is not None:
                    if len(args) > default_index:
                        return args[default_index]
                    return kwargs.get("default")
                return default() if callable(default) else default

        guarded.__name__ = method.__name__
        return guarded

    return wrap


class ResilientRedisCache(RedisCache):
    get = _safe(default_index=1)(RedisCache.get)
    set = _safe()(RedisCache.set)
    add = _safe(default=False)(RedisCache.add)
    touch = _safe(default=False)(RedisCache.touch)
    delete = _safe(default=False)(RedisCache.delete)
    get_many = _safe(default=dict)(RedisCache.get_many)
    set_many = _safe(default=list)(RedisCache.set_many)
    delete_many = _safe()(RedisCache.delete_many)
    has_key = _safe(default=False)(RedisCache.has_key)
    clear = _safe(default=False)(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError) as exc:
            logger.warning("cache unreachable (%s): incr treated as a missing key", type(exc).__name__)
            raise ValueError(f"Key '{key}' not found (cache unreachable).") from exc


def raw_redis_client(cache=None):
    """The redis-py client behind a Redis cache (for atomic counters), or None for other caches."""
    from django.core.cache import caches

    if cache is None or not isinstance(cache, RedisCache):
        cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return None
    return cache._cache.get_client(write=True)


def ping(cache=None) -> bool:
    """Whether the cache answers: a real round trip for Redis, always true for an embedded cache."""
    client = raw_redis_client(cache)
    if client is None:
        return True
    try:
        return bool(client.ping())
    except (RedisError, OSError):
        return False


_LOCAL: dict[str, tuple[float, object]] = {}


def memoized(key: str, build, *, local_seconds: float = 5, shared_seconds: int = 300):
    """A small, rarely changing value read on every request (code → id tables): kept a few
    seconds in this process in front of the shared cache, so a request does not pay a round trip
    to Redis for it. A change elsewhere shows here within ``local_seconds``."""
    now = time.monotonic()
    hit = _LOCAL.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, shared_seconds)
    _LOCAL[key] = (now + local_seconds, value)
    return value


def forget_memoized(*keys: str) -> None:
    for key in keys:
        _LOCAL.pop(key, None)
    cache.delete_many(list(keys))


def forget_local() -> None:
    """Drop every value this process keeps in front of the shared cache (tests start clean)."""
    _LOCAL.clear()
