"""Country names and amounts come from CLDR (Babel) in the reader's language."""

from django.utils import translation

from medhub.core.countries import country_choices, country_codes, country_name
from medhub.core.money import PriceRange, format_amount
from medhub.core.selectors import Rate

LANGUAGES = ["ko", "en", "zh-hans", "ja", "ru", "mn", "kk", "vi", "th", "ar"]


def test_every_iso_country_and_no_region_or_grouping():
    codes = country_codes()
    assert len(codes) == 249
    assert {"KR", "MN", "KZ", "UZ", "VN", "TH", "SA", "CN", "TW", "AQ"} <= codes
    assert not codes & {"EU", "UN", "ZZ", "001", "150", "XK", "XA"}


def test_country_names_in_each_ui_language():
    expected = {"ko": "몽골", "en": "Mongolia", "zh-hans": "蒙古", "ja": "モンゴル", "ru": "Монголия", "mn": "Монгол"}
    for language, name in expected.items():
        assert country_name("MN", language) == name
    for language in LANGUAGES:
        assert country_name("kz", language) not in ("", "KZ")
    with translation.override("ru"):
        assert country_name("KR") == "Республика Корея"
    assert country_name("ZZ", "en") == "ZZ" and country_name("", "en") == ""


def test_country_choices_sorted_by_the_readers_name():
    choices = country_choices("en")
    assert len(choices) == 249
    names = [name for _code, name in choices]
    assert names == sorted(names)
    assert ("KR", "South Korea") in choices
    assert ("KR", "대한민국") in country_choices("ko")


def test_amounts_written_the_readers_way():
    assert format_amount(1_950_000, "KRW", "en") == "₩1,950,000"
    assert format_amount(1_950_000, "KRW", "ru") == "1\xa0950\xa0000\xa0₩"
    assert format_amount(1_950_000, "KRW", "vi") == "1.950.000\xa0₩"
    assert format_amount(357, "USD", "ko") == "US$357"
    assert format_amount(357, "USD", "en") == "$357"  # whole units: no ".00"
    assert format_amount(52_632, "JPY", "ja") == "￥52,632"
    assert format_amount(100, "CHF", "ru") == "100\xa0CHF"  # a currency we never listed by hand
    with translation.override("kk"):
        assert format_amount(500, "EUR") == "500\xa0€"


def test_price_range_in_active_language():
    prices = PriceRange(80_000, 250_000, Rate("USD", 1400, "2026-11-20"))
    with translation.override("ru"):
        assert prices.krw == "80\xa0000\xa0₩ – 250\xa0000\xa0₩"
        assert prices.converted == "57\xa0$ – 179\xa0$"
    with translation.override("ar"):
        # Each amount carries CLDR's right-to-left mark; isolating each keeps the range readable.
        assert prices.krw == "\u2068\u200f80,000\xa0₩\u2069 – \u2068\u200f250,000\xa0₩\u2069"
