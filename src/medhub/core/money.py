"""Prices: kept in KRW, shown also in the visitor's currency with the date of the rate used."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from medhub.core.selectors import Rate, hub_settings, latest_rates

CURRENCY_COOKIE = "medhub_currency"
CURRENCY_SYMBOLS = {"KRW": "₩", "USD": "US$", "EUR": "€", "JPY": "¥", "CNY": "CN¥", "GBP": "£"}


def format_amount(amount: int, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    number = f"{amount:,}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


@dataclass(frozen=True)
class PriceRange:
    low_krw: int
    high_krw: int
    rate: Rate | None

    @property
    def krw(self) -> str:
        if self.low_krw == self.high_krw:
            return format_amount(self.low_krw, "KRW")
        return f"{format_amount(self.low_krw, 'KRW')} – {format_amount(self.high_krw, 'KRW')}"

    @property
    def converted(self) -> str:
        if not self.rate:
            return ""
        low, high = self.rate.convert(self.low_krw), self.rate.convert(self.high_krw)
        if low == high:
            return format_amount(low, self.rate.currency)
        return f"{format_amount(low, self.rate.currency)} – {format_amount(high, self.rate.currency)}"

    @property
    def rate_note(self) -> str:
        if not self.rate:
            return ""
        return _("rate of %(date)s: 1 %(currency)s = %(krw)s KRW") % {
            "date": self.rate.as_of,
            "currency": self.rate.currency,
            "krw": f"{self.rate.krw_per_unit.normalize():,f}",
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
