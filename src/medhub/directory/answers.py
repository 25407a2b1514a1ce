"""The search API's answers, kept per app process until the directory changes.

An answer of ``GET /api/v1/institutions/`` depends only on the request's URL (its parameters,
host and scheme, which the ``next`` and ``previous`` links repeat), the content language, the
directory and the day (registrations and accreditations lapse by date); never on who asks.
So the rendered JSON of a successful answer is kept here, stamped with the directory version
and the day it was computed for, and served again to the same request.

How fresh: the stamp is ``index.directory_version()``, the version every service bumps when
the directory changes (on commit) and which each process re-reads at most every
``index.VERSION_TTL_SECONDS`` (2 s). A change made through the services or the admin is seen
at once by the process that made it and within those 2 s by every other process: the same
bound as the search index itself. A change written to the database without a service (a raw
SQL update) is not seen until the next version bump, as for the index.

Bounded: at most ``settings.MEDHUB_SEARCH_ANSWERS`` answers (least recently used dropped
first; 0 turns the cache off). Throttling, authentication and parameter checks run before
the cache is consulted; errors are never kept. ``make bench`` measures the endpoint with the
cache off (every request does the whole search) and on.
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.utils import timezone

from medhub.directory.index import directory_version

_answers: OrderedDict[tuple, tuple] = OrderedDict()
_stamp: tuple | None = None  # (directory version, day) the kept answers were computed for
_lock = threading.Lock()


def enabled() -> bool:
    return settings.MEDHUB_SEARCH_ANSWERS > 0


def lookup(key: tuple) -> tuple[tuple | None, tuple]:
    """The kept answer (what ``keep`` was given after the stamp) for ``key`` or None, and the stamp to keep a new
    answer under. Everything kept is dropped first if the directory or the day changed."""
    global _stamp
    stamp = (directory_version(), timezone.localdate())
    with _lock:
        if stamp != _stamp:
            _answers.clear()
            _stamp = stamp
            return None, stamp
        answer = _answers.get(key)
        if answer is not None:
            _answers.move_to_end(key)
        return answer, stamp


def keep(key: tuple, stamp: tuple, *answer) -> None:
    """Keeps an answer computed under ``stamp`` (the one ``lookup`` gave before it was computed);
    if the directory changed meanwhile, the answer is not kept."""
    with _lock:
        if stamp != _stamp:
            return
        _answers[key] = answer
        _answers.move_to_end(key)
        while len(_answers) > settings.MEDHUB_SEARCH_ANSWERS:
            _answers.popitem(last=False)


def forget() -> None:
    """Drops every kept answer (the directory services call this with the other process caches)."""
    global _stamp
    with _lock:
        _answers.clear()
        _stamp = None
