"""The outbox's Celery tasks: one message by id (after commit), and the periodic sweeper."""

from celery import shared_task


@shared_task
def deliver_message(message_id: int) -> bool:
    from medhub.outbox.services import deliver

    return deliver(message_id)


@shared_task
def deliver_pending() -> int:
    from medhub.outbox.services import deliver_pending

    return deliver_pending()
