"""Translatable content: one mechanism for every content field in medhub.

A translatable field is a JSON object that maps a language code to a value
(``{"ko": "피부과", "en": "Dermatology"}``). ``pick`` returns the value for the active language
and falls back along a fixed chain, so a page never shows an empty name because one language
is missing. See docs/decisions/0002-translated-content-as-json.md for why this is not a
translation table.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
FALLBACK_LANGUAGES: tuple[str, ...] = ("en", "ko")


def fallback_chain(language: str | None) -> tuple[str, ...]:
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    chain = [language]
    if "-" in language:
        chain.append(language.split("-")[0])
    for code in FALLBACK_LANGUAGES:
        if code not in chain:
            chain.append(code)
    return tuple(chain)


def pick(values: dict[str, Any] | None, language: str | None = None, default: Any = "") -> Any:
    """The value of a translated field in ``language`` (default: the active one), with fallback."""
    if not values:
        return default
    for code in fallback_chain(language):
        value = values.get(code)
        if value:
            return value
    for value in values.values():
        if value:
            return value
    return default


def pick_language(values: dict[str, Any] | None, language: str | None = None) -> str | None:
    """The language code ``pick`` would use, so a page can mark content shown in another language."""
    if not values:
        return None
    for code in fallback_chain(language):
        if values.get(code):
            return code
    return next((code for code, value in values.items() if value), None)


def all_texts(values: dict[str, Any] | None) -> Iterable[str]:
    """Every string in a translated field, in all languages (lists are flattened)."""
    for value in (values or {}).values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (item for item in value if isinstance(item, str))


class TranslatedField(models.JSONField):
    """A JSON object of language code to text. Kept as its own class so forms and the admin
    can offer one input per language and so every translatable field is easy to find."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def get_placeholder(self, value, compiler, connection):
        # Having this hook keeps Django's PostgreSQL bulk insert on plain VALUES rows instead
        # of UNNEST arrays: escaping large JSON documents into array literals is very slow.
        return "%s"

    def formfield(self, **kwargs):
        from medhub.core.forms import TranslatedFormField

        return super().formfield(**{"form_class": TranslatedFormField, **kwargs})


def normalize_text(text: str) -> str:
    """Fold text for matching: Unicode NFKC, case-folded, single spaces."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class TranslatedListField(TranslatedField):
    """A JSON object of language code to a list of short texts (inclusions, synonyms)."""

    def formfield(self, **kwargs):
        from medhub.core.forms import TranslatedListFormField

        return super().formfield(**{"form_class": TranslatedListFormField, **kwargs})


def languages_to_db(codes) -> str:
    """Languages served are stored as ``,en,ru,`` so that one LIKE finds a language on any
    database (decision 0002); used by every app that keeps a set of languages."""
    clean = [code for code in LANGUAGE_CODES if code in set(codes or [])]
    return f",{','.join(clean)}," if clean else ""


def languages_from_db(value: str) -> list[str]:
    return [code for code in (value or "").split(",") if code]
