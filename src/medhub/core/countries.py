"""Country names in every supported language, for nationality and residence."""

import functools
import json
from pathlib import Path

from django.utils import translation

from medhub.core.i18n import pick

DATA = Path(__file__).resolve().parent / "data" / "countries.json"


@functools.cache
def _countries() -> dict[str, dict[str, str]]:
    with open(DATA, encoding="utf-8") as handle:
        return json.load(handle)


def country_codes() -> set[str]:
    return set(_countries())


def country_name(code: str, language: str | None = None) -> str:
    names = _countries().get((code or "").upper())
    return pick(names, language) if names else code


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) sorted by the name in the given (or active) language."""
    language = language or translation.get_language()
    return sorted(((code, pick(names, language)) for code, names in _countries().items()), key=lambda item: item[1])
