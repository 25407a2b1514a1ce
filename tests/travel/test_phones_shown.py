"""Phone numbers are shown in international form with a tel: link wherever a page prints one
(the numbers themselves are checked and stored in E.164: core/phones.py), and a partner's
address links to the map."""

import datetime

import pytest
from django.utils import timezone

from medhub.directory.models import Organization
from medhub.travel import services as travel
from tests.conftest import StaffClient
from tests.travel.conftest import with_trip

pytestmark = pytest.mark.django_db


def test_the_drivers_phone_in_international_form_on_partner_and_coordinator_pages(world, client):
    with_trip(world)
    pickup = travel.pickup_book(
        case_id=world["case"].id,
        company_id=world["transport"].id,
        data={
            "direction": "arrival",
            "flight": "KC909",
            "airport": "ICN",
            "pickup_at": timezone.make_aware(datetime.datetime.combine(world["arrival"], datetime.time(7, 40))),
            "destination": "Maru Stay",
            "passengers": 1,
        },
        actor=world["coordinator"],
    )
    client.force_login(world["driver_desk"])
    client.post(
        f"/en/work/bookings/pickups/{pickup.id}/",
        {"answer": "confirm", "driver_name": "Park Minsu", "driver_phone": "010 1234 5678", "vehicle": "Staria"},
    )
    link = '<a href="tel:+821012345678" dir="ltr" class="tel">+82 10-1234-5678</a>'
    assert link in client.get("/en/work/bookings/").content.decode()
    coordinator_client = StaffClient()
    coordinator_client.force_login(world["coordinator"])
    assert link in coordinator_client.get(f"/ar/work/cases/{world['case'].reference}/travel/").content.decode()


def test_partner_directory_links_phone_and_map(client, directory):
    hotel = directory["hotel"]
    Organization.objects.filter(pk=hotel.pk).update(
        phone="+82233334444", address={"ko": "서울특별시 마루구 한빛대로 7", "en": "7 Hanbit-daero"}, lat=None, lng=None
    )
    page = client.get("/ru/partners/").content.decode()
    assert '<a href="tel:+82233334444" dir="ltr" class="tel">+82 2-3333-4444</a>' in page
    assert 'href="https://map.kakao.com/link/search/%EC%84%9C%EC%9A%B8' in page


def test_institution_page_shows_phone_map_and_dates_the_readers_way(client, directory):
    clinic = directory["derm"]
    Organization.objects.filter(pk=clinic.pk).update(
        phone="0233334444",
        address={"ko": "서울특별시 서하구 소라로 12", "en": "12 Sora-ro, Seoha-gu"},
        registration_date=datetime.date(2026, 3, 14),
    )
    page = client.get(f"/ru/institutions/{clinic.slug}/").content.decode()
    assert '<a href="tel:+82233334444" dir="ltr" class="tel">+82 2-3333-4444</a>' in page
    # A pin at the clinic's coordinates, named in Korean.
    assert (
        'href="https://map.kakao.com/link/map/%EC%86%8C%EB%9D%BC%20%ED%94%BC%EB%B6%80%EA%B3%BC%EC%9D%98%EC%9B%90,37.550000,126.900000"'
        in page
    )
    assert "14 мар. 2026\u202fг." in page and "2026-03-14" not in page
