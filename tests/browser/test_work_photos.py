"""The institution staff's photo page, looked at: with photos of the clinic and of a treatment,
and after a refused fake image (the typed alt text kept), at 360 and 1366 px in Korean, Russian
and Arabic. No sideways scrolling; screenshots under test-output/screenshots/ (work-photos-*)."""

import pytest

from medhub.accounts.models import Role
from medhub.directory import services
from medhub.directory.models import Offering
from tests.browser.test_staff_at_work import session_context
from tests.cases.conftest import make_user
from tests.directory.test_photos import png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALT = {"ko": "밝은 대기실", "ru": "Светлая приёмная", "ar": "غرفة انتظار مشرقة", "en": "The bright waiting room"}


@pytest.fixture
def photo_dirs(settings, tmp_path):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "public-photos"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }


def test_the_photo_page_at_work(browser, live_server, live_directory, screenshot, photo_dirs):
    derm = live_directory["derm"]
    staff = make_user("derm-photos", Role.PROVIDER_STAFF, derm)
    services.photo_add(target=derm, upload=png(), alt=ALT)
    services.photo_add(
        target=Offering.objects.get(slug="sora-laser-toning"), upload=png((900, 1200), "laser.png"), alt={"en": "Laser room"}
    )
    context = session_context(browser, live_server.url, staff)
    page = context.new_page()
    for width in (360, 1366):
        page.set_viewport_size({"width": width, "height": 800 if width < 500 else 900})
        for lang in ("ko", "ru", "ar"):
            response = page.goto(f"{live_server.url}/{lang}/work/photos/")
            assert response is not None and response.status == 200
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            assert page.locator("picture.photo-thumb").count() == 2
            screenshot(page, f"work-photos-{lang}-{width}")
            assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
            # A text file pretending to be a photo: refused, in the page's language, the alt text kept.
            page.fill(f"#id_alt_{lang}", ALT[lang])
            page.fill("#id_alt_en", ALT["en"])
            page.set_input_files(
                "#id_upload", files=[{"name": "holiday.jpg", "mimeType": "image/jpeg", "buffer": b"only text\n" * 50}]
            )
            with page.expect_navigation():
                page.click("form.photo-form button[type=submit]")
            assert page.locator(".alert-error").count() == 1
            assert page.input_value(f"#id_alt_{lang}") == ALT[lang]
            screenshot(page, f"work-photos-refused-{lang}-{width}")
            assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    context.close()
