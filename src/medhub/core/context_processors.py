from django.utils import translation

from medhub.core.i18n import pick
from medhub.core.selectors import hub_languages, hub_settings


def hub(request):
    from medhub.core.money import visitor_currency
    from medhub.core.selectors import latest_rates

    settings_row = hub_settings()
    return {
        "currency": visitor_currency(request),
        "currencies": ["KRW", *sorted(latest_rates())],
        "hub": settings_row,
        "hub_name": pick(settings_row.name) or "medhub",
        "hub_languages": hub_languages(),
        "LANGUAGE_BIDI": translation.get_language_bidi(),
    }
