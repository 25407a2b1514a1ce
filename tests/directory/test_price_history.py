"""Price history: every change of an offering's price range is kept (one service, which the admin
goes through), shown on the offering page and listed in the API, without more queries as it grows."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.core.models import LogEntry
from medhub.directory import services
from medhub.directory.models import Offering, OfferingPriceChange
from tests.directory.test_photos import admin_form

pytestmark = pytest.mark.django_db


def reprice(offering: Offering, low: int, high: int, actor=None) -> Offering:
    offering = Offering.objects.get(pk=offering.pk)
    offering.price_min_krw, offering.price_max_krw = low, high
    return services.offering_save(offering=offering, actor=actor)


def test_a_price_change_through_the_service_is_kept_and_audited(directory, admin_user):
    offering = Offering.objects.get(slug="sora-laser-toning")
    reprice(offering, 90_000, 260_000, actor=admin_user)
    change = OfferingPriceChange.objects.get()
    assert (change.offering, change.old_min_krw, change.old_max_krw, change.new_min_krw, change.new_max_krw) == (
        offering,
        80_000,
        250_000,
        90_000,
        260_000,
    )
    entry = LogEntry.objects.get(action="directory.offering.price_changed")
    assert entry.actor == admin_user and entry.data["old"] == [80_000, 250_000] and entry.data["new"] == [90_000, 260_000]


def test_saving_without_a_price_change_keeps_no_row(directory):
    offering = Offering.objects.get(slug="sora-laser-toning")
    offering.stay_days = 3
    services.offering_save(offering=offering)
    assert not OfferingPriceChange.objects.exists()
    assert not LogEntry.objects.filter(action="directory.offering.price_changed").exists()


def test_a_new_offering_has_no_history(directory):
    derm = directory["derm"]
    offering = Offering(
        organization=derm,
        specialty=directory["specialties"]["dermatology"],
        kind="procedure",
        slug="sora-peel",
        name={"en": "Peel"},
        price_min_krw=50_000,
        price_max_krw=70_000,
    )
    services.offering_save(offering=offering)
    assert offering.pk and not OfferingPriceChange.objects.exists()


def test_an_upside_down_range_is_refused_and_nothing_is_kept(directory):
    from django.core.exceptions import ValidationError

    offering = Offering.objects.get(slug="sora-laser-toning")
    with pytest.raises(ValidationError):
        reprice(offering, 300_000, 100_000)
    assert not OfferingPriceChange.objects.exists()
    assert Offering.objects.get(pk=offering.pk).price_min_krw == 80_000


def test_the_admin_saves_offerings_through_the_service_so_changes_are_kept(client, admin_user, directory):
    client.force_login(admin_user)
    offering = Offering.objects.get(slug="sora-laser-toning")
    url = f"/en/admin/directory/offering/{offering.pk}/change/"
    data = admin_form(client, url)
    data.update({"price_min_krw": "100000", "price_max_krw": "300000"})
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    change = OfferingPriceChange.objects.get()
    assert (change.old_min_krw, change.old_max_krw, change.new_min_krw, change.new_max_krw) == (80_000, 250_000, 100_000, 300_000)
    assert LogEntry.objects.get(action="directory.offering.price_changed").actor == admin_user
    # The history is shown in the admin, read only; saving again unchanged adds nothing.
    page = client.get(url).content.decode()
    assert "price_changes-TOTAL_FORMS" in page
    again = admin_form(client, url)
    assert client.post(url, again).status_code == 302
    assert OfferingPriceChange.objects.count() == 1


def test_the_offering_page_shows_the_history_newest_first(client, directory):
    offering = Offering.objects.get(slug="sora-laser-toning")
    page = client.get("/en/offerings/sora-laser-toning/").content.decode()
    assert "Price history" not in page
    reprice(offering, 90_000, 260_000)
    OfferingPriceChange.objects.update(changed_at=timezone.now() - datetime.timedelta(days=30))
    reprice(offering, 95_000, 270_000)
    page = client.get("/en/offerings/sora-laser-toning/").content.decode()
    assert "Price history" in page and "changed 2 times" in page
    table = page[page.index("Price history") :]
    # Newest first: 90,000–260,000 → 95,000–270,000, then 80,000–250,000 → 90,000–260,000.
    assert table.index("₩95,000") < table.index("₩80,000")
    assert "₩90,000 – ₩260,000" in table and "₩80,000 – ₩250,000" in table
    thirty_days_ago = timezone.localdate() - datetime.timedelta(days=30)
    assert thirty_days_ago.strftime("%b") in table


def test_the_page_speaks_the_readers_language(client, directory):
    reprice(Offering.objects.get(slug="sora-laser-toning"), 90_000, 260_000)
    page = client.get("/ru/offerings/sora-laser-toning/").content.decode()
    # Russian writes the won after the amount with a space as the group separator (CLDR).
    assert "90\xa0000\xa0₩ – 260\xa0000\xa0₩" in page


def test_the_api_lists_the_history(directory):
    offering = Offering.objects.get(slug="sora-laser-toning")
    reprice(offering, 90_000, 260_000)
    body = APIClient().get("/api/v1/offerings/sora-laser-toning/").json()
    assert [(h["old_min_krw"], h["old_max_krw"], h["new_min_krw"], h["new_max_krw"]) for h in body["price_history"]] == [
        (80_000, 250_000, 90_000, 260_000)
    ]
    assert "changed_at" in body["price_history"][0]
    listed = APIClient().get("/api/v1/offerings/").json()
    rows = {row["slug"]: row for row in listed["results"]}
    assert len(rows["sora-laser-toning"]["price_history"]) == 1 and rows["miso-implant"]["price_history"] == []


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/en/offerings/sora-laser-toning/", "/api/v1/offerings/sora-laser-toning/", "/api/v1/offerings/"]
)
def test_query_counts_do_not_grow_with_the_history(client, directory, url, django_assert_max_num_queries):
    offering = Offering.objects.get(slug="sora-laser-toning")
    reprice(offering, 90_000, 260_000)
    client.get(url)  # warm the process caches (rates, hub settings, directory index)
    one = _queries(client, url)
    for step in range(1, 8):
        reprice(offering, 90_000 + step * 1000, 260_000 + step * 1000)
    reprice(Offering.objects.get(slug="miso-implant"), 1_300_000, 2_100_000)
    client.get(url)
    with django_assert_max_num_queries(one):
        assert client.get(url).status_code == 200
