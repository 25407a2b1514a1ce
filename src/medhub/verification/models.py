"""Verification: the reminders sent before an organization's registration, malpractice insurance or
accreditation expires (each once), and the renewed certificates its staff upload for the hub
administrator to confirm."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Item(models.TextChoices):
    """What expires and is renewed."""

    REGISTRATION = "registration", _("Registration")
    INSURANCE = "insurance", _("Malpractice insurance")
    ACCREDITATION = "accreditation", _("Accreditation")


class Reminder(models.Model):
    """One reminder (or, at threshold 0, the notice that the item expired) about one item of one
    organization at one expiry date. The unique constraint is what makes the daily watch safe to
    run again: a reminder already written is never sent a second time."""

    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    # "registration", "insurance" or "accreditation-<id>": one key per thing that expires.
    item_key = models.CharField(_("item"), max_length=40)
    threshold = models.PositiveSmallIntegerField(_("days before expiry"), help_text=_("0: the notice of expiry."))
    expires_on = models.DateField(_("expires"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "item_key", "threshold", "expires_on"], name="verification_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.item_key} {self.threshold} {self.expires_on}"


def renewal_path(instance: "Renewal", filename: str) -> str:
    return f"verification/{instance.organization_id}/{timezone.now():%Y%m%d%H%M%S}-{instance.checksum[:12]}"


class Renewal(models.Model):
    """A renewed certificate an organization's staff member sent, waiting for (or after) the hub
    administrator's decision. Confirming it moves the organization's dates."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="renewals"
    )
    item = models.CharField(_("what is renewed"), max_length=20, choices=Item.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True)
    expires_on = models.DateField(_("new expiry"))
    insurance_cover_krw = models.PositiveBigIntegerField(_("insurance cover (KRW)"), null=True, blank=True)
    accreditation_body = models.CharField(_("accrediting body"), max_length=10, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    file = models.FileField(_("certificate"), upload_to=renewal_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    checksum = models.CharField(_("SHA-256"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["organization", "state"], name="verification_renewal_org")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.item} {self.expires_on}"
