"""The in-app list, the unread count, marking read and the channel settings, through the pages
and through the API; nobody reaches anyone else's notifications or settings."""

import pytest

from medhub.accounts.models import Role
from medhub.core.models import LogEntry
from medhub.notifications import services
from medhub.notifications.models import Notification, Preference
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    patient = make_user("pat", Role.PATIENT)
    other = make_user("other", Role.PATIENT)
    coordinator = make_user("coord", Role.COORDINATOR)
    case = make_case(patient=patient, reference="HB-L-1")
    first = services.notify(patient, "travel.visa_status", {"case": case}, link=f"/en/cases/{case.reference}/itinerary/")
    second = services.notify(patient, "cases.quote_received", {"case": case}, link=f"/en/cases/{case.reference}/")
    their_case = make_case(patient=other, reference="HB-L-2")
    theirs = services.notify(other, "cases.quote_received", {"case": their_case}, link=f"/en/cases/{their_case.reference}/")
    staff_note = services.notify(coordinator, "cases.new_message", {"case": case}, link=f"/en/work/cases/{case.reference}/")
    return {
        "patient": patient,
        "other": other,
        "coordinator": coordinator,
        "first": first,
        "second": second,
        "theirs": theirs,
        "staff_note": staff_note,
    }


def test_the_list_is_newest_first_with_the_unread_count_in_the_header(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["patient"])
    html = client.get("/en/account/notifications/").content.decode()
    assert html.index(people["second"].title) < html.index(people["first"].title)
    assert 'class="notifications-link"' in html and '<span class="badge"' in html
    assert "2 unread notifications" in html
    assert "HB-L-2" not in html  # another patient's notification
    assert Notification.objects.filter(recipient=people["other"]).count() == 1
    # The header count shows on every page the person opens.
    home = client.get("/en/").content.decode()
    assert 'href="/en/account/notifications/"' in home and 'badge-danger">2<' in home
    # The count is cached for the header, and counted up when something new arrives.
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(people["patient"], "cases.new_message", {"case": people["first"].recipient.cases.first()}, link="/en/")
    assert 'badge-danger">3<' in client.get("/en/").content.decode()


def test_staff_have_the_same_list(client, people):
    client.force_login(people["coordinator"])
    html = client.get("/en/account/notifications/").content.decode()
    assert people["staff_note"].title in html and "1 unread notification." in html


