"""Numbers, dates, times, phones and map links written the reader's way (core/formats.py and
the template filters). Expected strings are written out here, from CLDR as Babel ships it, so
that a change in the data or in our code is seen."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from medhub.core.formats import (
    format_amount,
    format_date_local,
    format_datetime_local,
    format_number,
    format_time_local,
    map_url,
    phone_international,
    phone_uri,
)
from medhub.core.models import HubSettings

NBSP, NNBSP, RLM = "\xa0", "\u202f", "\u200f"
# 01:30 UTC is 10:30 in Seoul and 06:30 in Almaty.
INSTANT = datetime.datetime(2026, 3, 14, 1, 30, tzinfo=datetime.UTC)
DAY = datetime.date(2026, 3, 14)


@pytest.mark.parametrize(
    ("language", "krw", "usd"),
    [
        ("ko", "₩1,950,000", "US$1,234.50"),
        ("ru", f"1{NBSP}950{NBSP}000{NBSP}₩", f"1{NBSP}234,50{NBSP}$"),
        ("ar", f"{RLM}1,950,000{NBSP}₩", f"{RLM}1,234.50{NBSP}US$"),
        ("en", "₩1,950,000", "$1,234.50"),
    ],
)
def test_money_whole_won_and_cents_per_locale(language, krw, usd):
    assert format_amount(1_950_000, "KRW", language) == krw  # no decimals for won
    assert format_amount(1234.5, "USD", language) == usd


@pytest.mark.parametrize(
    ("language", "whole", "fraction"),
    [
        ("ko", "1,950,000", "1,234.5"),
        ("ru", f"1{NBSP}950{NBSP}000", f"1{NBSP}234,5"),
        ("ar", "1,950,000", "1,234.5"),
        ("en", "1,950,000", "1,234.5"),
    ],
)
def test_numbers_group_per_locale(language, whole, fraction):
    assert format_number(1_950_000, language) == whole
    assert format_number(1234.5, language) == fraction


@pytest.mark.parametrize(
    ("language", "date", "full", "seoul", "almaty_time"),
    [
        ("ko", "2026. 3. 14.", "2026년 3월 14일 토요일", "2026. 3. 14. 오전 10:30", "오전 6:30"),
        ("ru", f"14 мар. 2026{NNBSP}г.", f"суббота, 14 марта 2026{NNBSP}г.", f"14 мар. 2026{NNBSP}г., 10:30", "06:30"),
        ("ar", f"14{RLM}/03{RLM}/2026", "السبت، 14 مارس 2026", f"14{RLM}/03{RLM}/2026، 10:30 ص", "6:30 ص"),
        ("en", "Mar 14, 2026", "Saturday, March 14, 2026", f"Mar 14, 2026, 10:30{NNBSP}AM", f"6:30{NNBSP}AM"),
    ],
)
def test_dates_and_times_per_locale_and_zone(language, date, full, seoul, almaty_time):
    assert format_date_local(DAY, language) == date
    assert format_date_local(DAY, language, style="full") == full
    assert format_datetime_local(INSTANT, language, zone="Asia/Seoul") == seoul
    assert format_time_local(INSTANT, language, zone="Asia/Almaty") == almaty_time


def test_filters_use_the_active_language_and_time_zone():
    template = Template(
        "{% load medhub tz %}{{ a|money:'KRW' }}|{{ n|number }}|{{ d|date_local }}|{{ t|datetime_local }}|"
        "{% timezone 'Asia/Almaty' %}{{ t|time_local }}{% endtimezone %}|{{ t|datetime_local:'Asia/Almaty' }}|{{ none|number }}"
    )
    context = Context({"a": 1_950_000, "n": 12345, "d": DAY, "t": INSTANT, "none": None})
    with translation.override("ru"), timezone.override("Asia/Seoul"):
        assert template.render(context) == (
            f"1{NBSP}950{NBSP}000{NBSP}₩|12{NBSP}345|14 мар. 2026{NNBSP}г.|14 мар. 2026{NNBSP}г., 10:30|06:30|"
            f"14 мар. 2026{NNBSP}г., 06:30|"
        )
    with translation.override("en"), timezone.override("Asia/Seoul"):
        assert template.render(context) == (
            f"₩1,950,000|12,345|Mar 14, 2026|Mar 14, 2026, 10:30{NNBSP}AM|6:30{NNBSP}AM|Mar 14, 2026, 6:30{NNBSP}AM|"
        )


def test_a_date_near_midnight_is_the_local_date():
    late = datetime.datetime(2026, 3, 14, 20, 0, tzinfo=datetime.UTC)  # 05:00 on the 15th in Seoul
    with timezone.override("Asia/Seoul"):
        assert format_date_local(late, "en") == "Mar 15, 2026"
    with timezone.override("UTC"):
        assert format_date_local(late, "en") == "Mar 14, 2026"


def test_phones_in_international_form_with_tel_links():
    assert phone_international("010-1234-5678") == "+82 10-1234-5678"
    assert phone_international("+82220001000") == "+82 2-2000-1000"
    assert phone_international("+77272581234") == "+7 7272 58 12 34"  # Almaty, grouped as Kazakhstan does
    assert phone_uri("02-2000-1000") == "tel:+82220001000"
    # A number stored before numbers were checked is shown as typed, without a link.
    assert phone_international("ask at the desk") == "ask at the desk" and phone_uri("ask at the desk") == ""
    html = Template("{% load medhub %}{{ p|phone_link }}|{{ q|phone_link }}|{{ p|phone }}").render(
        Context({"p": "+821012345678", "q": "<b>call us</b>"})
    )
    assert html == (
        '<a href="tel:+821012345678" dir="ltr" class="tel">+82 10-1234-5678</a>|'
        '<bdi dir="ltr">&lt;b&gt;call us&lt;/b&gt;</bdi>|+82 10-1234-5678'
    )


class Place:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def test_map_links_pin_coordinates_or_search_the_korean_address():
    address = {"ko": "서울특별시 강남구 테헤란로 1", "en": "1 Teheran-ro, Gangnam-gu, Seoul"}
    assert map_url(address=address, name="소라, 피부과", lat=37.5, lng=127.03) == (
        "https://map.kakao.com/link/map/%EC%86%8C%EB%9D%BC%20%20%ED%94%BC%EB%B6%80%EA%B3%BC,37.500000,127.030000"
    )
    assert map_url(address=address) == (
        "https://map.kakao.com/link/search/"
        "%EC%84%9C%EC%9A%B8%ED%8A%B9%EB%B3%84%EC%8B%9C%20%EA%B0%95%EB%82%A8%EA%B5%AC%20%ED%85%8C%ED%97%A4%EB%9E%80%EB%A1%9C%201"
    )
    assert map_url(address={}) == ""
    with override_settings(MEDHUB_MAP_URL="https://www.openstreetmap.org/search?query={query}"):
        assert map_url(address={"en": "Myeongdong"}) == "https://www.openstreetmap.org/search?query=Myeongdong"
    clinic = Place(name={"en": "Sora Clinic", "ko": "소라의원"}, address=address, lat=None, lng=None)
    with translation.override("ar"):
        html = Template("{% load medhub %}{% map_link p %}").render(Context({"p": clinic}))
    assert html.startswith('<a href="https://map.kakao.com/link/search/%EC%84%9C') and 'rel="noopener noreferrer"' in html
    assert Template("{% load medhub %}[{% map_link p %}]").render(Context({"p": None})) == "[]"


@pytest.mark.django_db
def test_hub_phones_are_checked_and_stored_in_e164():
    hub = HubSettings(name={"en": "Hub"}, languages=["en"], default_language="en", default_currency="USD")
    hub.contact_phone, hub.emergency_phone = "02-2000-1000", "010 2000 1119"
    hub.full_clean()
    assert (hub.contact_phone, hub.emergency_phone) == ("+82220001000", "+821020001119")
    hub.emergency_phone = "12345"
    with pytest.raises(ValidationError) as refused:
        hub.full_clean()
    assert "emergency_phone" in refused.value.message_dict
