"""An approved erasure leaves nothing of the patient's addresses behind: no unused messenger
link code, no address on the delivery rows of emails sent to them (the inquiry's confirmation),
and the decision email itself, sent to the address as it was, forgets it once it is sent (its
delivery row and its outbox message). A refusal keeps the account, and so its address."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from medhub.accounts.models import Role
from medhub.notifications import services as notifications
from medhub.notifications.models import Channel, Delivery, LinkCode
from medhub.outbox import services as outbox
from medhub.outbox.models import Message
from medhub.privacy import services as privacy
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving():
    patient = make_user("leaving", Role.PATIENT)
    case = make_case(patient=patient, reference="HB-ERASE-1", state="closed", contact_email="leaving-contact@example.com")
    notifications.email_once(
        key=f"cases.inquiry_received:{case.id}", address=case.contact_email, subject="Received", text="We have it."
    )
    notifications.link_code_create(user=patient, channel=Channel.TELEGRAM)
    notifications.link_code_create(user=patient, channel=Channel.LINE)
    boss = make_user("boss", Role.HUB_ADMIN)
    return {"patient": patient, "case": case, "boss": boss, "email": patient.email}


def _decision(leaving) -> Delivery:
    return Delivery.objects.get(key__startswith="privacy.deletion_decision:")


def test_an_approved_erasure_leaves_no_link_code_and_no_address(leaving):
    patient, email = leaving["patient"], leaving["email"]
    assert LinkCode.objects.filter(user=patient).count() == 2
    request = privacy.deletion_request(user=patient)
    privacy.deletion_decide(request_id=request.id, actor=leaving["boss"], approve=True)
    assert not LinkCode.objects.filter(user=patient).exists()
    inquiry = Delivery.objects.get(key=f"cases.inquiry_received:{leaving['case'].id}")
    assert inquiry.address == "" and inquiry.sent_at is not None
    outbox.deliver_pending()
    decided = _decision(leaving)
    assert decided.sent_at is not None and decided.address == ""
    assert [m.to for m in mail.outbox if "erased" in m.subject] == [[email]]  # sent to the address as it was
    for message in Message.objects.all():
        assert email not in str(message.args) and "leaving-contact" not in str(message.args), message.task
    for delivery in Delivery.objects.all():
        assert delivery.address not in (email, "leaving-contact@example.com")


def test_the_address_is_kept_until_the_decision_email_is_sent(leaving, monkeypatch):
    request = privacy.deletion_request(user=leaving["patient"])
    privacy.deletion_decide(request_id=request.id, actor=leaving["boss"], approve=True)
    real_send = EmailBackend.send_messages

    def broken(self, messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    outbox.deliver_pending()
    decided = _decision(leaving)
    assert decided.sent_at is None and decided.address == leaving["email"]  # the retry needs it
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    Message.objects.update(next_attempt_at=Message.objects.order_by("pk").first().created_at.replace(year=2000))
    outbox.deliver_pending()
    decided.refresh_from_db()
    assert decided.sent_at is not None and decided.address == ""
    assert not any(leaving["email"] in str(m.args) for m in Message.objects.all())


def test_a_refusal_keeps_the_account_and_its_address(leaving):
    request = privacy.deletion_request(user=leaving["patient"])
    privacy.deletion_decide(request_id=request.id, actor=leaving["boss"], approve=False, reason="Records kept for now")
    outbox.deliver_pending()
    assert _decision(leaving).address == leaving["email"]
    assert LinkCode.objects.filter(user=leaving["patient"]).count() == 2
    assert Delivery.objects.get(key=f"cases.inquiry_received:{leaving['case'].id}").address == "leaving-contact@example.com"
