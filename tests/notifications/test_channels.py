"""Each messenger over real HTTP against a local fake of its API; retries deliver exactly once."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.notifications import services
from medhub.notifications.models import Delivery, Notification, Preference
from medhub.notifications.tasks import deliver_notification
from medhub.outbox import services as outbox
from medhub.outbox.models import Message
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db

LINE_USER = "U" + "0123456789abcdef" * 2


def patient_with(**choice):
    user = make_user("pat", Role.PATIENT)
    user.preferred_language = "ru"
    user.save()
    Preference.objects.create(user=user, **choice)
    return user


def tell(user, django_capture_on_commit_callbacks, case=None):
    case = case or make_case(patient=user, reference="HB-N-1")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = services.notify(
            user, "travel.visa_status", {"case": case, "reason": "Пример причины"}, link=f"/ru/cases/{case.reference}/"
        )
    return notification


def test_telegram_send_message(messenger, django_capture_on_commit_callbacks):
    user = patient_with(email=False, telegram=True, telegram_chat_id="987654321")
    notification = tell(user, django_capture_on_commit_callbacks)
    [request] = messenger.requests
    assert request["path"] == "/bot123:telegram-test-token/sendMessage"
    assert request["json"]["chat_id"] == "987654321"
    assert notification.title in request["json"]["text"]
    assert "Пример причины" in request["json"]["text"]  # the reason, in the recipient's text
    assert "http://hub.test/ru/cases/HB-N-1/" in request["json"]["text"]
    delivery = Delivery.objects.get(notification=notification)
    assert (delivery.channel, delivery.external_id) == ("telegram", "1")
    assert delivery.sent_at is not None
    assert mail.outbox == []  # email turned off


def test_whatsapp_cloud_api_text_message(messenger, django_capture_on_commit_callbacks):
    user = patient_with(email=False, whatsapp=True, whatsapp_number="+77011234567")
    notification = tell(user, django_capture_on_commit_callbacks)
    [request] = messenger.requests
    assert request["path"] == "/v21.0/106540352242922/messages"
    assert request["headers"]["Authorization"] == "Bearer whatsapp-test-token"
    body = request["json"]
    assert (body["messaging_product"], body["to"], body["type"]) == ("whatsapp", "77011234567", "text")
    assert notification.title in body["text"]["body"]
    assert Delivery.objects.get(notification=notification).external_id == "wamid.TEST1"


def test_line_push_message(messenger, django_capture_on_commit_callbacks):
    user = patient_with(email=True, line=True, line_user_id=LINE_USER)
    notification = tell(user, django_capture_on_commit_callbacks)
    [request] = messenger.requests
    assert request["path"] == "/v2/bot/message/push"
    assert request["headers"]["Authorization"] == "Bearer line-test-token"
    assert request["headers"]["X-Line-Retry-Key"]
    assert request["json"]["to"] == LINE_USER
    [message] = request["json"]["messages"]
    assert message["type"] == "text" and notification.title in message["text"]
    # Email as well: both channels chosen, one delivery each.
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert mail.outbox[0].subject == notification.title
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["email", "line"]


@pytest.mark.parametrize(
    "choice",
    [
        {"telegram": True, "telegram_chat_id": "42"},
        {"whatsapp": True, "whatsapp_number": "+821012345678"},
        {"line": True, "line_user_id": LINE_USER},
    ],
    ids=["telegram", "whatsapp", "line"],
)
def test_a_failed_send_is_retried_and_delivered_exactly_once(messenger, django_capture_on_commit_callbacks, choice):
    user = patient_with(email=False, **choice)
    messenger.failures = 1
    notification = tell(user, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.sent_at is None
    message = Message.objects.get(task="medhub.notifications.tasks.deliver_notification")
    assert message.status == Message.Status.PENDING and "HTTP 500" in message.last_error
    assert len(messenger.requests) == 1

    # Not due yet: the sweeper leaves it alone; once due it is sent.
    assert outbox.deliver_pending() == 0
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox.deliver_pending() == 1
    assert len(messenger.requests) == 2
    delivery.refresh_from_db()
    assert delivery.sent_at is not None

    # Delivered again (a late acknowledgement, a second worker): nothing is sent twice.
    assert outbox.deliver(message.pk) is False
    assert deliver_notification.run(delivery.id) is False
    assert outbox.deliver_pending() == 0
    assert len(messenger.requests) == 2
    if "line" in choice:  # the same retry key on both attempts: LINE itself accepts it once
        keys = {r["headers"]["X-Line-Retry-Key"] for r in messenger.requests}
        assert len(keys) == 1


def test_a_messenger_that_is_away_loses_nothing(settings, django_capture_on_commit_callbacks):
    settings.MEDHUB_TELEGRAM_BOT_TOKEN = "123:token"
    settings.MEDHUB_TELEGRAM_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    user = patient_with(email=False, telegram=True, telegram_chat_id="42")
    notification = tell(user, django_capture_on_commit_callbacks)
    message = Message.objects.get(task="medhub.notifications.tasks.deliver_notification")
    assert message.status == Message.Status.PENDING and "unreachable" in message.last_error
    assert Delivery.objects.get(notification=notification).sent_at is None


def test_a_channel_the_hub_did_not_configure_is_not_used(no_messengers, django_capture_on_commit_callbacks):
    user = patient_with(email=True, telegram=True, telegram_chat_id="42")
    tell(user, django_capture_on_commit_callbacks)
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["email"]
    assert len(mail.outbox) == 1


def test_nothing_is_stored_or_sent_when_the_transaction_fails(messenger, django_capture_on_commit_callbacks):
    user = patient_with(email=True, telegram=True, telegram_chat_id="42")
    case = make_case(patient=user, reference="HB-N-2")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.notify(user, "travel.visa_status", {"case": case}, link="/")
        raise RuntimeError("the service failed after telling")
    assert not Notification.objects.exists() and not Message.objects.exists()
    assert messenger.requests == [] and mail.outbox == []
