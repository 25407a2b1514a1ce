"""Nothing lost when a part fails: every email is an outbox row written with the change that
causes it, delivered after commit and by the sweeper, exactly once."""

import datetime
import re
import smtplib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.cases import tasks as case_tasks
from medhub.cases.models import Case
from medhub.outbox import services as outbox
from medhub.outbox import tasks as outbox_tasks
from medhub.outbox.models import Message
from tests.cases.conftest import inquiry_fields
from tests.conftest import drop_celery_producers

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
DEAD_BROKER = "redis://127.0.0.1:1/0"


def submit(door: str, client, data: dict):
    if door == "page":
        response = client.post("/en/inquiry/", data)
        assert response.status_code in (200, 302), response.status_code
    else:
        response = APIClient().post("/api/v1/inquiries/", data, format="multipart")
        assert response.status_code == 201, response.content
    return response


@pytest.fixture
def dead_broker(settings):
    """The production layout with its Redis stopped: tasks go to a broker that refuses."""
    from medhub.celery import app

    previous = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    settings.CELERY_BROKER_URL = DEAD_BROKER
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=DEAD_BROKER)
    drop_celery_producers(app)  # no producer pool left over from the in-process configuration
    yield
    app.conf.update(**previous)
    drop_celery_producers(app)


@pytest.mark.parametrize("door", ["page", "api"])
def test_an_inquiry_is_answered_at_once_and_mailed_later_when_the_broker_is_down(
    door, client, directory, dead_broker, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        submit(door, client, inquiry_fields())
    assert time.monotonic() - started < 3, "the request waited for the broker"
    case = Case.objects.get()
    message = Message.objects.get()
    assert (message.task, message.args, message.status) == (
        "medhub.cases.tasks.send_inquiry_received",
        [case.id],
        Message.Status.PENDING,
    )
    assert mail.outbox == []

    call_command("deliver_outbox")
    call_command("deliver_outbox")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aigerim@example.kz"]
    assert case.reference in mail.outbox[0].subject
    assert "получ" in mail.outbox[0].subject.lower(), "the email is still in the patient's language"
    assert Message.objects.get().status == Message.Status.SENT


def test_the_outbox_row_commits_with_the_change_or_not_at_all(directory):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(case_tasks.send_inquiry_received, 1)
        assert Message.objects.count() == 1
        raise RuntimeError("the change fails after its email was recorded")
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_delivering_a_message_twice_sends_one_email(client, directory):
    submit("page", client, inquiry_fields())  # no commit in a test: the row stays pending
    case = Case.objects.get()
    message = Message.objects.get()
    assert outbox_tasks.deliver_message(message.id) is True
    # A late-acknowledged task re-delivered by the broker, and the sweeper racing it.
    assert outbox_tasks.deliver_message(message.id) is False
    assert outbox.deliver_pending() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [case.contact_email]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)


def test_a_failed_send_stays_pending_and_the_sweeper_sends_it_later(client, directory, monkeypatch):
    submit("page", client, inquiry_fields())  # no commit in a test: the row stays pending
    message = Message.objects.get()
    real_send = EmailBackend.send_messages

    def smtp_down(self, messages):
        raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", smtp_down)
    assert outbox.deliver(message.id) is False
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    assert message.next_attempt_at > timezone.now(), "the next attempt waits a little"
    assert outbox.deliver_pending() == 0, "not due yet"

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    Message.objects.update(next_attempt_at=timezone.now())
    assert outbox.deliver_pending() == 1
    assert len(mail.outbox) == 1
    assert Message.objects.get().status == Message.Status.SENT


def test_a_message_that_keeps_failing_is_marked_failed_for_a_person_to_see(directory, monkeypatch):
    message = outbox.enqueue(case_tasks.send_inquiry_received, 0)
    Message.objects.filter(pk=message.pk).update(task="medhub.no.such.task", attempts=outbox.MAX_ATTEMPTS - 1)
    assert outbox.deliver(message.id) is False
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and "NotRegistered" in message.last_error
    assert outbox.deliver_pending() == 0


def test_a_message_claimed_by_a_worker_that_died_is_sent_after_the_lease(client, directory):
    submit("page", client, inquiry_fields())  # no commit in a test: the row stays pending
    claimed = timezone.now()
    Message.objects.update(status=Message.Status.SENDING, claimed_at=claimed, attempts=1)
    assert outbox.deliver_pending() == 0, "a worker may still be sending it"
    Message.objects.update(claimed_at=claimed - outbox.LEASE - datetime.timedelta(seconds=1))
    assert outbox.deliver_pending() == 1
    assert len(mail.outbox) == 1


def test_without_a_broker_the_email_is_sent_in_process_after_commit(client, directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit("page", client, inquiry_fields())
    assert len(mail.outbox) == 1
    assert Message.objects.get().status == Message.Status.SENT


def test_no_code_sends_a_task_to_the_broker_but_the_outbox():
    """A task published straight to the broker is the kind of code that lost emails and stalled
    requests while Redis was away: everything goes through outbox.enqueue."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "src" / "medhub").rglob("*.py"))
        if re.search(r"\.delay\(|\.apply_async\(|\.send_task\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == ["src/medhub/outbox/services.py"]


@pytest.mark.parametrize("backend", ["console", "dummy", "locmem"])
def test_production_refuses_to_start_with_an_email_backend_that_sends_nothing(backend):
    env = {
        "MEDHUB_ENV": "production",
        "MEDHUB_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/none",
        "MEDHUB_ALLOWED_HOSTS": "hub.example",
        "MEDHUB_EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend",
        "PYTHONPATH": str(ROOT / "src"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import medhub.settings"], env=env, capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode != 0
    assert "MEDHUB_EMAIL_BACKEND must send real email in production" in result.stderr