def test_mark_read_and_open_and_mark_all_through_the_page(client, people):
    client.force_login(people["patient"])
    first, second = people["first"], people["second"]
    response = client.post(f"/en/account/notifications/{first.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/en/account/notifications/"
    first.refresh_from_db()
    assert first.read_at is not None
    response = client.post(f"/en/account/notifications/{second.pk}/read/", {"open": "1"})
    assert response["Location"] == second.link
    assert "0 unread notifications" in client.get("/en/account/notifications/").content.decode()
    Notification.objects.filter(recipient=people["patient"]).update(read_at=None)
    client.post("/en/account/notifications/read-all/")
    assert not Notification.objects.filter(recipient=people["patient"], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=people["other"], read_at__isnull=True).count() == 1


def test_nobody_marks_or_opens_anothers_notification(client, people):
    client.force_login(people["patient"])
    theirs = people["theirs"]
    response = client.post(f"/en/account/notifications/{theirs.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/en/account/notifications/"
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get("/en/account/notifications/read-all/").status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client, people):
    response = client.get("/en/account/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/en/account/notifications/settings/").status_code == 302
    assert client.get("/api/v1/notifications/").status_code in (401, 403)
    assert client.get("/api/v1/me/notification-settings/").status_code in (401, 403)


def test_the_api_lists_own_notifications_and_marks_them_read(client, people):
    client.force_login(people["patient"])
    answer = client.get("/api/v1/notifications/").json()
    assert answer["unread"] == 2
    assert [row["id"] for row in answer["results"]] == [people["second"].pk, people["first"].pk]
    assert {"title", "body", "link", "kind", "read"} <= set(answer["results"][0])
    marked = client.post(f"/api/v1/notifications/{people['first'].pk}/read/").json()
    assert marked["read"] is True
    assert client.get("/api/v1/notifications/").json()["unread"] == 1
    assert client.post("/api/v1/notifications/read-all/").json()["marked"] == 1
    assert client.get("/api/v1/notifications/").json()["unread"] == 0
    people["theirs"].refresh_from_db()
    assert people["theirs"].read_at is None


def test_settings_page_offers_configured_channels_and_keeps_what_was_typed(client, people, messenger):
    client.force_login(people["patient"])
    html = client.get("/en/account/notifications/settings/").content.decode()
    assert 'name="telegram_chat_id"' in html and 'name="whatsapp_number"' in html and 'name="line_user_id"' in html
    refused = client.post(
        "/en/account/notifications/settings/", {"email": "on", "whatsapp": "on", "whatsapp_number": "12 not a number"}
    )
    assert refused.status_code == 400
    assert 'value="12 not a number"' in refused.content.decode()
    assert not Preference.objects.filter(user=people["patient"]).exists()
    saved = client.post(
        "/en/account/notifications/settings/",
        {"whatsapp": "on", "whatsapp_number": "010-1234-5678", "telegram_chat_id": "4242"},
    )
    assert saved.status_code == 302
    preference = Preference.objects.get(user=people["patient"])
    assert (preference.email, preference.whatsapp, preference.whatsapp_number) == (False, True, "+821012345678")
    assert (preference.telegram, preference.telegram_chat_id) == (False, "4242")
    entry = LogEntry.objects.get(action="notifications.settings.changed")
    assert entry.actor == people["patient"] and "whatsapp" in entry.data["channels"]
    # A channel switched on without its address is refused.
    refused = client.post("/en/account/notifications/settings/", {"line": "on"})
    assert refused.status_code == 400 and "Give your address on this channel" in refused.content.decode()


def test_settings_page_without_messengers_offers_email_only(client, people, no_messengers):
    client.force_login(people["patient"])
    html = client.get("/en/account/notifications/settings/").content.decode()
    assert 'name="telegram_chat_id"' not in html and 'name="whatsapp_number"' not in html
    assert "email only" in html


def test_settings_api_get_and_put_own_only(client, people, messenger):
    client.force_login(people["patient"])
    answer = client.get("/api/v1/me/notification-settings/").json()
    assert answer["email"] is True and answer["telegram"] is False
    assert answer["available_channels"] == ["email", "telegram", "whatsapp", "line"]
    bad = client.put("/api/v1/me/notification-settings/", {"telegram": True}, content_type="application/json")
    assert bad.status_code == 400 and "telegram_chat_id" in bad.json()
    good = client.put(
        "/api/v1/me/notification-settings/",
        {"telegram": True, "telegram_chat_id": "987654321", "email": False},
        content_type="application/json",
    )
    assert good.status_code == 200 and good.json()["telegram"] is True
    assert Preference.objects.get(user=people["patient"]).telegram_chat_id == "987654321"
    assert not Preference.objects.filter(user=people["other"]).exists()
    # Only the one field changes on a later PUT.
    client.put("/api/v1/me/notification-settings/", {"email": True}, content_type="application/json")
    preference = Preference.objects.get(user=people["patient"])
    assert (preference.email, preference.telegram) == (True, True)
    assert LogEntry.objects.filter(action="notifications.settings.changed", actor=people["patient"]).count() == 2


def test_settings_api_refuses_a_channel_the_hub_has_not(client, people, no_messengers):
    client.force_login(people["patient"])
    answer = client.put(
        "/api/v1/me/notification-settings/", {"line": True, "line_user_id": "U" + "a" * 32}, content_type="application/json"
    )
    assert answer.status_code == 400 and "line" in answer.json()


def test_an_erased_account_loses_its_notifications_and_messenger_addresses(people, messenger):
    from medhub.privacy import services as privacy

    patient = people["patient"]
    Preference.objects.create(user=patient, telegram=True, telegram_chat_id="4242")
    admin = make_user("hub-admin", Role.HUB_ADMIN)
    request = privacy.deletion_request(user=patient)
    privacy.deletion_decide(request_id=request.id, actor=admin, approve=True)
    assert not Notification.objects.filter(recipient=patient).exists()
    assert not Preference.objects.filter(user=patient).exists()
    assert Notification.objects.filter(recipient=people["other"]).exists()


@pytest.mark.parametrize(
    "payload",
    [[], "text", {"telegram": "maybe"}, {"whatsapp_number": "1" * 40}, {"telegram_chat_id": "abc"}, {"line_user_id": "x"}],
)
def test_settings_api_answers_bad_input_with_400(client, people, messenger, payload):
    client.force_login(people["patient"])
    answer = client.put("/api/v1/me/notification-settings/", payload, content_type="application/json")
    assert answer.status_code == 400


def test_settings_page_answers_bad_input_without_an_error_page(client, people, messenger):
    client.force_login(people["patient"])
    answer = client.post("/en/account/notifications/settings/", {"telegram": "on", "telegram_chat_id": "x" * 500})
    assert answer.status_code == 400
    assert client.post("/en/account/notifications/999999/read/").status_code == 302


def test_the_patients_copy_of_their_data_holds_their_notifications_and_channels(people, messenger):
    import io
    import json
    import zipfile

    from medhub.privacy import services as privacy

    patient = people["patient"]
    Preference.objects.create(user=patient, whatsapp=True, whatsapp_number="+821012345678")
    data = json.loads(zipfile.ZipFile(io.BytesIO(privacy.patient_export(patient))).read("data.json"))
    assert data["notifications"]["settings"]["whatsapp_number"] == "+821012345678"
    titles = [row["title"] for row in data["notifications"]["received"]]
    assert titles == [people["second"].title, people["first"].title]
    assert "HB-L-2" not in json.dumps(data["notifications"])  # nobody else's
