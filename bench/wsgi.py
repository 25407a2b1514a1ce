"""The bench's WSGI entry point: medhub itself, plus the floor (a bare endpoint).

`/bare/<path>` answers with the bytes medhub answered for `<path>` when the bench recorded it
(the file named by MEDHUB_BENCH_ANSWERS), doing no other work: no middleware, no database, no
template. It runs in the same gunicorn workers as medhub, so the difference between the two is
what medhub does per request. This module lives in bench/, outside the package, and only
bench/run.py starts gunicorn with it: production (medhub.wsgi) never serves /bare/.
"""

import json
import os

from medhub.wsgi import application as medhub_application

PREFIX = "/bare"
_answers: dict[str, tuple[bytes, str]] | None = None


def _load() -> dict[str, tuple[bytes, str]]:
    global _answers
    if _answers is None:
        path = os.environ.get("MEDHUB_BENCH_ANSWERS")
        loaded = {}
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                for key, (body, content_type) in json.load(handle).items():
                    loaded[key] = (body.encode("utf-8"), content_type)
        _answers = loaded
    return _answers


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if not path.startswith(PREFIX + "/"):
        return medhub_application(environ, start_response)
    key = path[len(PREFIX) :] + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
    answer = _load().get(key)
    if answer is None:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    body, content_type = answer
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
