"""Renewed certificates: sent by the organization's staff (page and API), checked by content,
confirmed or rejected by the hub administrator (page and API)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medhub.core.models import LogEntry
from medhub.directory.models import Organization
from medhub.directory.selectors import published_institutions
from medhub.notifications.models import Notification
from medhub.verification.models import Renewal
from tests import files
from tests.verification.conftest import api_client, signed_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAGE = "/en/work/verification/"
QUEUE = "/en/work/verification/renewals/"


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def pdf(name="certificate.pdf"):
    return files.pdf_upload(name)


def send(client, **fields):
    data = {"item": "registration", "expires_on": day(3 * 365).isoformat(), "upload": pdf(), **fields}
    return client.post(PAGE, data)


# -- sending -------------------------------------------------------------------------------------


def test_staff_send_a_renewed_registration_and_the_admin_is_told(world):
    client = signed_in(world["provider"])
    response = send(client, certificate_number="R-2029-1")
    assert response.status_code == 302
    renewal = Renewal.objects.get()
    assert (renewal.organization, renewal.item, renewal.state) == (world["derm"], "registration", "submitted")
    assert renewal.expires_on == day(3 * 365)
    assert renewal.content_type == "application/pdf" and len(renewal.checksum) == 64
    assert renewal.submitted_by == world["provider"]
    assert Notification.objects.filter(recipient=world["admin"], kind="verification.renewal_submitted").count() == 1
    assert LogEntry.objects.filter(action="verification.renewal.submitted", actor=world["provider"]).exists()
    page = client.get(PAGE).content.decode()
    assert "Waiting for confirmation" in page and "certificate.pdf" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("certificate.pdf", b"just some text, no certificate", "application/pdf"),
            "is not a PDF, JPEG or PNG",
        ),
        (
            SimpleUploadedFile("certificate.pdf", files.pdf_bytes() + b"<script>alert(1)</script>", "application/pdf"),
            "contains web page code",
        ),
        (SimpleUploadedFile("certificate.png", files.pdf_bytes(), "image/png"), "does not match what it contains"),
        (SimpleUploadedFile("certificate.pdf", b"%PDF-1.4\n broken", "application/pdf"), "could not be opened"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error(world, upload, message):
    response = send(signed_in(world["provider"]), upload=upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Renewal.objects.exists()


def test_images_are_accepted(world):
    client = signed_in(world["provider"])
    assert send(client, upload=files.png_upload("scan.png")).status_code == 302
    assert send(client, item="insurance", cover_krw="150000000", upload=files.jpeg_upload("scan.jpg")).status_code == 302
    assert sorted(Renewal.objects.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"expires_on": TODAY.isoformat()}, "must be valid after today"),
        ({"expires_on": day(-10).isoformat()}, "must be valid after today"),
        ({"expires_on": day(365 * 15).isoformat()}, "more than 10 years"),
        ({"item": "insurance"}, "annual cover"),
        ({"item": "accreditation"}, "Choose the accrediting body"),
        ({"expires_on": "not a date"}, "Enter a valid date"),
    ],
)
def test_bad_details_are_refused(world, fields, message):
    response = send(signed_in(world["provider"]), **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Renewal.objects.exists()


def test_one_renewal_of_a_thing_waits_at_a_time(world):
    client = signed_in(world["provider"])
    assert send(client).status_code == 302
    response = send(client)
    assert response.status_code == 400
    assert "already waiting" in response.content.decode()


def test_an_agency_renews_its_registration_only(world):
    client = signed_in(world["agency_staff"])
    page = client.get(PAGE)
    assert page.status_code == 200 and "Bridge Medical Travel" in page.content.decode()
    assert send(client, item="insurance", cover_krw="100000000").status_code == 400
    assert send(client).status_code == 302
    assert Renewal.objects.get().organization == world["agency"]


def test_staff_of_several_organizations_choose_one(world):
    from medhub.accounts.models import Role
    from tests.verification.conftest import add_membership

    add_membership(world["provider"], Role.PROVIDER_STAFF, world["spine"])
    client = signed_in(world["provider"])
    assert "Haneul Spine Hospital" in client.get(PAGE + "?organization=haneul-spine").content.decode()
    assert send(client, organization="haneul-spine").status_code == 302
    assert Renewal.objects.get().organization == world["spine"]
    # Not one they work for: nothing to see.
    assert client.get(PAGE + "?organization=bridge-agency").status_code == 404


# -- deciding on the page -------------------------------------------------------------------------


def submitted(world, **fields):
    send(signed_in(world["provider"]), **fields)
    return Renewal.objects.latest("id")


def test_the_admin_confirms_a_registration_and_the_institution_comes_back(world):
    derm = world["derm"]
    Organization.objects.filter(pk=derm.pk).update(registration_expires=day(-2))
    from medhub.directory.services import directory_changed

    directory_changed()
    assert derm not in published_institutions()
    renewal = submitted(world)
    admin = signed_in(world["admin"])
    queue = admin.get(QUEUE)
    assert queue.status_code == 200
    assert "Sora Dermatology Clinic" in queue.content.decode()
    # Said once first: the button asks, and nothing changes until the confirmation comes back.
    asked = admin.post(QUEUE, {"renewal": renewal.pk, "confirm": "1"})
    assert asked.status_code == 200 and "Confirm this renewed certificate?" in asked.content.decode()
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    renewal.refresh_from_db()
    assert renewal.state == "submitted"
    assert admin.post(QUEUE, {"renewal": renewal.pk, "confirm": "1", "confirmed": "yes"}).status_code == 302
    renewal.refresh_from_db()
    derm.refresh_from_db()
    assert renewal.state == "confirmed" and renewal.decided_by == world["admin"]
    assert derm.registration_expires == day(3 * 365)
    assert derm in published_institutions()
    assert Notification.objects.filter(recipient=world["provider"], kind="verification.renewal_confirmed").count() == 1
    entry = LogEntry.objects.get(action="verification.renewal.confirmed")
    assert entry.actor == world["admin"] and entry.data["before"]["registration_expires"] == day(-2).isoformat()
    # Decided once: a second click changes nothing.
    again = admin.post(QUEUE, {"renewal": renewal.pk, "confirm": "1", "confirmed": "yes"})
    assert again.status_code == 400 and "already been decided" in again.content.decode()


def test_an_insurance_below_the_legal_minimum_is_shown_clearly(world):
    spine = world["spine"]
    Organization.objects.filter(pk=spine.pk).update(institution_class="general-hospital")
    from medhub.accounts.models import Role
    from tests.verification.conftest import add_membership

    add_membership(world["provider"], Role.PROVIDER_STAFF, spine)
    send(signed_in(world["provider"]), organization="haneul-spine", item="insurance", cover_krw="150000000")
    renewal = Renewal.objects.get()
    admin = signed_in(world["admin"])
    page = admin.get(QUEUE).content.decode()
    assert "Below the legal minimum cover" in page
    assert "₩200,000,000" in page and "₩150,000,000" in page
    asked = admin.post(QUEUE, {"renewal": renewal.pk, "confirm": "1"}).content.decode()
    assert "below the legal minimum for its class (₩200,000,000)" in asked
    # Refusing is the administrator's call: confirming still works, and the record says so.
    assert admin.post(QUEUE, {"renewal": renewal.pk, "confirm": "1", "confirmed": "yes"}).status_code == 302
    spine.refresh_from_db()
    assert (spine.insurance_cover_krw, spine.insurance_expires) == (150_000_000, day(3 * 365))
    assert LogEntry.objects.get(action="verification.renewal.confirmed").data["below_minimum_cover"] is True


def test_a_cover_that_meets_the_minimum_says_so(world):
    send(signed_in(world["provider"]), item="insurance", cover_krw="100000000")
    page = signed_in(world["admin"]).get(QUEUE).content.decode()
    assert "meets the legal minimum" in page
    assert "Below the legal minimum cover" not in page


def test_confirming_an_accreditation_moves_its_date(world):
    accreditation = world["derm"].accreditations.get()
    renewal = submitted(world, item="accreditation", body="kahf", certificate_number="KAHF-77")
    signed_in(world["admin"]).post(QUEUE, {"renewal": renewal.pk, "confirm": "1", "confirmed": "yes"})
    accreditation.refresh_from_db()
    assert accreditation.valid_until == day(3 * 365) and accreditation.certificate_number == "KAHF-77"
    # A body the institution had no accreditation from yet: a new accreditation.
    renewal = submitted(world, item="accreditation", body="jci")
    signed_in(world["admin"]).post(QUEUE, {"renewal": renewal.pk, "confirm": "1", "confirmed": "yes"})
    assert world["derm"].accreditations.filter(body="jci", valid_from=TODAY, valid_until=day(3 * 365)).exists()


def test_the_admin_rejects_with_a_reason(world):
    renewal = submitted(world)
    admin = signed_in(world["admin"])
    response = admin.post(QUEUE, {"renewal": renewal.pk, "reject": "1", "reason": "  "})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert admin.post(QUEUE, {"renewal": renewal.pk, "reject": "1", "reason": "The scan is unreadable."}).status_code == 302
    renewal.refresh_from_db()
    assert renewal.state == "rejected" and renewal.reason == "The scan is unreadable."
    told = Notification.objects.get(recipient=world["provider"], kind="verification.renewal_rejected")
    assert "The scan is unreadable." in told.body
    assert "The scan is unreadable." in signed_in(world["provider"]).get(PAGE).content.decode()
    world["derm"].refresh_from_db()
    assert LogEntry.objects.filter(action="verification.renewal.rejected").exists()
    # After a rejection a corrected certificate may be sent.
    assert send(signed_in(world["provider"])).status_code == 302


def test_the_certificate_file_opens_for_its_organization_and_the_admin_only(world):
    renewal = submitted(world)
    url = f"/en/work/verification/renewals/{renewal.pk}/file/"
    for who in ("provider", "admin"):
        response = signed_in(world[who]).get(url)
        assert response.status_code == 200, who
        assert response["Content-Security-Policy"].startswith("default-src 'none'")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for who in ("spine_staff", "agency_staff", "hotel_staff", "coordinator", "interpreter", "patient"):
        assert signed_in(world[who]).get(url).status_code == 404, who


# -- permissions on the pages ----------------------------------------------------------------------


def test_who_may_open_which_page(world, client):
    for who in ("provider", "agency_staff", "hotel_staff", "spine_staff"):
        assert signed_in(world[who]).get(PAGE).status_code == 200, who
    for who in ("admin", "coordinator", "interpreter", "patient"):
        assert signed_in(world[who]).get(PAGE).status_code == 403, who
    assert signed_in(world["admin"]).get(QUEUE).status_code == 200
    for who in ("provider", "agency_staff", "hotel_staff", "coordinator", "interpreter", "patient"):
        assert signed_in(world[who]).get(QUEUE).status_code == 403, who
        assert signed_in(world[who]).post(QUEUE, {"renewal": "1", "confirm": "1"}).status_code == 403, who
    assert client.get(PAGE).status_code == 302  # to the sign-in page
    assert client.get(QUEUE).status_code == 302
    # Staff without the second factor in their session see nothing either.
    from tests.conftest import StaffClient

    no_mfa = StaffClient()
    no_mfa.force_login(world["provider"], mfa=False)
    assert no_mfa.get(PAGE).status_code != 200


def test_the_queue_page_reads_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for n in range(6):
        org = Organization.objects.create(kind="facilitator", slug=f"agency-{n}", name={"en": f"Agency {n}"})
        from medhub.accounts.models import Role
        from tests.cases.conftest import make_user

        staff = make_user(f"agency-{n}-staff", Role.FACILITATOR_STAFF, org)
        send(signed_in(staff))
    admin = signed_in(world["admin"])
    admin.get(QUEUE)
    with django_assert_max_num_queries(20):
        assert admin.get(QUEUE).status_code == 200


# -- the API ---------------------------------------------------------------------------------------


API = "/api/v1/verification/"
RENEWALS = "/api/v1/verification/renewals/"


def test_api_status_of_my_organization(world, django_assert_max_num_queries):
    Organization.objects.filter(pk=world["derm"].pk).update(insurance_expires=day(20))
    client = api_client(world["provider"])
    with django_assert_max_num_queries(15):
        response = client.get(API)
    assert response.status_code == 200
    (org,) = response.json()["organizations"]
    assert org["organization"] == "sora-dermatology"
    items = {item["key"]: item for item in org["items"]}
    assert items["insurance"]["state"] == "soon" and items["insurance"]["days_left"] == 20
    assert items["insurance"]["minimum_cover_krw"] == 100_000_000
    assert items["registration"]["state"] == "valid"
    assert any(key.startswith("accreditation-") for key in items)


def test_api_send_confirm_and_reject(world):
    staff = api_client(world["provider"])
    response = staff.post(
        RENEWALS,
        {
            "organization": "sora-dermatology",
            "item": "insurance",
            "expires_on": day(365).isoformat(),
            "cover_krw": 90_000_000,
            "file": pdf(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "submitted" and body["cover_check"] == {
        "minimum_krw": 100_000_000,
        "shortfall_krw": 10_000_000,
        "meets_minimum": False,
    }
    assert [r["id"] for r in staff.get(RENEWALS).json()["results"]] == [body["id"]]

    admin = api_client(world["admin"])
    listed = admin.get(RENEWALS, {"state": "submitted"}).json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]
    assert admin.get(RENEWALS, {"state": "lost"}).status_code == 400
    assert staff.post(f"{RENEWALS}{body['id']}/confirm/").status_code == 403
    confirmed = admin.post(f"{RENEWALS}{body['id']}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    world["derm"].refresh_from_db()
    assert world["derm"].insurance_cover_krw == 90_000_000
    again = admin.post(f"{RENEWALS}{body['id']}/confirm/")
    assert again.status_code == 400 and "already been decided" in str(again.json())

    second = staff.post(
        RENEWALS,
        {"organization": "sora-dermatology", "item": "registration", "expires_on": day(900).isoformat(), "file": pdf()},
        format="multipart",
    ).json()
    assert admin.post(f"{RENEWALS}{second['id']}/reject/", {"reason": ""}, format="json").status_code == 400
    rejected = admin.post(
        f"{RENEWALS}{second['id']}/reject/", {"reason": "Wrong organization on the certificate."}, format="json"
    )
    assert rejected.status_code == 200 and rejected.json()["reason"] == "Wrong organization on the certificate."
    assert admin.post(f"{RENEWALS}999999/reject/", {"reason": "x"}, format="json").status_code == 404


def test_api_refuses_a_bad_file_and_someone_elses_organization(world):
    staff = api_client(world["provider"])
    bad = staff.post(
        RENEWALS,
        {
            "organization": "sora-dermatology",
            "item": "registration",
            "expires_on": day(900).isoformat(),
            "file": SimpleUploadedFile("c.pdf", b"<html>not a pdf</html>", "application/pdf"),
        },
        format="multipart",
    )
    assert bad.status_code == 400 and "is not a PDF, JPEG or PNG" in str(bad.json())
    other = staff.post(
        RENEWALS,
        {"organization": "haneul-spine", "item": "registration", "expires_on": day(900).isoformat(), "file": pdf()},
        format="multipart",
    )
    assert other.status_code == 400 and "organization" in other.json()
    assert not Renewal.objects.exists()


def test_api_permissions_for_every_role(world):
    from rest_framework.test import APIClient

    for who in ("provider", "agency_staff", "hotel_staff", "spine_staff"):
        assert api_client(world[who]).get(API).status_code == 200, who
    for who in ("admin", "coordinator", "interpreter", "patient"):
        assert api_client(world[who]).get(API).status_code == 403, who
    for who in ("coordinator", "interpreter", "patient"):
        assert api_client(world[who]).get(RENEWALS).status_code == 403, who
    assert api_client(world["admin"]).get(RENEWALS).status_code == 200
    anonymous = APIClient()
    assert anonymous.get(API).status_code in (401, 403)
    assert anonymous.get(RENEWALS).status_code in (401, 403)
    # Staff see their own organizations' renewals only.
    send(signed_in(world["provider"]))
    assert api_client(world["spine_staff"]).get(RENEWALS).json()["results"] == []
    renewal = Renewal.objects.get()
    for who in ("provider", "coordinator", "spine_staff"):
        assert api_client(world[who]).post(f"{RENEWALS}{renewal.pk}/confirm/").status_code == 403, who


def test_the_workspace_pages_link_to_verification(world):
    assert 'href="/en/work/verification/"' in signed_in(world["provider"]).get("/en/work/inbox/").content.decode()
    assert 'href="/en/work/verification/"' in signed_in(world["agency_staff"]).get("/en/work/referrals/").content.decode()
    assert 'href="/en/work/verification/"' in signed_in(world["hotel_staff"]).get("/en/work/bookings/").content.decode()
    assert 'href="/en/work/verification/renewals/"' in signed_in(world["admin"]).get("/en/work/cases/").content.decode()


@pytest.mark.parametrize("language", ["ko", "en", "zh-hans", "ja", "ru", "mn", "kk", "vi", "th", "ar"])
def test_the_pages_in_every_language(world, language, settings):
    assert language in dict(settings.LANGUAGES)
    Organization.objects.filter(pk=world["derm"].pk).update(insurance_expires=day(-1), registration_expires=day(20))
    send(signed_in(world["provider"]), item="insurance", cover_krw="50000000")
    staff = signed_in(world["provider"]).get(f"/{language}/work/verification/")
    assert staff.status_code == 200 and f'lang="{language}"' in staff.content.decode()
    queue = signed_in(world["admin"]).get(f"/{language}/work/verification/renewals/")
    assert queue.status_code == 200


def test_api_lists_read_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    from medhub.accounts.models import Role
    from tests.cases.conftest import make_user

    for n in range(5):
        org = Organization.objects.create(kind="facilitator", slug=f"agency-{n}", name={"en": f"Agency {n}"})
        staff = make_user(f"agency-{n}-staff", Role.FACILITATOR_STAFF, org)
        send(signed_in(staff))
        from tests.verification.conftest import add_membership

        add_membership(world["agency_staff"], Role.FACILITATOR_STAFF, org)
    admin = api_client(world["admin"])
    with django_assert_max_num_queries(14):
        assert len(admin.get(RENEWALS).json()["results"]) == 5
    staff = api_client(world["agency_staff"])
    with django_assert_max_num_queries(15):  # as many as for one organization
        body = staff.get(API).json()
    assert len(body["organizations"]) == 6 and len(body["renewals"]) == 5


def test_a_registration_longer_than_three_years_is_flagged(world):
    send(signed_in(world["provider"]), expires_on=day(3 * 365 + 30).isoformat())
    page = signed_in(world["admin"]).get(QUEUE).content.decode()
    assert "later than three years from today" in page
    (listed,) = api_client(world["admin"]).get(RENEWALS).json()["results"]
    assert listed["beyond_registration_term"] is True
    Renewal.objects.update(expires_on=day(3 * 365 - 30))
    assert "later than three years from today" not in signed_in(world["admin"]).get(QUEUE).content.decode()
