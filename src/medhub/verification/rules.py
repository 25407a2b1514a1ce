"""The legal rules verification checks, each in one place (DOMAIN.md, "Medical Service Act").

Other apps (partners' screening of applications) import these; keep them free of database access.
"""

from __future__ import annotations

import datetime

# Registration of a medical institution or a facilitator is renewed every three years.
REGISTRATION_TERM_YEARS = 3

# Reminders go out this many days before an item expires (and a notice on the day it expires).
REMINDER_DAYS = (90, 30, 7)

# Annual malpractice cover the law asks of a medical institution, by class, in won.
_MINIMUM_COVER_KRW = {
    "clinic": 100_000_000,
    "hospital": 100_000_000,
    "general-hospital": 200_000_000,
    "tertiary-hospital": 200_000_000,
}


def minimum_insurance_cover(institution_class: str) -> int | None:
    """The legal minimum of annual malpractice cover (KRW) for an institution class; None when the class is unknown
    or empty (a facilitator or partner service has no malpractice rule)."""
    return _MINIMUM_COVER_KRW.get(institution_class or "")


def insurance_cover_shortfall(institution_class: str, cover_krw: int | None) -> int:
    """How many won the cover falls short of the legal minimum (0 when it meets it or no rule applies).
    A missing cover counts as nothing."""
    minimum = minimum_insurance_cover(institution_class)
    if minimum is None:
        return 0
    return max(0, minimum - (cover_krw or 0))


def registration_expiry(registered_on: datetime.date) -> datetime.date:
    """The day a registration made on `registered_on` expires: three years on (29 February -> 28 February)."""
    try:
        return registered_on.replace(year=registered_on.year + REGISTRATION_TERM_YEARS)
    except ValueError:
        return registered_on.replace(year=registered_on.year + REGISTRATION_TERM_YEARS, day=28)
