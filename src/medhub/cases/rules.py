"""Rules of the trade that a hub may configure: the legal cap on facilitator commission.

Korea's cap (in force since 2017-02-15) is a share of the patient's total medical fee by the
institution's class; another country's hub sets its own in MEDHUB_COMMISSION_CAPS.
"""

from decimal import Decimal

from django.conf import settings

DEFAULT_COMMISSION_CAPS = {
    "clinic": Decimal("30"),
    "hospital": Decimal("20"),
    "general-hospital": Decimal("20"),
    "tertiary-hospital": Decimal("15"),
}


def commission_cap(institution_class: str) -> Decimal:
    caps = {**DEFAULT_COMMISSION_CAPS, **{k: Decimal(str(v)) for k, v in getattr(settings, "MEDHUB_COMMISSION_CAPS", {}).items()}}
    return caps.get(institution_class, min(caps.values()))
