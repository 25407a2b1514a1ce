"""Throttling of the public doors: one counter per (door, who) and window, shared by every process.

``hit(door, who)`` counts one request and says whether it stays within the door's limit. With
Redis configured as the cache (production) the count is Redis' atomic ``INCR``; otherwise it is a
row of ``core.RateCounter`` updated under its lock, which every process on the machine shares. In
both cases twenty requests racing for the last of five places get five, never more. If Redis stops
answering, the database counter takes over: a broken cache never opens the doors nor fails the page.

Limits are ``(requests, seconds)`` per door in ``settings.MEDHUB_THROTTLES``.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)


class Throttled(ValidationError):
    """A door's limit is reached: pages answer 429 with the form kept, the API 429 with Retry-After."""

    def __init__(self, message, *, retry_after: int):
        super().__init__(message, code="throttled")
        self.retry_after = retry_after


def check(door: str, who: str, message: str | None = None) -> None:
    """``hit`` that raises ``Throttled`` (with a translated message) when the limit is reached."""
    verdict = hit(door, who)
    if not verdict.allowed:
        minutes = max(1, (verdict.retry_after + 59) // 60)
        raise Throttled(
            message or _("Too many requests. Please wait %(minutes)d minutes and try again.") % {"minutes": minutes},
            retry_after=verdict.retry_after,
        )


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)


def client_address(request: HttpRequest) -> str:
    """The address a request comes from. Behind a proxy, set MEDHUB_TRUSTED_PROXY_HOPS to the number
    of proxies that append to X-Forwarded-For; without it the header is ignored (it can be forged)."""
    hops = settings.MEDHUB_TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def limit_of(door: str) -> tuple[int, int]:
    return settings.MEDHUB_THROTTLES[door]


def _key(door: str, who: str, window: int) -> str:
    digest = hashlib.sha256(f"{door}\0{who}".encode()).hexdigest()[:40]
    return f"throttle:{door}:{digest}:{window}"


def hit(door: str, who: str, *, cost: int = 1) -> Verdict:
    """Count one request at ``door`` from ``who``; allowed while the window's count is within the limit."""
    limit, period = limit_of(door)
    now = timezone.now().timestamp()
    window = int(now // period)
    retry_after = max(1, int((window + 1) * period - now))
    key = _key(door, who, window)
    count = _redis_incr(key, period, cost) if _uses_redis() else None
    if count is None:
        count = _db_incr(key, period, cost)
    if count > limit:
        return Verdict(False, retry_after)
    return Verdict(True, 0)


def peek(door: str, who: str) -> int:
    """How many requests the current window has counted (no hit)."""
    _limit, period = limit_of(door)
    key = _key(door, who, int(timezone.now().timestamp() // period))
    if _uses_redis():
        try:
            return int(cache.get(key) or 0)
        except (RedisError, OSError):
            logger.warning("throttle: cache unreachable, reading the database counter")
    from medhub.core.models import RateCounter

    return RateCounter.objects.filter(key=key).values_list("hits", flat=True).first() or 0


def _uses_redis() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _redis_incr(key: str, period: int, cost: int) -> int | None:
    """INCRBY on Redis; None when Redis does not answer (the database counter takes over)."""
    client = _redis_client()
    if client is None:
        return None
    try:
        return int(client.medhub_count(keys=[cache.make_key(key)], args=[cost, period + 1]))
    except (RedisError, OSError):
        logger.warning("throttle: Redis unreachable, counting in the database")
        return None


def _redis_client():
    """The redis-py client of this thread's cache, built once: building one copies its ~170
    response callbacks, which cost more than the INCRBY itself on every API call."""
    from medhub.core.cache import raw_redis_client

    backend = getattr(cache, "_cache", None)  # the RedisCache's client holder (its connection pools)
    client = getattr(backend, "medhub_throttle_client", None)
    if client is None:
        client = raw_redis_client(cache)
        if client is not None:
            # One atomic round trip (EVALSHA): count, and start the window's expiry on its first hit.
            client.medhub_count = client.register_script(_COUNT_SCRIPT)
        if backend is not None and client is not None:
            backend.medhub_throttle_client = client
    return client


_COUNT_SCRIPT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return count
"""


def _db_incr(key: str, period: int, cost: int) -> int:
    from medhub.core.models import RateCounter

    expires_at = timezone.now() + datetime.timedelta(seconds=period + 1)
    with transaction.atomic():
        if not RateCounter.objects.filter(key=key).update(hits=F("hits") + cost):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, hits=cost, expires_at=expires_at)
                if secrets.randbelow(50) == 0:
                    forget_expired()  # now and then, a new window sweeps the old ones away
                return cost
            except IntegrityError:
                RateCounter.objects.filter(key=key).update(hits=F("hits") + cost)
        return RateCounter.objects.filter(key=key).values_list("hits", flat=True).get()


def forget_expired() -> int:
    """Delete counters whose window has passed (the scheduler calls this)."""
    from medhub.core.models import RateCounter

    deleted, _ = RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def too_many(request: HttpRequest, retry_after: int):
    """The translated 429 page."""
    from django.shortcuts import render

    minutes = max(1, (retry_after + 59) // 60)
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limit(door: str, *, methods: tuple[str, ...] = ("GET", "HEAD", "POST")):
    """A page decorator: requests of ``methods`` count against ``door`` per client address."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                verdict = hit(door, client_address(request))
                if not verdict.allowed:
                    return too_many(request, verdict.retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ApiThrottle(BaseThrottle):
    """DRF: every API call counts against the "api" door, per user when signed in, per address
    otherwise; views may name another door with ``throttle_door``."""

    def allow_request(self, request, view):
        door = getattr(view, "throttle_door", "api")
        user = getattr(request, "user", None)
        who = f"user:{user.pk}" if user is not None and user.is_authenticated else client_address(request)
        # A request an earlier layer already counted at this door (directory/middleware.py) is not counted twice.
        verdict = getattr(request._request, "medhub_throttle_verdict", None) or hit(door, who)
        self._wait = verdict.retry_after
        return verdict.allowed

    def wait(self):
        return self._wait
