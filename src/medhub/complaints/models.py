"""Complaints: anyone tells the hub what went wrong with an institution, an agency, a partner
service or the hub itself, or reports an illegal broker; the hub acknowledges, forwards, records
an outcome, and may refer the dispute to K-medi (docs/complaints.md)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.core.models import PrivateFile


class ComplaintStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    FORWARDED = "forwarded", _("Forwarded to the organization")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    UPHELD = "upheld", _("Upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    REFERRED = "referred", _("Referred to K-medi")


# Every outcome a complaint can end with.
OUTCOMES = (
    ComplaintStatus.RESOLVED,
    ComplaintStatus.WITHDRAWN,
    ComplaintStatus.UPHELD,
    ComplaintStatus.NOT_UPHELD,
    ComplaintStatus.REFERRED,
)
# Waiting for the hub: received (to acknowledge) or in hand (to resolve).
OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.FORWARDED)


class ComplaintCategory(models.TextChoices):
    CARE = "care", _("Quality or safety of care")
    PRICE = "price", _("Price, bill or refund")
    COMMUNICATION = "communication", _("Communication or interpretation")
    SERVICE = "service", _("Hotel, transport or other service")
    PRIVACY = "privacy", _("Personal data or privacy")
    CONDUCT = "conduct", _("Rudeness or unfair treatment")
    BROKERING = "brokering", _("Illegal brokering (an unregistered agency)")
    OTHER = "other", _("Something else")


class ComplaintSubject(models.TextChoices):
    ORGANIZATION = "organization", _("An institution, agency or service in the directory")
    HUB = "hub", _("The hub itself")
    BROKER = "broker", _("An unregistered broker")


class Complaint(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.UNCONFIRMED, db_index=True
    )
    category = models.CharField(_("category"), max_length=20, choices=ComplaintCategory.choices)
    subject = models.CharField(_("about"), max_length=20, choices=ComplaintSubject.choices)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    broker_details = models.TextField(
        _("the broker"), blank=True, help_text=_("Name, phone, website or social-media account of the broker.")
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("complainant's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("what happened"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    received_at = models.DateTimeField(
        _("received"), null=True, blank=True, help_text=_("When the clocks started: at filing, or when the email was confirmed.")
    )
    acknowledge_due = models.DateTimeField(_("acknowledgement due"), null=True, blank=True, db_index=True)
    resolve_due = models.DateTimeField(_("resolution due"), null=True, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    closed_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    kmedi_referred_on = models.DateField(_("referred to K-medi on"), null=True, blank=True)
    kmedi_reference = models.CharField(_("K-medi reference"), max_length=60, blank=True)
    kmedi_outcome = models.TextField(_("K-medi outcome"), blank=True)
    kmedi_outcome_on = models.DateField(_("K-medi outcome date"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="complaint_org_status")]

    def __str__(self) -> str:
        return self.reference

    @property
    def next_due(self) -> datetime.datetime | None:
        """The deadline the hub works to now: acknowledging, then resolving; none once closed."""
        if self.status == ComplaintStatus.RECEIVED:
            return self.acknowledge_due
        if self.status in OPEN_STATUSES:
            return self.resolve_due
        return None

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        due = self.next_due
        return due is not None and (now or timezone.now()) > due

    @property
    def is_closed(self) -> bool:
        return self.status in OUTCOMES


def complaint_document_path(instance: "ComplaintDocument", filename: str) -> str:
    return f"complaints/{instance.complaint.reference}/{timezone.now():%Y%m%d%H%M%S}-{instance.checksum[:12]}"


class ComplaintDocument(PrivateFile):
    """A file sent with the complaint: kept privately, served only to those who may read it."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=complaint_document_path)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint document")
        verbose_name_plural = _("complaint documents")
        ordering = ["created_at", "id"]


class ComplaintAnswer(models.Model):
    """What the organization concerned answers, once or several times, in its workspace."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="answers")
    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("answer"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization's answer")
        verbose_name_plural = _("organization's answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint} · {self.organization_id}"


class ComplaintMessage(models.Model):
    """One message between the hub and a complainant who has an account (a simple thread)."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_hub = models.BooleanField(_("from the hub"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint message")
        verbose_name_plural = _("complaint messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint} #{self.pk}"
