"""Delivery of one notification on one channel, run by the outbox (decision 0007)."""

from celery import shared_task


@shared_task
def deliver_notification(delivery_id: int) -> bool:
    """Sends one delivery unless it was sent already (a re-delivered task sends nothing twice).
    A failure raises, so the outbox keeps the row and tries again later."""
    from django.utils import timezone

    from medhub.notifications.channels import SENDERS
    from medhub.notifications.models import Delivery

    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    if delivery.sent_at is not None:
        return False
    notification = delivery.notification
    external_id = SENDERS[delivery.channel](
        delivery.address,
        notification.title,
        notification.message or notification.body,
        key=f"{delivery.notification_id}:{delivery.channel}",
    )
    Delivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(sent_at=timezone.now(), external_id=external_id[:200])
    return True
