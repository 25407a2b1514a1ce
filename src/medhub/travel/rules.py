"""Visa rules, kept apart from the writes so that pages, the API and tests share them."""

from medhub.travel.models import C33_MAX_DAYS, Entries, EntryRestriction, VisaType

# A G-1-10 visa covers treatment of up to a year.
G110_MAX_DAYS = 365

ENTRY_ORDER = [Entries.SINGLE, Entries.DOUBLE, Entries.MULTIPLE]


def suggested_visa(stay_days: int) -> str:
    """C-3-3 for stays up to 90 days, G-1-10 beyond (DOMAIN.md, Visas)."""
    return VisaType.C33 if stay_days <= C33_MAX_DAYS else VisaType.G110


def allowed_entries(visa_type: str, nationality: str) -> list[str]:
    """The entry options a visa may carry for this nationality. G-1-10 is multiple entry; a
    C-3-3 for a nationality on the administrator's restriction list stops at single or double."""
    if visa_type == VisaType.G110:
        return [Entries.MULTIPLE]
    restriction = EntryRestriction.objects.filter(nationality=nationality.upper()).values_list("max_entries", flat=True).first()
    if restriction is None:
        return list(ENTRY_ORDER)
    return ENTRY_ORDER[: ENTRY_ORDER.index(restriction) + 1]
