"""WhatsApp outside the 24-hour window: with MEDHUB_WHATSAPP_TEMPLATE set, notifications go as
that approved template (title and link as the body's two parameters) in the recipient's
language, or English where the template is not approved in it; without it, as text. Against
the local fake of the Cloud API (tests/notifications/conftest.py)."""

import pytest
from django.db import transaction

from medhub.accounts.models import Role
from medhub.notifications import services
from medhub.notifications.models import Channel, Delivery, Preference
from medhub.notifications.tasks import confirm_link
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


def whatsapp_patient(language: str, username="wa-pat"):
    user = make_user(username, Role.PATIENT)
    user.preferred_language = language
    user.save()
    Preference.objects.create(user=user, email=False, whatsapp=True, whatsapp_number="+77011234567")
    return user


def tell(user, django_capture_on_commit_callbacks, reference="HB-WA-1"):
    case = make_case(patient=user, reference=reference)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return services.notify(
            user, "travel.visa_status", {"case": case, "reason": "Line one\n\nline   two"}, link=f"/ru/cases/{reference}/"
        )


@pytest.fixture
def template(settings, messenger):
    settings.MEDHUB_WHATSAPP_TEMPLATE = "medhub_notification"
    settings.MEDHUB_WHATSAPP_TEMPLATE_LANGUAGES = ["en", "ru", "zh-hans", "ko"]
    return messenger


def test_with_a_template_set_the_notification_goes_as_the_template_in_the_readers_language(
    template, django_capture_on_commit_callbacks
):
    user = whatsapp_patient("ru")
    notification = tell(user, django_capture_on_commit_callbacks)
    [request] = template.requests
    body = request["json"]
    assert request["path"] == "/v21.0/106540352242922/messages"
    assert (body["messaging_product"], body["to"], body["type"]) == ("whatsapp", "77011234567", "template")
    assert "text" not in body
    sent = body["template"]
    assert sent["name"] == "medhub_notification" and sent["language"] == {"code": "ru"}
    [component] = sent["components"]
    assert component["type"] == "body"
    title, link = component["parameters"]
    assert title == {"type": "text", "text": " ".join(notification.title.split())}
    assert link == {"type": "text", "text": "http://hub.test/ru/cases/HB-WA-1/"}
    assert "\n" not in title["text"] and "    " not in title["text"]
    assert Delivery.objects.get(notification=notification).external_id == "wamid.TEST1"


def test_chinese_takes_whatsapps_code_and_an_unapproved_language_falls_back_to_english(
    template, django_capture_on_commit_callbacks
):
    tell(whatsapp_patient("zh-hans", "wa-zh"), django_capture_on_commit_callbacks, "HB-WA-ZH")
    tell(whatsapp_patient("mn", "wa-mn"), django_capture_on_commit_callbacks, "HB-WA-MN")
    codes = [r["json"]["template"]["language"]["code"] for r in template.requests]
    assert codes == ["zh_CN", "en"]


def test_a_failed_template_send_is_retried_and_sent_once(template, django_capture_on_commit_callbacks):
    from medhub.outbox import services as outbox
    from medhub.outbox.models import Message

    template.failures = 1
    notification = tell(whatsapp_patient("ko"), django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.sent_at is None and delivery.attempts == 1
    Message.objects.update(next_attempt_at=Message.objects.get().created_at.replace(year=2000))
    outbox.deliver_pending()
    delivery.refresh_from_db()
    assert delivery.sent_at is not None
    assert [r["json"]["type"] for r in template.requests] == ["template", "template"]


def test_the_link_confirmation_goes_as_the_template_too(template):
    user = whatsapp_patient("ko")
    assert confirm_link(Channel.WHATSAPP, user.id)
    [request] = template.requests
    sent = request["json"]["template"]
    assert sent["language"] == {"code": "ko"} and sent["components"][0]["parameters"][1]["text"] == "http://hub.test"


def test_without_a_template_it_stays_a_text_message(messenger, settings, django_capture_on_commit_callbacks):
    settings.MEDHUB_WHATSAPP_TEMPLATE = ""
    notification = tell(whatsapp_patient("ru"), django_capture_on_commit_callbacks)
    [request] = messenger.requests
    assert request["json"]["type"] == "text" and notification.title in request["json"]["text"]["body"]
