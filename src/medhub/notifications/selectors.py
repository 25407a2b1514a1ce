import contextlib

from django.core.cache import cache

from medhub.notifications.models import Notification

# The header shows the unread count on every page: kept in the cache, counted up when a
# notification arrives and forgotten when some are read.
UNREAD_SECONDS = 600


def notifications_of(user):
    """The user's own notifications, newest first: the only way any page or answer reads them."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    count = cache.get(unread_key(user.pk))
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(unread_key(user.pk), count, UNREAD_SECONDS)
    return count


def forget_unread(user_id: int) -> None:
    cache.delete(unread_key(user_id))


def count_one_more(user_id: int) -> None:
    """One more unread notification: the cached count follows without a query (a count not
    cached is counted by the next page)."""
    with contextlib.suppress(ValueError):
        cache.incr(unread_key(user_id))


def export_of(user) -> dict:
    """What the person's copy of their data says about notifications: their channels and
    addresses, and what they were told."""
    from medhub.notifications.models import Preference

    preference = Preference.objects.filter(user=user).first()
    fields = ("email", "telegram", "telegram_chat_id", "whatsapp", "whatsapp_number", "line", "line_user_id")
    return {
        "settings": {field: getattr(preference, field) for field in fields} if preference else None,
        "received": [
            {
                "kind": n.kind,
                "title": n.title,
                "text": n.body,
                "link": n.link,
                "at": n.created_at.isoformat(),
                "read": n.read_at.isoformat() if n.read_at else None,
            }
            for n in notifications_of(user)
        ],
    }
