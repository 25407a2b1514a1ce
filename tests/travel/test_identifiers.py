"""Passport numbers and birth dates: encrypted at rest, shown only to who needs them, every
showing logged."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from medhub.accounts.models import Role
from medhub.core import crypto
from medhub.travel.models import SensitiveAccess, Traveller
from tests.cases.conftest import make_user
from tests.travel.conftest import add_patient_traveller

pytestmark = pytest.mark.django_db


def raw_row(traveller_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number, birth_date FROM travel_traveller WHERE id = %s", [traveller_id])
        return cursor.fetchone()


def test_identifiers_are_encrypted_in_the_database(world):
    traveller = add_patient_traveller(world)
    passport, birth = raw_row(traveller.id)
    assert passport.startswith("enc1:") and birth.startswith("enc1:")
    assert "N12345678" not in passport and "1990" not in birth
    fresh = Traveller.objects.get(pk=traveller.pk)
    assert fresh.passport_number == "N12345678"
    assert fresh.birth_date == "1990-04-12"
    assert fresh.passport_masked.startswith("N1") and "2345678" not in fresh.passport_masked


def test_keys_rotate_new_first_old_still_reads(world, settings):
    old = Fernet.generate_key().decode()
    settings.MEDHUB_FIELD_KEYS = [old]
    crypto.forget_keys()
    traveller = add_patient_traveller(world)
    settings.MEDHUB_FIELD_KEYS = [Fernet.generate_key().decode(), old]
    crypto.forget_keys()
    assert Traveller.objects.get(pk=traveller.pk).passport_number == "N12345678"
    settings.MEDHUB_FIELD_KEYS = [Fernet.generate_key().decode()]
    crypto.forget_keys()
    with pytest.raises(Exception, match="MEDHUB_FIELD_KEYS"):
        Traveller.objects.get(pk=traveller.pk)
    settings.MEDHUB_FIELD_KEYS = []
    crypto.forget_keys()


def test_travel_page_masks_until_asked_and_logs_each_showing(world, coordinator_client):
    add_patient_traveller(world)
    url = f"/en/work/cases/{world['case'].reference}/travel/"
    page = coordinator_client.get(url).content.decode()
    assert "N12345678" not in page and "1990-04-12" not in page
    assert not SensitiveAccess.objects.filter(purpose="view").exists()
    shown = coordinator_client.get(url + "?reveal=1").content.decode()
    assert "N12345678" in shown and "1990-04-12" in shown
    access = SensitiveAccess.objects.get(purpose="view")
    assert (access.user, access.case, access.travellers) == (world["coordinator"], world["case"], 1)
    assert "Viewed on a page" in coordinator_client.get(url).content.decode()  # the log is on the page


def test_patient_reads_own_identifiers_logged(world, client):
    add_patient_traveller(world)
    client.force_login(world["patient"])
    url = f"/en/cases/{world['case'].reference}/itinerary/"
    assert "N12345678" not in client.get(url).content.decode()
    assert "N12345678" in client.get(url + "?reveal=1").content.decode()
    assert SensitiveAccess.objects.filter(user=world["patient"], purpose="view").count() == 1


@pytest.mark.parametrize("who", ["provider", "facilitator", "partner", "interpreter", "other_patient"])
def test_nobody_else_reaches_identifiers(world, client, who):
    add_patient_traveller(world)
    organization = {"provider": world["directory"]["derm"], "partner": world["hotel"]}.get(who)
    role = {
        "provider": Role.PROVIDER_STAFF,
        "facilitator": Role.FACILITATOR_STAFF,
        "partner": Role.PARTNER_STAFF,
        "interpreter": Role.INTERPRETER,
        "other_patient": Role.PATIENT,
    }[who]
    if who == "facilitator":
        from tests import factories

        organization = factories.partner("facilitator", slug="agency-x")
    user = make_user(f"x-{who}", role, organization)
    client.force_login(user)
    reference = world["case"].reference
    for url in (
        f"/en/work/cases/{reference}/travel/?reveal=1",
        f"/en/work/cases/{reference}/travel/letter-en.pdf",
        f"/en/cases/{reference}/itinerary/?reveal=1",
        f"/en/cases/{reference}/itinerary.pdf",
        f"/api/v1/cases/{reference}/travel/travellers/",
        f"/api/v1/cases/{reference}/travel/",
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), (url, response.status_code)
        assert b"N12345678" not in response.content
        assert b"Aigerim" not in response.content
    assert not SensitiveAccess.objects.exclude(purpose="edit").exists()


def test_admin_lists_travel_data_with_identifiers_masked(world, admin_client):
    traveller = add_patient_traveller(world)
    for model in (
        "entryrestriction",
        "checklistitem",
        "trip",
        "visaapplication",
        "traveller",
        "sensitiveaccess",
        "room",
        "stay",
        "pickup",
    ):
        assert admin_client.get(f"/en/admin/travel/{model}/").status_code == 200, model
    page = admin_client.get(f"/en/admin/travel/traveller/{traveller.id}/change/")
    assert page.status_code == 200
    assert b"N12345678" not in page.content and b"1990-04-12" not in page.content
    assert admin_client.get("/en/admin/travel/traveller/").content.count(b"N1") >= 1  # the masked form
