"""The transactional outbox.

A service calls ``enqueue(task, *args)`` inside its transaction: the row commits with the change
or not at all. After commit one delivery is attempted: through the broker when there is one
(``apply_async`` without retries, so a broker that is away costs the request nothing: the row
stays pending), in-process otherwise. ``deliver_pending`` (the ``deliver_outbox`` command, and a
Celery beat entry) sends whatever is still pending, so a lost queue or a failed SMTP server
loses nothing. ``deliver`` claims a row with a conditional UPDATE: a message delivered twice
(two workers, a late-acknowledged task re-delivered, the sweeper racing a worker) runs once.
"""

import datetime
import functools
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import KombuError

from medhub.outbox.models import Message

logger = logging.getLogger(__name__)

# After this many failed attempts a message is marked failed and left for a person to look at.
MAX_ATTEMPTS = 12
# A message claimed this long ago and never finished belongs to a worker that died: send again.
LEASE = datetime.timedelta(minutes=10)
DELIVER_TASK = "medhub.outbox.tasks.deliver_message"


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before the next attempt: 1, 2, 4... minutes, at most six hours."""
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), datetime.timedelta(hours=6))


def enqueue(task, *args) -> Message:
    """Records that ``task(*args)`` must run, in the caller's transaction, and tries it after
    commit. ``task`` is a Celery task; its arguments must be JSON (ids, a locale)."""
    message = Message.objects.create(task=task.name, args=list(args))
    transaction.on_commit(functools.partial(dispatch, message.id))
    return message


def dispatch(message_id: int) -> None:
    """One delivery attempt right after commit. Never raises: whatever fails here, the row is
    pending and the sweeper sends it."""
    from medhub.celery import app

    if app.conf.task_always_eager:
        deliver(message_id)
        return
    try:
        # By name, on our app: the worker knows the task whatever this process has imported.
        app.send_task(DELIVER_TASK, args=(message_id,), retry=False)
    except (KombuError, OSError) as exc:
        logger.warning("outbox: broker unavailable, message %s left for the sweeper: %s", message_id, exc)


def deliver(message_id: int) -> bool:
    """Runs a pending message's task once. Returns whether this call sent it."""
    from medhub.celery import app

    now = timezone.now()
    claimed = Message.objects.filter(pk=message_id, status=Message.Status.PENDING, next_attempt_at__lte=now).update(
        status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    try:
        app.tasks[message.task].run(*message.args)
    # A side effect may fail in any way (SMTP down, a template error, a deleted case); none may
    # be lost or stop the sweeper: the failure is kept on the row and retried later.
    except Exception as exc:
        failed = message.attempts >= MAX_ATTEMPTS
        Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
            status=Message.Status.FAILED if failed else Message.Status.PENDING,
            next_attempt_at=timezone.now() + backoff(message.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        logger.warning("outbox: message %s (%s) failed, attempt %s: %s", message_id, message.task, message.attempts, exc)
        return False
    Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
        status=Message.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def deliver_pending(*, limit: int = 500) -> int:
    """The sweeper: releases messages whose worker died, then sends every due pending message.
    Returns how many were sent."""
    now = timezone.now()
    Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=now - LEASE).update(
        status=Message.Status.PENDING, next_attempt_at=now
    )
    due = Message.objects.filter(status=Message.Status.PENDING, next_attempt_at__lte=now).order_by("pk")
    return sum(deliver(pk) for pk in due.values_list("pk", flat=True)[:limit])
