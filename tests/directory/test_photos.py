"""Faces and photos: uploaded through the admin and the API, checked by content, resized into
public WebP and JPEG copies, shown lazily with srcset and alt text in the reader's language."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.core.models import LogEntry
from medhub.directory import services
from medhub.directory.models import Photo
from medhub.directory.photos import public_root
from tests.cases.conftest import make_user
from tests.conftest import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _photo_dirs(settings, tmp_path):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "public-photos"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }
    return tmp_path


def png(size=(1400, 900), name="clinic.png") -> SimpleUploadedFile:
    image = Image.new("RGB", size, (30, 120, 160))
    for x in range(0, size[0], 50):  # something to compress
        image.paste((240, 200, 80), (x, 0, x + 20, size[1]))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def fake_jpeg() -> SimpleUploadedFile:
    return SimpleUploadedFile("holiday.jpg", b"This is only text pretending to be a photo.\n" * 20, content_type="image/jpeg")


def staff_api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return api


ALT = {"en": "The clinic's bright waiting room", "ru": "Светлая приёмная клиники", "ar": "غرفة انتظار العيادة"}


def test_an_institutions_staff_upload_a_real_png_and_its_copies_are_made(directory, _photo_dirs):
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    response = staff_api(staff).post(
        "/api/v1/photos/",
        {"institution": "sora-dermatology", "file": png(), **{f"alt_{k}": v for k, v in ALT.items()}},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 201, response.content
    photo = Photo.objects.get()
    assert photo.organization == directory["derm"] and photo.sizes == [320, 640, 1280]
    assert (photo.width, photo.height) == (1400, 900)
    copies = sorted(p.name for p in public_root().iterdir())
    assert copies == sorted(f"{photo.key}-{w}.{ext}" for w in (320, 640, 1280) for ext in ("webp", "jpg"))
    with Image.open(public_root() / f"{photo.key}-640.webp") as copy:
        assert copy.format == "WEBP" and copy.size == (640, 411)
    with Image.open(public_root() / f"{photo.key}-320.jpg") as copy:
        assert copy.format == "JPEG" and copy.size == (320, 206)
    # The original is private: stored outside the public folder, under the private storage.
    assert (_photo_dirs / "private" / photo.original.name).is_file()
    assert not any(p.name == photo.checksum for p in public_root().iterdir())
    assert LogEntry.objects.filter(action="directory.photo.added", actor=staff).exists()
    assert response.json()["alt"] == ALT["ru"]


def test_the_pages_show_the_photo_lazily_with_srcset_and_alt_in_russian(client, directory):
    services.photo_add(target=directory["derm"], upload=png(), alt=ALT)
    services.photo_add(target=directory["derm"], upload=png((800, 800), "second.png"), alt={"ru": "Кабинет врача"})
    page = client.get("/ru/institutions/sora-dermatology/").content.decode()
    pictures = re.findall(r"<picture.*?</picture>", page)
    assert len(pictures) == 2
    first, second = pictures
    assert 'type="image/webp"' in first and "-320.webp 320w" in first and "-1280.webp 1280w" in first
    assert 'width="1400" height="900"' in first and f'alt="{ALT["ru"]}"' in first
    assert 'loading="eager"' in first  # the first screen's photo
    assert 'loading="lazy"' in second and 'alt="Кабинет врача"' in second and "-640.jpg 640w" in second
    # Search cards show the first photo, lazily, from the index.
    card = client.get("/ru/search/", {"q": "дерматология"}).content.decode()
    assert 'loading="lazy"' in card and f'alt="{ALT["ru"]}"' in card and "srcset=" in card
    # In Arabic the alt text is Arabic.
    assert f'alt="{ALT["ar"]}"' in client.get("/ar/institutions/sora-dermatology/").content.decode()
    # The copies are served, cached for good; a made-up name is not.
    name = re.search(r'src="/photos/([^"]+)"', first)[1]
    served = client.get(f"/photos/{name}")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert "immutable" in served["Cache-Control"]
    assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client.get("/photos/../../settings.py").status_code == 404
    assert client.get("/photos/0123456789abcdef0123-640.jpg").status_code == 404


def test_offering_and_doctor_photos_and_the_api(client, directory):
    offering = directory["derm"].offerings.get()
    doctor = directory["derm"].practitioners.get()
    services.photo_add(target=offering, upload=png((500, 300)), alt={"en": "Laser device", "ru": "Лазерный аппарат"})
    services.photo_add(target=doctor, upload=png((300, 300)), alt={"en": "Portrait drawing"})
    page = client.get("/ru/offerings/sora-laser-toning/").content.decode()
    assert 'alt="Лазерный аппарат"' in page and "-320.webp 320w" in page and "1280w" not in page
    assert 'alt="Portrait drawing"' in client.get("/en/institutions/sora-dermatology/").content.decode()
    api = APIClient()
    item = api.get("/api/v1/offerings/sora-laser-toning/", {"lang": "ru"}).json()
    assert item["photos"][0]["alt"] == "Лазерный аппарат" and "320w" in item["photos"][0]["srcset_webp"]
    # A photo smaller than the smallest width keeps its own width.
    doctors = api.get("/api/v1/practitioners/", {"lang": "en"}).json()["results"]
    assert doctors[0]["photos"][0]["srcset_jpeg"].endswith("-300.jpg 300w")
    assert api.get("/api/v1/institutions/sora-dermatology/").json()["photos"] == []


@pytest.mark.parametrize("backend", ["memory", "database"])
def test_search_results_carry_the_first_photo_in_the_api_without_a_query_per_card(directory, settings, backend):
    settings.MEDHUB_SEARCH_BACKEND = backend
    settings.MEDHUB_SEARCH_ANSWERS = 0
    services.photo_add(target=directory["derm"], upload=png(), alt=ALT)
    services.photo_add(target=directory["derm"], upload=png((600, 400)), alt={"en": "Second"})
    services.photo_add(target=directory["dental"], upload=png((600, 400)), alt={"en": "Dental chair"})
    api = APIClient()
    api.get("/api/v1/institutions/")
    with CaptureQueriesContext(connection) as queries:
        results = api.get("/api/v1/institutions/", {"lang": "en"}).json()["results"]
    by_slug = {r["slug"]: r for r in results}
    assert [p["alt"] for p in by_slug["sora-dermatology"]["photos"]] == [ALT["en"]]
    assert by_slug["miso-dental"]["photos"][0]["alt"] == "Dental chair"
    assert by_slug["haneul-spine"]["photos"] == []
    assert not any("directory_photo" in q["sql"] for q in queries.captured_queries) or backend == "database"


def test_a_text_file_named_jpg_is_refused_through_the_api(directory):
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    response = staff_api(staff).post(
        "/api/v1/photos/",
        {"institution": "sora-dermatology", "file": fake_jpeg()},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",  # the API speaks Korean unless asked otherwise
    )
    assert response.status_code == 400
    assert "is not a JPEG, PNG or WebP image" in response.json()["file"][0]
    assert "holiday.jpg" in response.json()["file"][0]
    assert (not Photo.objects.exists() and not public_root().exists()) or not any(public_root().iterdir())


@pytest.mark.parametrize(
    "payload",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        b"%PDF-1.4\n%fake",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature and nothing that decodes
    ],
)
def test_other_files_and_broken_images_are_refused(directory, payload):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.photo_add(target=directory["derm"], upload=SimpleUploadedFile("x.png", payload, content_type="image/png"))
    assert not Photo.objects.exists()


def test_only_the_institutions_own_staff_or_the_hub_manage_its_photos(directory):
    other = make_user("dental-staff", Role.PROVIDER_STAFF, directory["dental"])
    refused = staff_api(other).post("/api/v1/photos/", {"institution": "sora-dermatology", "file": png()}, format="multipart")
    assert refused.status_code == 404
    offering = staff_api(other).post("/api/v1/photos/", {"offering": "sora-laser-toning", "file": png()}, format="multipart")
    assert offering.status_code == 404
    patient = make_user("pat", Role.PATIENT)
    assert staff_api(patient).post("/api/v1/photos/", {"institution": "sora-dermatology", "file": png()}).status_code == 404
    assert APIClient().post("/api/v1/photos/", {"institution": "sora-dermatology", "file": png()}).status_code in (401, 403)
    coordinator = make_user("coord", Role.COORDINATOR)
    both = staff_api(coordinator).post(
        "/api/v1/photos/", {"institution": "sora-dermatology", "offering": "sora-laser-toning", "file": png()}
    )
    assert both.status_code == 400
    ok = staff_api(coordinator).post("/api/v1/photos/", {"offering": "sora-laser-toning", "file": png()}, format="multipart")
    assert ok.status_code == 201
    assert not Photo.objects.filter(organization=directory["derm"]).exists()


def test_removing_a_photo_removes_its_files(directory, django_capture_on_commit_callbacks, _photo_dirs):
    photo = services.photo_add(target=directory["derm"], upload=png(), alt=ALT)
    original = _photo_dirs / "private" / photo.original.name
    assert original.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_remove(photo=photo)
    assert not any(public_root().iterdir()) and not original.exists()
    assert LogEntry.objects.filter(action="directory.photo.removed").exists()


def test_metadata_is_not_copied_and_orientation_is_applied(directory):
    image = Image.new("RGB", (400, 800), (10, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: shown as 800 × 400
    exif[0x010F] = "Secret Camera Maker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    photo = services.photo_add(
        target=directory["derm"], upload=SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")
    )
    assert (photo.width, photo.height) == (800, 400)
    copy = (public_root() / f"{photo.key}-640.jpg").read_bytes()
    assert b"Secret Camera Maker" not in copy


# -- The admin ------------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The fields a browser would send from the admin's change form, as they are on the page."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, object] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.data[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def admin_form(client, url) -> dict:
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return parser.data


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_admin_adds_a_photo_and_refuses_a_fake_one(client, admin_user, directory, lang):
    client.force_login(admin_user)
    offering = directory["derm"].offerings.get()
    url = f"/{lang}/admin/directory/offering/{offering.pk}/change/"
    data = admin_form(client, url)
    assert data["photos-TOTAL_FORMS"] == "0"
    data.update(
        {"photos-TOTAL_FORMS": "1", "photos-0-position": "0", "photos-0-alt_ru": "Аппарат", "photos-0-upload": fake_jpeg()}
    )
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "holiday.jpg" in refused.content.decode() and "errorlist" in refused.content.decode()
    assert not Photo.objects.exists()
    data["photos-0-upload"] = png()
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    photo = Photo.objects.get()
    assert photo.offering == offering and photo.alt == {"ru": "Аппарат"} and photo.sizes == [320, 640, 1280]
    page = client.get("/ru/offerings/sora-laser-toning/").content.decode()
    assert 'alt="Аппарат"' in page and "srcset=" in page
