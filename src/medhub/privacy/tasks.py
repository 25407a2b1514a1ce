"""The privacy app's side effects, run through the outbox (ids, an address and a locale; never
model instances)."""

from celery import shared_task


@shared_task
def send_deletion_decision(request_id: int, email: str, language: str) -> None:
    """Tells the patient the decision on their deletion request (``cases.tasks``, to the address
    passed in: an erased account no longer holds it), then, when their data were erased, forgets
    that address on the email's delivery row and in this task's own outbox row."""
    from medhub.cases.tasks import send_deletion_decision as send
    from medhub.privacy.services import _forget_decision_address

    send(request_id, email, language)
    _forget_decision_address(request_id)
