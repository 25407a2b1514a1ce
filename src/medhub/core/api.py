"""API pieces shared by every app: pagination, errors, the JSON parser, the content language of a
request."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, parsers

from medhub.core.i18n import LANGUAGE_CODES
from medhub.core.middleware import is_nul_database_error


class Pagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def validate_params(self, request) -> None:
        for name in (self.page_query_param, self.page_size_query_param):
            raw = request.query_params.get(name)
            if raw is not None and (not raw.isdigit() or int(raw) < 1):
                raise exceptions.ValidationError({name: [_("Enter a whole number of 1 or more.")]})
        size = request.query_params.get(self.page_size_query_param)
        if size is not None and int(size) > self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("At most %(max)d items per page.") % {"max": self.max_page_size}]}
            )

    def paginate_queryset(self, queryset, request, view=None):
        self.validate_params(request)
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            raise exceptions.NotFound(_("There is no page with that number.")) from exc


# No request of ours nests deeper than a few levels (a quote and its items); anything far deeper
# is refused before it can exhaust the interpreter's stack.
MAX_JSON_DEPTH = 32


def json_depth_exceeds(data, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether lists and objects in ``data`` nest more than ``limit`` deep (measured without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit: a document nested past ``MAX_JSON_DEPTH`` is a 400,
    never a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
        else:
            if not json_depth_exceeds(data):
                return data
        raise exceptions.ParseError(_("The JSON document nests more than %(max)d levels deep.") % {"max": MAX_JSON_DEPTH})


# The largest id an API input accepts: ids are database integers, and a larger number would
# only reach the database to fail there (SQLite cannot even bind it).
ID_MAX = 2**31 - 1


def id_field(**kwargs):
    """An input field for a row's id: a positive integer within the database's range."""
    # Imported here: DRF's serializers read the API settings, which name this module.
    from rest_framework import serializers

    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


def exception_handler(exc, context):
    """DRF's handler, plus Django validation errors turned into 400s with their messages, and a
    NUL that reached PostgreSQL (which cannot store one) turned into a 400 as well."""
    # Imported here: DRF's views read the API settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif is_nul_database_error(exc):
        exc = exceptions.ParseError(_("The request contains a character that is not allowed (NUL or another control character)."))
    return drf_exception_handler(exc, context)


def request_language(request) -> str:
    """The content language: ``?lang=`` first, then Accept-Language, then the default.

    An unknown ``lang`` is a client error, not a silent fallback.
    """
    lang = request.query_params.get("lang")
    if lang is not None:
        lang = lang.strip().lower()
        if lang not in LANGUAGE_CODES:
            raise exceptions.ValidationError(
                {
                    "lang": [
                        _("Unknown language %(lang)s. Use one of: %(codes)s.")
                        % {"lang": lang, "codes": ", ".join(LANGUAGE_CODES)}
                    ]
                }
            )
        return lang
    return translation.get_language_from_request(request._request) or settings.LANGUAGE_CODE


class LanguageMixin:
    """Activates the request's content language for the whole API call."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.content_language = request_language(request)
        translation.activate(self.content_language)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "content_language", None):
            response.headers["Content-Language"] = self.content_language
        return response
