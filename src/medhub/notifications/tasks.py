"""Delivery of one notification on one channel, run by the outbox (decision 0007)."""

from celery import shared_task


def deliver(delivery_id: int) -> bool:
    """Sends one delivery unless it was sent already (a re-delivered task sends nothing twice).
    A failure is counted on the delivery and raised, so the outbox keeps its row and tries again
    later. Returns whether this call sent it."""
    from django.conf import settings
    from django.db.models import F
    from django.utils import timezone

    from medhub.notifications.channels import SENDERS
    from medhub.notifications.models import Delivery

    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    if delivery.sent_at is not None:
        return False
    notification = delivery.notification
    language, link = "", ""
    if notification is not None:
        title, text, key = notification.title, notification.message or notification.body, f"{notification.id}:{delivery.channel}"
        language = notification.language
        link = f"{settings.MEDHUB_BASE_URL}{notification.link}" if notification.link else ""
    else:
        title, text, key = delivery.subject, delivery.text, delivery.key
    try:
        external_id = SENDERS[delivery.channel](delivery.address, title, text, key=key, language=language, link=link)
    except Exception as exc:
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    Delivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), external_id=external_id[:200], attempts=F("attempts") + 1, last_error=""
    )
    return True


@shared_task
def deliver_notification(delivery_id: int) -> bool:
    """The outbox's task for one delivery (of a notification, or of an email to an address)."""
    return deliver(delivery_id)


@shared_task
def confirm_link(channel: str, user_id: int) -> bool:
    """Tells a person on the messenger they just linked that notifications will come there, in
    their language, through the same sender as every notification."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import translation
    from django.utils.translation import gettext

    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings
    from medhub.notifications.channels import SENDERS
    from medhub.notifications.services import preference_of

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    address = preference_of(user).address(channel, user)
    if not address:
        return False
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        title = pick(hub_settings().name, language) or "medhub"
        text = gettext(
            "Connected: your notifications from the hub will come here. You can change this in your notification settings."
        )
    SENDERS[channel](address, title, text, key=f"link:{channel}:{user_id}:{address}", language=language)
    return True
