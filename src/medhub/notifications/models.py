"""In-app notifications, their deliveries (one per channel) and each person's choice of channels."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    LINE = "line", _("LINE")


class Notification(models.Model):
    """One thing someone should know, rendered in their language when it happened."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # The same words for email and messengers: with the link and the hub's name.
    message = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """One channel's delivery of a notification: the idempotency key of the send. The outbox runs
    the task; ``sent_at`` makes a re-delivered task send nothing twice."""

    # Empty for an email to an address rather than an account (an inquiry's sender, a patient
    # whose data are erased): those carry their own subject and text and a unique ``key``.
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries", null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    key = models.CharField(_("key"), max_length=200, null=True, blank=True, unique=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created"), null=True, auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    external_id = models.CharField(_("message id"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.notification_id or self.key} · {self.channel}"

    @property
    def status(self) -> str:
        if self.sent_at:
            return gettext("sent")
        return gettext("failing, retried") if self.attempts else gettext("waiting")


class LinkCode(models.Model):
    """A one-time code that links a person's messenger account to theirs: in the Telegram
    start link, or typed to the hub's LINE account. Only its hash is kept; it expires and is
    used once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("messenger link code")
        verbose_name_plural = _("messenger link codes")

    def __str__(self):
        return f"{self.user_id} · {self.channel}"


class Preference(models.Model):
    """The channels a person chose and their address on each messenger."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    email = models.BooleanField(_("email"), default=True)
    telegram = models.BooleanField(_("Telegram"), default=False)
    telegram_chat_id = models.CharField(_("Telegram chat ID"), max_length=64, blank=True)
    whatsapp = models.BooleanField(_("WhatsApp"), default=False)
    whatsapp_number = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    line = models.BooleanField(_("LINE"), default=False)
    line_user_id = models.CharField(_("LINE user ID"), max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)

    ADDRESS_FIELDS = {
        Channel.TELEGRAM: "telegram_chat_id",
        Channel.WHATSAPP: "whatsapp_number",
        Channel.LINE: "line_user_id",
    }

    def address(self, channel: str, user) -> str:
        if channel == Channel.EMAIL:
            return user.email or ""
        return getattr(self, self.ADDRESS_FIELDS[channel])

    def chosen(self) -> list[str]:
        return [channel for channel in Channel.values if getattr(self, channel)]
