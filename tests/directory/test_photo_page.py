"""Institution staff manage their photos from their workspace (/work/photos/), not only by API:
they see their institution's, offerings' and doctors' photos, add one (checked by content, alt
text in their language and English, and optionally in the eight other languages) and remove one
(confirmed). Nobody else gets in."""

import re

import pytest
from django.utils import translation
from django.utils.html import escape

from medhub.accounts.models import Role
from medhub.core.models import LogEntry
from medhub.directory import services
from medhub.directory.models import Offering, Photo
from medhub.directory.photos import _not_a_photo
from tests.cases.conftest import make_user
from tests.directory.test_photos import _photo_dirs, fake_jpeg, png  # noqa: F401 - the photo folders

pytestmark = pytest.mark.django_db

URL = "/{lang}/work/photos/"


@pytest.fixture
def staff_client(client, directory):
    staff = make_user("derm-photo-staff", Role.PROVIDER_STAFF, directory["derm"])
    client.force_login(staff)
    client.staff = staff
    return client


def test_the_staff_see_their_institutions_photos_and_the_inbox_links_the_page(staff_client, directory):
    offering = Offering.objects.get(slug="sora-laser-toning")
    services.photo_add(target=offering, upload=png(name="laser.png"), alt={"en": "The laser room"})
    other = services.photo_add(target=directory["spine"], upload=png(name="spine.png"), alt={"en": "Someone else's lobby"})
    page = staff_client.get(URL.format(lang="en")).content.decode()
    assert "The laser room" in page and "Someone else&#x27;s lobby" not in page and other.key not in page
    assert 'name="alt_en"' in page and 'name="target"' in page
    assert f'value="offering-{offering.pk}"' in page
    assert 'href="/en/work/photos/"' in staff_client.get("/en/work/inbox/").content.decode()


def test_a_real_photo_is_added_with_alt_text_in_the_staffs_language_and_english(staff_client, directory):
    derm = directory["derm"]
    data = {
        "action": "add",
        "target": f"organization-{derm.pk}",
        "alt_ru": "Светлая приёмная",
        "alt_en": "The bright waiting room",
        "upload": png(),
    }
    response = staff_client.post(URL.format(lang="ru"), data)
    assert response.status_code == 302
    photo = Photo.objects.get(organization=derm)
    assert photo.alt == {"ru": "Светлая приёмная", "en": "The bright waiting room"}
    assert LogEntry.objects.filter(action="directory.photo.added", actor=staff_client.staff).exists()


def test_a_fake_image_is_refused_in_the_staffs_language_keeping_the_alt_text(staff_client, directory):
    data = {
        "action": "add",
        "target": f"organization-{directory['derm'].pk}",
        "alt_ru": "Светлая приёмная",
        "alt_en": "The bright waiting room",
        "upload": fake_jpeg(),
    }
    refused = staff_client.post(URL.format(lang="ru"), data)
    page = refused.content.decode()
    with translation.override("ru"):
        expected = _not_a_photo("holiday.jpg").messages[0]
    assert refused.status_code == 400
    assert expected.startswith("Файл «holiday.jpg»")  # the Russian catalog's words, not the English
    assert escape(expected) in page
    assert 'value="Светлая приёмная"' in page and 'value="The bright waiting room"' in page
    assert not Photo.objects.exists()


def test_alt_text_is_required_in_the_staffs_language_and_english(staff_client, directory):
    data = {"action": "add", "target": f"organization-{directory['derm'].pk}", "alt_en": "Only English", "upload": png()}
    refused = staff_client.post(URL.format(lang="ko"), data)
    assert refused.status_code == 400 and 'value="Only English"' in refused.content.decode()
    assert not Photo.objects.exists()


def test_removing_a_photo_asks_to_confirm(staff_client, directory):
    photo = services.photo_add(target=directory["derm"], upload=png(), alt={"en": "Lobby"})
    asked = staff_client.post(URL.format(lang="en"), {"action": "remove", "photo": photo.pk})
    assert asked.status_code == 200 and 'name="confirmed" value="yes"' in asked.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()
    done = staff_client.post(URL.format(lang="en"), {"action": "remove", "photo": photo.pk, "confirmed": "yes"})
    assert done.status_code == 302 and not Photo.objects.filter(pk=photo.pk).exists()


