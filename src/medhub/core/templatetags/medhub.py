from django import template
from django.urls import translate_url
from django.utils import translation

from medhub.core.i18n import languages_from_db, pick, pick_language
from medhub.core.money import format_amount, price_range

register = template.Library()


@register.filter
def tr(values, language=None):
    """The translated value of a content field in the active language, with fallback."""
    return pick(values, language)


@register.filter
def tr_lang(values):
    """The language the shown value is really in (for a lang attribute on fallback text)."""
    return pick_language(values, translation.get_language()) or translation.get_language()


@register.filter
def language_names(value):
    codes = languages_from_db(value) if isinstance(value, str) else list(value or [])
    return [translation.get_language_info(code)["name_local"] for code in codes]


@register.filter
def krw(amount):
    return format_amount(int(amount), "KRW") if amount is not None else ""


@register.filter
def money(amount, currency):
    """An amount in a currency, written the reader's way (CLDR): ``{{ total|money:currency }}``."""
    return format_amount(amount, currency) if amount not in (None, "") else ""


@register.simple_tag(takes_context=True)
def prices(context, low, high):
    return price_range(low, high, context.get("currency", "KRW"))


@register.simple_tag(takes_context=True)
def url_in_language(context, code):
    request = context["request"]
    return request.build_absolute_uri(translate_url(request.get_full_path(), code))


@register.filter
def country(code):
    """A country's name in the active language, from its ISO code."""
    from medhub.core.countries import country_name

    return country_name(code)


# Numbers, dates, times, phones and maps the reader's way (core/formats.py, decision 0016).


@register.filter
def number(value):
    """``{{ n|number }}``: "1,950,000" in English, "1 950 000" in Russian."""
    from medhub.core.formats import format_number

    if value in (None, ""):
        return ""
    try:
        return format_number(value)
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def date_local(value, style="medium"):
    """``{{ d|date_local }}`` (or ``:"long"``): the date in the active language; a datetime is
    read in the current time zone (``{% timezone %}`` blocks included)."""
    from medhub.core.formats import format_date_local

    return format_date_local(value, style=style) if value else ""


@register.filter
def datetime_local(value, zone=None):
    """``{{ dt|datetime_local }}`` in the current time zone, ``{{ dt|datetime_local:case.time_zone }}``
    in another: date and time without seconds, in the active language."""
    from medhub.core.formats import format_datetime_local

    return format_datetime_local(value, zone=zone or None) if value else ""


@register.filter
def time_local(value, zone=None):
    """``{{ dt|time_local }}``: the time of day ("2:30 PM", "14:30"), current or given time zone."""
    from medhub.core.formats import format_time_local

    return format_time_local(value, zone=zone or None) if value else ""


@register.filter
def phone(value):
    """``{{ number|phone }}``: a stored phone number in international form, "+82 2-1234-5678"."""
    from medhub.core.formats import phone_international

    return phone_international(value) if value else ""


@register.filter
def phone_link(value):
    """``{{ number|phone_link }}``: the number in international form as a tel: link, kept
    left to right inside right-to-left text."""
    from django.utils.html import format_html

    from medhub.core.formats import phone_international, phone_uri

    if not value:
        return ""
    uri = phone_uri(value)
    if not uri:
        return format_html('<bdi dir="ltr">{}</bdi>', phone_international(value))
    return format_html('<a href="{}" dir="ltr" class="tel">{}</a>', uri, phone_international(value))


@register.filter
def map_url(place):
    """``{{ organization|map_url }}``: a map link for a place's Korean address, pinned at its
    coordinates when known (MEDHUB_MAP_URL / MEDHUB_MAP_PIN_URL)."""
    from medhub.core.formats import place_map_url

    return place_map_url(place) if place else ""


@register.simple_tag
def map_link(place, label=""):
    """``{% map_link organization %}``: an outgoing link, "Map", to the place on the map."""
    from django.utils.html import format_html
    from django.utils.translation import gettext

    from medhub.core.formats import place_map_url

    url = place_map_url(place) if place else ""
    if not url:
        return ""
    return format_html(
        '<a href="{}" class="map-link" rel="noopener noreferrer" target="_blank">{}</a>', url, label or gettext("Map")
    )
