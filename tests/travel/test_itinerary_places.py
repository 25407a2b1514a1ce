"""The itinerary PDF carries what a patient needs in a taxi or in trouble: each place's name and
address in Korean script, a QR code of its map link, and the hub's emergency contacts."""

import io
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from medhub.core.models import HubSettings
from medhub.core.qr import BORDER, qr_matrix
from medhub.core.selectors import clear_caches
from medhub.directory.models import Organization
from tests.travel.test_itinerary import planned_trip

pytestmark = pytest.mark.django_db

CLINIC_KO = "서울특별시 서하구 소라로 12"
HOTEL_KO = "서울특별시 마루구 한빛대로 7"


def _decode_qr(image) -> list[list[bool]]:
    """The modules of a QR code image drawn on a white quiet zone of BORDER modules, read by
    sampling the middle of each module (a code printed from a PNG has sharp module edges)."""
    grey = image.convert("L")
    width, height = grey.size
    assert width == height
    # The first dark pixel on the diagonal is the finder pattern's corner: the quiet zone ends there.
    start = next(i for i in range(width) if grey.getpixel((i, i)) < 128)
    box = start / BORDER
    modules = round((width - 2 * start) / box)
    return [
        [grey.getpixel((int(start + (x + 0.5) * box), int(start + (y + 0.5) * box))) < 128 for x in range(modules)]
        for y in range(modules)
    ]


def test_itinerary_pdf_has_korean_addresses_qr_codes_and_emergency_contacts(world, client):
    case, _slot = planned_trip(world)
    clinic = world["directory"]["derm"]
    Organization.objects.filter(pk=clinic.pk).update(
        address={"ko": CLINIC_KO, "en": "12 Sora-ro, Seoha-gu, Seoul", "ru": "Сеул, Сэоха-гу, Сора-ро, 12"}, phone="+82233334444"
    )
    hotel = world["hotel"]
    Organization.objects.filter(pk=hotel.pk).update(address={"ko": HOTEL_KO, "en": "7 Hanbit-daero, Maru-gu"}, lat=None, lng=None)
    HubSettings.objects.filter(pk=1).update(
        emergency_phone="+821020001119", contact_phone="+82220001000", contact_email="help@hub.example"
    )
    clear_caches()
    client.force_login(world["patient"])

    response = client.get(f"/en/cases/{case.reference}/itinerary.pdf")  # the patient's language: Russian
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Korean-script addresses (and names) a taxi driver reads, beside the reader's language.
    assert CLINIC_KO in text and HOTEL_KO in text
    assert "소라 피부과의원" in text and "Клиника дерматологии Сора" in text
    assert "+82 2-3333-4444" in text
    # The hub's emergency contacts in international form, and Korea's own numbers.
    assert "+82 10-2000-1119" in text and "+82 2-2000-1000" in text and "help@hub.example" in text
    assert "119" in text and "112" in text and "1330" in text

    # One QR code per place; each decodes to that place's map link: the hotel (no coordinates)
    # is a search for its Korean address, the clinic a pin at its coordinates.
    hotel_url = "https://map.kakao.com/link/search/" + quote(HOTEL_KO, safe="")
    clinic_url = "https://map.kakao.com/link/map/" + quote("소라 피부과의원", safe="") + f",{clinic.lat:.6f},{clinic.lng:.6f}"
    # WeasyPrint shares one resource dictionary between pages: each image once, by name.
    images = list({image.name: image.image for page in reader.pages for image in page.images}.values())
    assert len(images) == 2
    decoded = [_decode_qr(image) for image in images]
    assert decoded == [qr_matrix(hotel_url), qr_matrix(clinic_url)]  # hotels first, then institutions
    # The same links are clickable in the PDF.
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert hotel_url in links and clinic_url in links


def test_without_an_emergency_phone_the_korean_numbers_still_print(world, client):
    case, _slot = planned_trip(world)
    client.force_login(world["patient"])
    response = client.get(f"/ar/cases/{case.reference}/itinerary.pdf?lang=ar")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "119" in text and "1330" in text
