"""Prices: kept in KRW, shown also in the visitor's currency with the date of the rate used."""

import copy
import functools
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberPattern, format_decimal
from django.utils import translation
from django.utils.translation import gettext as _

from medhub.core.selectors import Rate, hub_settings, latest_rates

CURRENCY_COOKIE = "medhub_currency"


@functools.cache
def babel_locale(language: str | None) -> Locale:
    """Babel's locale for one of our language codes ("zh-hans" is CLDR's "zh_Hans"); English if unknown."""
    try:
        return Locale.parse(translation.to_locale(language or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@functools.cache
def _whole_units_pattern(locale: Locale) -> NumberPattern:
    """The locale's currency pattern without fraction digits: our amounts are whole units."""
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern


def format_amount(amount: int | Decimal, currency: str, language: str | None = None) -> str:
    """An amount in the reader's (default: the active) language, from CLDR: "₩1,950,000", "1 950 000 ₩"."""
    locale = babel_locale(language or translation.get_language())
    code = (currency or "").upper()
    if Decimal(amount) == Decimal(amount).to_integral_value():
        return _whole_units_pattern(locale).apply(Decimal(amount), locale, currency=code, currency_digits=False)
    return locale.currency_formats["standard"].apply(Decimal(amount), locale, currency=code)


def amount_range(low: str, high: str) -> str:
    """Two written amounts as a range. Where the reader's language writes right to left, CLDR
    puts a right-to-left mark inside each amount; each is then isolated (FSI … PDI) so that the
    marks of one amount cannot pull the dash or the other amount's currency sign across it."""
    if translation.get_language_bidi():
        return f"\u2068{low}\u2069 – \u2068{high}\u2069"
    return f"{low} – {high}"


@dataclass(frozen=True)
class PriceRange:
    low_krw: int
    high_krw: int
    rate: Rate | None

    @property
    def krw(self) -> str:
        if self.low_krw == self.high_krw:
            return format_amount(self.low_krw, "KRW")
        return amount_range(format_amount(self.low_krw, "KRW"), format_amount(self.high_krw, "KRW"))

    @property
    def converted(self) -> str:
        if not self.rate:
            return ""
        low, high = self.rate.convert(self.low_krw), self.rate.convert(self.high_krw)
        if low == high:
            return format_amount(low, self.rate.currency)
        return amount_range(format_amount(low, self.rate.currency), format_amount(high, self.rate.currency))

    @property
    def rate_note(self) -> str:
        if not self.rate:
            return ""
        return _("rate of %(date)s: 1 %(currency)s = %(krw)s KRW") % {
            "date": self.rate.as_of,
            "currency": self.rate.currency,
            "krw": format_decimal(self.rate.krw_per_unit.normalize(), locale=babel_locale(translation.get_language())),
        }


def visitor_currency(request) -> str:
    """The currency the visitor picked (query, then cookie), else the hub's default."""
    rates = latest_rates()
    for candidate in (request.GET.get("currency"), request.COOKIES.get(CURRENCY_COOKIE)):
        if candidate and (candidate.upper() in rates or candidate.upper() == "KRW"):
            return candidate.upper()
    default = hub_settings().default_currency
    return default if default in rates else "KRW"


def price_range(low: int | None, high: int | None, currency: str) -> PriceRange | None:
    if low is None or high is None:
        return None
    rate = latest_rates().get(currency) if currency != "KRW" else None
    return PriceRange(low, high, rate)