def test_outsiders_are_refused(client, directory):
    theirs = services.photo_add(target=directory["derm"], upload=png(), alt={"en": "Lobby"})
    url = URL.format(lang="en")
    assert client.get(url).status_code == 302  # sign in first
    for username, role, organization in (
        ("photo-coord", Role.COORDINATOR, None),
        ("photo-hotel", Role.PARTNER_STAFF, directory["hotel"]),
        ("photo-patient", Role.PATIENT, None),
    ):
        client.force_login(make_user(username, role, organization))
        assert client.get(url).status_code == 403, username
        assert client.post(url, {"action": "remove", "photo": theirs.pk, "confirmed": "yes"}).status_code == 403
    spine_staff = make_user("spine-photo-staff", Role.PROVIDER_STAFF, directory["spine"])
    client.force_login(spine_staff)
    assert client.get(url).status_code == 200  # their own institution's page
    refused = client.post(url, {"action": "remove", "photo": theirs.pk, "confirmed": "yes"})
    assert refused.status_code == 404
    derm_target = {"action": "add", "target": f"organization-{directory['derm'].pk}", "alt_en": "x", "upload": png()}
    assert client.post(url, derm_target).status_code == 400  # not one of the choices
    assert Photo.objects.filter(pk=theirs.pk).exists() and Photo.objects.count() == 1


def test_alt_text_is_offered_in_every_language_the_others_folded_away(staff_client, directory):
    from medhub.core.i18n import LANGUAGE_CODES

    page = staff_client.get(URL.format(lang="ru")).content.decode()
    assert len(LANGUAGE_CODES) == 10
    for code in LANGUAGE_CODES:
        assert f'name="alt_{code}"' in page, code
    opened, folded = page.split('<details class="alt-more"', 1)
    folded = folded.split("</details>", 1)[0]
    # The staff's language and English open and required; the eight others inside <details>, optional.
    assert 'name="alt_ru"' in opened and 'name="alt_en"' in opened
    assert 'name="alt_ru"' not in folded and 'name="alt_en"' not in folded
    assert all(f'name="alt_{code}"' in folded for code in LANGUAGE_CODES if code not in ("ru", "en"))
    assert folded.startswith(">")  # closed while nothing is typed there
    arabic = re.search(r'<input[^>]*name="alt_ar"[^>]*>', folded).group(0)
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic and "required" not in arabic


def test_alt_text_in_every_language_is_saved_into_the_translated_field(staff_client, directory):
    derm = directory["derm"]
    alt = {"ru": "Светлая приёмная", "en": "The bright waiting room", "ar": "غرفة انتظار مشرقة", "ko": "밝은 대기실", "mn": ""}
    data = {"action": "add", "target": f"organization-{derm.pk}", "upload": png(), **{f"alt_{k}": v for k, v in alt.items()}}
    assert staff_client.post(URL.format(lang="ru"), data).status_code == 302
    photo = Photo.objects.get(organization=derm)
    assert photo.alt == {
        "ru": "Светлая приёмная",
        "en": "The bright waiting room",
        "ar": "غرفة انتظار مشرقة",
        "ko": "밝은 대기실",
    }
    assert 'alt="غرفة انتظار مشرقة"' in staff_client.get("/ar/institutions/sora-dermatology/").content.decode()


def test_a_refused_photo_keeps_the_other_languages_open_and_typed(staff_client, directory):
    data = {
        "action": "add",
        "target": f"organization-{directory['derm'].pk}",
        "alt_ru": "Светлая приёмная",
        "alt_en": "The bright waiting room",
        "alt_ja": "明るい待合室",
        "upload": fake_jpeg(),
    }
    refused = staff_client.post(URL.format(lang="ru"), data)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert '<details class="alt-more" open>' in page and 'value="明るい待合室"' in page
    assert not Photo.objects.exists()
