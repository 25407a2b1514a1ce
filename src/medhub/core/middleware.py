"""Headers every response carries, and the guard that refuses control characters in requests."""

import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DataError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Adds a content security policy (nothing from other origins) and a permissions policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The admin and the browsable API use inline styles and scripts of their own.
        if not request.path.startswith(("/admin/", "/api/")) or not settings.DEBUG:
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


# No address may carry a control character; a NUL is refused in every other part of a request
# too (PostgreSQL cannot store one, and no person types one).
PATH_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _json_strings(data):
    """Every key and string value of a parsed JSON document, without recursion."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from (key for key in value if isinstance(key, str))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values if isinstance(value, str))


class RefuseControlCharactersMiddleware:
    """Answers 400 to a request whose path holds a control character, or whose query string,
    headers, cookies, form fields, file names or JSON strings hold a NUL, before any view or
    database sees it. A NUL that still reaches PostgreSQL (decoded by a view from some other
    form) is answered with the same 400 rather than a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refused = self._refused(request)
        except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return self._bad_request(request, _("The request body could not be read."))
        if refused:
            return self._bad_request(
                request, _("The request contains a character that is not allowed (NUL or another control character).")
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_nul_database_error(exception):
            return self._bad_request(
                request, _("The request contains a character that is not allowed (NUL or another control character).")
            )
        return None

    def _refused(self, request) -> bool:
        if PATH_CONTROL_CHARACTERS.search(request.path):
            return True
        headers = (value for key, value in request.META.items() if key.startswith("HTTP_") or key == "CONTENT_TYPE")
        if _has_nul(headers) or _has_nul([*request.COOKIES, *request.COOKIES.values()]):
            return True
        if _has_nul(request.GET) or _has_nul(value for _key, values in request.GET.lists() for value in values):
            return True
        return self._body_has_nul(request)

    def _body_has_nul(self, request) -> bool:
        content_type = request.content_type or ""
        if content_type in FORM_CONTENT_TYPES and request.method == "POST":
            fields = [*request.POST, *(value for _key, values in request.POST.lists() for value in values)]
            files = [*request.FILES, *(upload.name for _key, uploads in request.FILES.lists() for upload in uploads)]
            return _has_nul(fields) or _has_nul(files)
        if content_type != "application/json" and not content_type.endswith("+json"):
            return False
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # A NUL travels in JSON only as the escape \u0000; only then is the document parsed here
        # (a body too large or not JSON is left to the view's parser, which refuses it).
        if not length or (limit is not None and length > limit) or b"\\u0000" not in request.body:
            return False
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):
            return False
        return _has_nul(_json_strings(data))

    def _bad_request(self, request, message) -> HttpResponse:
        path = request.path_info
        language = translation.get_language_from_path(path) or translation.get_language_from_request(request)
        with translation.override(language):
            text = str(message)
        if path.startswith("/api/"):
            response = JsonResponse({"detail": text}, status=400)
        else:
            response = HttpResponseBadRequest(text + "\n", content_type="text/plain; charset=utf-8")
        response.headers["Content-Language"] = language
        return response


def is_nul_database_error(exception) -> bool:
    """PostgreSQL's refusal of a NUL in a text value (psycopg raises it before sending the query)."""
    return isinstance(exception, DataError) and "NUL (0x00)" in str(exception)
