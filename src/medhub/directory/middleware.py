"""Kept search answers served early (decision 0025).

A ``GET /api/v1/institutions/`` that carries no cookie and no credentials is anonymous by
construction: its answer depends only on its URL (host and scheme included), its
Accept-Language and Accept headers, the directory and the day (directory/answers.py). When the
whole stack has answered such a request with a 200 that sets no cookie, this middleware keeps
the answer as it left the stack below (status, every header, body) under those request
inputs, stamped with the directory version and the day. The same request again is answered
from there after it has been counted by the throttle at the same door and for the same client
as the view would count it, so the public door stays throttled; the middleware above it
(security headers, control characters) still runs.

What it never serves early: a request with a cookie or an Authorization header, another
method or path, a request whose inputs were never answered with a 200, an answer kept before
the directory or the day changed, and any request the throttle refuses (that one goes down the
whole stack, which answers the 429)."""

from django.http import HttpResponse

from medhub.core import throttle
from medhub.directory import answers

SEARCH_PATH = "/api/v1/institutions/"


def _key(request) -> tuple:
    meta = request.META
    return (
        "early",
        request.scheme,
        request.get_host(),
        meta.get("PATH_INFO", ""),
        meta.get("QUERY_STRING", ""),
        meta.get("HTTP_ACCEPT_LANGUAGE", ""),
        meta.get("HTTP_ACCEPT", ""),
    )


def _eligible(request) -> bool:
    meta = request.META
    return (
        request.method == "GET"
        and request.path_info == SEARCH_PATH
        and not meta.get("HTTP_COOKIE")
        and not meta.get("HTTP_AUTHORIZATION")
        and answers.enabled()
    )


class KeptSearchAnswersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        kept, stamp = answers.lookup(key)
        if kept is not None:
            door, status, headers, body = kept
            verdict = throttle.hit(door, throttle.client_address(request))
            if verdict.allowed:
                response = HttpResponse(body, status=status)
                for name, value in headers:
                    response.headers[name] = value
                return response
            # Refused: the view's throttle answers the 429 with this verdict, without counting again.
            request.medhub_throttle_verdict = verdict
            return self.get_response(request)
        response = self.get_response(request)
        door = getattr(response, "medhub_keep_door", None)
        if door and response.status_code == 200 and not response.cookies and not response.streaming:
            answers.keep(key, stamp, door, response.status_code, tuple(response.items()), response.content)
        return response
