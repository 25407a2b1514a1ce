"""Rules of the trade that a hub may configure: the legal cap on facilitator commission.

Korea's cap (in force since 2017-02-15) is a share of the patient's total medical fee by the
institution's class; another country's hub sets its own in MEDHUB_COMMISSION_CAPS.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# The currencies a quote or a budget may be in, whatever the door.
CURRENCIES = ["KRW", "USD", "EUR", "JPY", "CNY", "RUB", "MNT", "KZT", "VND", "THB", "AED"]

DEFAULT_COMMISSION_CAPS = {
    "clinic": Decimal("30"),
    "hospital": Decimal("20"),
    "general-hospital": Decimal("20"),
    "tertiary-hospital": Decimal("15"),
}


def commission_cap(institution_class: str) -> Decimal:
    caps = {**DEFAULT_COMMISSION_CAPS, **{k: Decimal(str(v)) for k, v in getattr(settings, "MEDHUB_COMMISSION_CAPS", {}).items()}}
    return caps.get(institution_class, min(caps.values()))


def check_contact(messenger: str, handle: str) -> None:
    """A messenger chosen needs the patient's ID on it, or the hub cannot write there."""
    if messenger and not (handle or "").strip():
        raise ValidationError({"messenger_handle": _("Add your ID for this messenger, or choose none.")})


def check_currency(code: str, *, field: str = "currency") -> None:
    if code not in CURRENCIES:
        raise ValidationError({field: _("Choose one of the currencies the hub works in.")})


def check_valid_until(day: datetime.date) -> None:
    if _as_date(day) < timezone.localdate():
        raise ValidationError({"valid_until": _("A quote must be valid until today or later.")})


def _as_date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else (value or None)


def check_desired_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    """The dates a patient could come: not in the past, the latest not before the earliest."""
    start, end = _as_date(start), _as_date(end)
    today = timezone.localdate()
    errors = {}
    if start and start < today:
        errors["desired_from"] = _("This date is in the past.")
    if end and end < today:
        errors["desired_to"] = _("This date is in the past.")
    elif start and end and end < start:
        errors["desired_to"] = _("The latest date cannot be before the earliest date.")
    if errors:
        raise ValidationError(errors)
