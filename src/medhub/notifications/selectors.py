from medhub.notifications.models import Notification


def notifications_of(user):
    """The user's own notifications, newest first: the only way any page or answer reads them."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
