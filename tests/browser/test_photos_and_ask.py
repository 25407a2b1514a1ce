"""Photos and "Ask for a quote" in a real browser: institution, offering and search pages with
photos at 360 and 1366 px in Korean, Russian and Arabic (no sideways scroll, the photo actually loads, a
screenshot kept as test-output/screenshots/h6-<page>-<lang>-<width>.png), and the inquiry form's
specialty suggestion while the patient types."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from medhub.demo.photos import badge_picture, building_picture, pattern_picture
from medhub.directory import services
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
FIRST_PHOTO_LOADED = """() => { const img = document.querySelector("picture img");
    return !!img && img.complete && img.naturalWidth > 0 && !!img.currentSrc; }"""


@pytest.fixture
def photo_dirs(settings, tmp_path):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "photos"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }


def _jpeg(name, data):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture
def pictured(live_directory, photo_dirs):
    derm = live_directory["derm"]
    services.photo_add(
        target=derm,
        upload=_jpeg("sora.jpg", building_picture(1, derm.name)),
        alt={
            "ko": "소라 피부과 건물 그림",
            "ru": "Рисунок здания клиники Сора",
            "ar": "رسم لمبنى عيادة سورا",
            "en": "Sora building",
        },
    )
    offering = derm.offerings.get()
    services.photo_add(target=offering, upload=_jpeg("laser.jpg", pattern_picture(2)), alt={"en": "Abstract pattern"})
    services.photo_add(target=derm.practitioners.get(), upload=_jpeg("dr.jpg", badge_picture(3, {"en": "Kim Minji"})))
    return live_directory


@pytest.mark.parametrize("lang", ["ko", "ru", "ar"])
def test_institution_and_offering_pages_with_photos_fit_every_width(browser, live_server, pictured, screenshot, lang):
    for width, viewport in ((360, {**PHONE, "width": 360}), (1366, DESKTOP)):
        context = browser.new_context(viewport=viewport, locale=lang)
        page = context.new_page()
        for name, path in (
            ("institution", "institutions/sora-dermatology/"),
            ("offering", "offerings/sora-laser-toning/"),
            ("search", "search/?specialty=dermatology"),
        ):
            page.goto(f"{live_server.url}/{lang}/{path}")
            page.wait_for_load_state("load")
            assert page.evaluate(NO_SIDEWAYS), (name, lang, width)
            page.wait_for_function(FIRST_PHOTO_LOADED)
            # The browser picked a copy that fits: never the 1280 px one on a phone.
            src = page.evaluate('() => document.querySelector("picture img").currentSrc')
            assert src.endswith(".webp"), src
            if width == 360:
                assert "-1280." not in src, src
            assert page.locator("a[href*='/inquiry/?']").count() >= 1
            if lang == "ar":
                assert page.evaluate("() => document.documentElement.dir") == "rtl"
            screenshot(page, f"h6-{name}-{lang}-{width}")
        context.close()


def test_the_inquiry_form_suggests_the_specialty_as_the_patient_types(browser, live_server, live_directory):
    derm = live_directory["specialties"]["dermatology"]
    context = browser.new_context(viewport=PHONE, locale="ru")
    page = context.new_page()
    page.goto(f"{live_server.url}/ru/inquiry/?institution=sora-dermatology")
    assert "Клиника дерматологии Сора" in page.locator(".asked-about").inner_text()
    page.fill("#id_problem", "Беспокоят прыщи и пигментация на коже, хочу к дерматологу")
    suggestion = page.locator("#specialty-suggestion")
    suggestion.wait_for(state="visible", timeout=10_000)
    assert "Дерматология" in suggestion.inner_text()
    suggestion.locator("button").click()
    assert page.eval_on_selector("#id_specialty", "el => el.value") == str(derm.pk)
    assert suggestion.is_hidden()
    context.close()
