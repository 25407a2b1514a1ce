"""Numbers, dates, times, phone numbers and map links written the reader's way.

Everything locale-dependent comes from CLDR through Babel (decision 0006, 0016): digits,
grouping separators, month names, the order of day and month, 12- or 24-hour clocks. Pages
use the template filters in ``core/templatetags/medhub.py``; emails, PDFs and background tasks
call these functions with the recipient's language (and, for times, their time zone), since
the active language of a task is not the reader's.
"""

import datetime
import zoneinfo
from decimal import Decimal
from urllib.parse import quote

import phonenumbers
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal
from django.conf import settings
from django.utils import timezone, translation

from medhub.core.money import babel_locale, format_amount

__all__ = [
    "format_amount",
    "format_date_local",
    "format_datetime_local",
    "format_number",
    "format_time_local",
    "map_url",
    "phone_international",
    "phone_uri",
]

DATE_STYLES = ("short", "medium", "long", "full")


def _locale(language: str | None):
    return babel_locale(language or translation.get_language())


def _zone(zone) -> datetime.tzinfo:
    """A tzinfo from a name or a tzinfo; Django's current time zone when none is given (the one
    a ``{% timezone %}`` block or the middleware activated)."""
    if zone is None or zone == "":
        return timezone.get_current_timezone()
    if isinstance(zone, datetime.tzinfo):
        return zone
    try:
        return zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def format_number(value: int | float | Decimal, language: str | None = None) -> str:
    """A number with the locale's digits and separators: "1,950,000" (en), "1 950 000" (ru)."""
    return format_decimal(value, locale=_locale(language))


def format_date_local(value: datetime.date, language: str | None = None, style: str = "medium") -> str:
    """A calendar date: "Mar 14, 2026" (en), "2026. 3. 14." (ko), "14 мар. 2026 г." (ru).
    A datetime is first moved to the current time zone, so the date is the local one."""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(_zone(None)) if timezone.is_aware(value) else value
        value = value.date()
    return format_date(value, style if style in DATE_STYLES else "medium", locale=_locale(language))


def format_time_local(value: datetime.datetime, language: str | None = None, zone=None) -> str:
    """A time of day in the given (default: current) time zone: "2:30 PM" (en), "14:30" (ru)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.astimezone(_zone(zone))
    return format_time(value, "short", locale=_locale(language))


def format_datetime_local(value: datetime.datetime, language: str | None = None, zone=None) -> str:
    """A date and a time, without seconds, in the given (default: current) time zone:
    "Mar 14, 2026, 2:30 PM" (en), "2026. 3. 14. 오후 2:30" (ko)."""
    locale = _locale(language)
    if timezone.is_aware(value):
        value = value.astimezone(_zone(zone))
    date_text = format_date(value.date(), "medium", locale=locale)
    time_text = format_time(value, "short", locale=locale)
    return get_datetime_format("medium", locale=locale).replace("{1}", date_text).replace("{0}", time_text)


def _parse_phone(raw: str):
    from medhub.core.phones import DEFAULT_REGION

    try:
        number = phonenumbers.parse((raw or "").strip(), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def phone_international(raw: str) -> str:
    """A stored number shown in international form ("+82 10-1234-5678"); a number that cannot
    be read (entered before numbers were checked) is shown as it was typed."""
    number = _parse_phone(raw)
    if number is None:
        return (raw or "").strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_uri(raw: str) -> str:
    """The tel: URI of a number (RFC 3966), or "" when it cannot be read."""
    number = _parse_phone(raw)
    if number is None:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def korean_address(address) -> str:
    """The Korean-script address of a translated address field (what a taxi driver reads),
    else whatever text it has."""
    if isinstance(address, dict):
        return (address.get("ko") or next((v for v in address.values() if v), "") or "").strip()
    return (address or "").strip()


def map_url(*, address="", name: str = "", lat: float | None = None, lng: float | None = None) -> str:
    """A link to a map: a pin at the coordinates when known (MEDHUB_MAP_PIN_URL), otherwise a
    search for the Korean address (MEDHUB_MAP_URL). Empty when there is nothing to look up.
    Kakao Map by default; see decision 0016."""
    query = korean_address(address)
    if lat is not None and lng is not None:
        label = (name or query or "").replace(",", " ").strip() or f"{lat:.6f} {lng:.6f}"
        return settings.MEDHUB_MAP_PIN_URL.format(
            name=quote(label, safe=""), lat=f"{float(lat):.6f}", lng=f"{float(lng):.6f}", query=quote(query, safe="")
        )
    if not query:
        return ""
    return settings.MEDHUB_MAP_URL.format(query=quote(query, safe=""))


def place_map_url(place, language: str | None = None) -> str:
    """``map_url`` for anything with an ``address`` and, optionally, ``lat``, ``lng`` and a
    translated ``name`` (an organization, the hub's settings)."""
    from medhub.core.i18n import pick

    name = getattr(place, "name", "")
    if isinstance(name, dict):
        name = name.get("ko") or pick(name, language)
    return map_url(
        address=getattr(place, "address", ""),
        name=name or "",
        lat=getattr(place, "lat", None),
        lng=getattr(place, "lng", None),
    )
