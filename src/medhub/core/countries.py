"""Country names in every supported language, for nationality and residence, from CLDR (Babel)."""

import functools

from django.utils import translation

from medhub.core.money import babel_locale

# CLDR's territories also hold regions ("001", "150"), groupings ("EU", "UN", "EZ"), the
# unknown region "ZZ", pseudo-locales and exceptionally reserved codes; a person's nationality
# or residence is one of the ISO 3166-1 alpha-2 countries, which is everything else.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})


@functools.cache
def country_codes() -> frozenset[str]:
    names = babel_locale("en").territories
    return frozenset(code for code in names if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the given (or active) language, or the code if it is not a country."""
    code = (code or "").upper()
    if code not in country_codes():
        return code
    return babel_locale(language or translation.get_language()).territories.get(code) or code


@functools.cache
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    names = babel_locale(language).territories
    return tuple(sorted(((code, names.get(code, code)) for code in country_codes()), key=lambda item: item[1]))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) sorted by the name in the given (or active) language."""
    return list(_choices(language or translation.get_language() or "en"))
