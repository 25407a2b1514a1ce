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
