"""Reads of the hub's configuration and exchange rates, cached for the length of a process."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Max

from medhub.core.cache import forget_memoized, memoized
from medhub.core.models import ExchangeRate, HubSettings

_HUB_CACHE_KEY = "medhub:hub-settings:v1"
_RATES_CACHE_KEY = "medhub:exchange-rates:v1"
CACHE_SECONDS = 60


def hub_settings() -> HubSettings:
    """The hub's settings row, created with defaults the first time."""
    return memoized(
        _HUB_CACHE_KEY, lambda: HubSettings.objects.order_by("pk").first() or HubSettings(pk=1), shared_seconds=CACHE_SECONDS
    )


def hub_languages() -> list[tuple[str, str]]:
    """(code, name) of the languages this hub offers, in the order of settings.LANGUAGES."""
    offered = set(hub_settings().languages or [])
    return [(code, name) for code, name in settings.LANGUAGES if code in offered] or list(settings.LANGUAGES)


@dataclass(frozen=True)
class Rate:
    currency: str
    krw_per_unit: Decimal
    as_of: str

    def convert(self, krw: int) -> int:
        return int((Decimal(krw) / self.krw_per_unit).quantize(Decimal("1")))


def latest_rates() -> dict[str, Rate]:
    """The newest rate of every currency, keyed by currency code."""
    return memoized(_RATES_CACHE_KEY, _read_latest_rates, shared_seconds=CACHE_SECONDS)


def _read_latest_rates() -> dict[str, Rate]:
    newest = ExchangeRate.objects.values("currency").annotate(as_of=Max("as_of"))
    pairs = {(row["currency"], row["as_of"]) for row in newest}
    return {
        rate.currency: Rate(rate.currency, rate.krw_per_unit, rate.as_of.isoformat())
        for rate in ExchangeRate.objects.filter(currency__in=[c for c, _d in pairs])
        if (rate.currency, rate.as_of) in pairs
    }


def clear_caches() -> None:
    forget_memoized(_HUB_CACHE_KEY, _RATES_CACHE_KEY)
