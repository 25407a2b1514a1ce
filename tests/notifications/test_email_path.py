"""Emails to an address rather than an account (an inquiry's sender, a patient whose deletion
was decided) and the deletion request to the hub's administrators go through notify's email
delivery: one Delivery row per message, sent once, retried, and no in-app notification."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from medhub.accounts.models import Role
from medhub.cases import tasks as case_tasks
from medhub.cases.models import Case
from medhub.notifications.models import Delivery, Notification
from medhub.outbox import services as outbox
from medhub.outbox.models import Message
from medhub.privacy import services as privacy
from tests.cases.conftest import inquiry_fields, make_case, make_user

pytestmark = pytest.mark.django_db


def test_the_inquiry_email_is_a_delivery_sent_once(client, directory):
    assert client.post("/en/inquiry/", inquiry_fields()).status_code == 302
    case = Case.objects.get()
    assert outbox.deliver_pending() == 1
    delivery = Delivery.objects.get()
    assert (delivery.key, delivery.channel, delivery.address) == (
        f"cases.inquiry_received:{case.id}",
        "email",
        case.contact_email,
    )
    assert delivery.notification is None and delivery.sent_at is not None and delivery.attempts == 1
    assert not Notification.objects.exists()  # no account, nothing in-app
    [email] = mail.outbox
    assert (email.to, email.subject, email.body) == ([case.contact_email], delivery.subject, delivery.text)

    # The task run again (a re-delivered message, a sweeper racing a worker) sends nothing more.
    case_tasks.send_inquiry_received(case.id)
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 1


def test_a_failed_inquiry_email_is_counted_and_retried_until_sent(client, directory, monkeypatch):
    assert client.post("/en/inquiry/", inquiry_fields()).status_code == 302
    real_send = EmailBackend.send_messages

    def smtp_down(self, messages):
        raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", smtp_down)
    assert outbox.deliver_pending() == 0
    delivery = Delivery.objects.get()
    assert delivery.sent_at is None and delivery.attempts == 1 and "SMTPServerDisconnected" in delivery.last_error
    assert Message.objects.get().status == Message.Status.PENDING

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    Message.objects.update(next_attempt_at=Message.objects.get().next_attempt_at.replace(year=2000))
    assert outbox.deliver_pending() == 1
    delivery.refresh_from_db()
    assert delivery.sent_at is not None and delivery.attempts == 2 and delivery.last_error == ""
    assert len(mail.outbox) == 1


def test_deletion_request_and_decision_emails_are_deliveries(db):
    patient = make_user("leaving", Role.PATIENT)
    patient.preferred_language = "ko"
    patient.save()
    make_case(patient=patient, reference="HB-DEL-1", state="closed")
    boss = make_user("boss", Role.HUB_ADMIN)
    request = privacy.deletion_request(user=patient)
    privacy.deletion_decide(request_id=request.id, actor=boss, approve=False, reason="Records kept for now")
    assert outbox.deliver_pending() == 2
    told = Delivery.objects.get(key=f"privacy.deletion_requested:{request.id}:{boss.id}")
    decided = Delivery.objects.get(key=f"privacy.deletion_decision:{request.id}")
    assert told.address == boss.email and decided.address == patient.email
    assert told.sent_at and decided.sent_at
    assert "Records kept for now" in decided.text
    assert sorted(email.to[0] for email in mail.outbox) == sorted([boss.email, patient.email])
    assert not Notification.objects.exists()
    # Run again, nothing is sent twice.
    case_tasks.send_deletion_decision(request.id, patient.email, "ko")
    case_tasks.send_deletion_requested(request.id)
    assert len(mail.outbox) == 2
