"""Cases: a foreign patient's request for care, from the first inquiry to aftercare."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.core.models import PrivateFile


class CaseState(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    SHARED = "shared", _("Shared with institutions")
    QUOTED = "quoted", _("Quoted")
    ACCEPTED = "accepted", _("Quote accepted")
    SCHEDULED = "scheduled", _("Scheduled")
    PRE_ARRIVAL = "pre_arrival", _("Pre-arrival")
    IN_TREATMENT = "in_treatment", _("In treatment")
    AFTERCARE = "aftercare", _("Aftercare")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    LOST = "lost", _("Lost")


class Messenger(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    WECHAT = "wechat", "WeChat"
    LINE = "line", "LINE"
    TELEGRAM = "telegram", "Telegram"
    KAKAOTALK = "kakaotalk", "KakaoTalk"


CONSENT_VERSION = "2026-11"


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    state = models.CharField(_("state"), max_length=20, choices=CaseState.choices, default=CaseState.NEW, db_index=True)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("patient"), on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
    )
    referred_by = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("referring facilitator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_cases",
    )
    full_name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(_("email"))
    email_verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)
    messenger = models.CharField(_("messenger"), max_length=20, choices=Messenger.choices, blank=True)
    messenger_handle = models.CharField(_("messenger handle"), max_length=100, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2)
    residence_country = models.CharField(_("country of residence"), max_length=2)
    preferred_language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES)
    time_zone = models.CharField(_("time zone"), max_length=60, default="UTC")
    problem = models.TextField(_("what you need help with"))
    requested_specialty = models.ForeignKey(
        "directory.Specialty",
        verbose_name=_("specialty asked for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    specialty = models.ForeignKey(
        "directory.Specialty", verbose_name=_("specialty"), on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    desired_from = models.DateField(_("earliest date"), null=True, blank=True)
    desired_to = models.DateField(_("latest date"), null=True, blank=True)
    budget_amount = models.PositiveBigIntegerField(_("budget"), null=True, blank=True)
    budget_currency = models.CharField(_("budget currency"), max_length=3, blank=True)
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_health_data_at = models.DateTimeField(_("consent to health-data processing"))
    consent_transfer_at = models.DateTimeField(_("consent to transfer abroad"))
    first_response_due = models.DateTimeField(_("first response due"))
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        help_text=_("When the patient's personal data were erased on their request; what the law keeps stays."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "first_response_due"], name="case_state_due")]

    def __str__(self) -> str:
        return self.reference

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        """No first answer yet and the promised time has passed."""
        return self.first_responded_at is None and (now or timezone.now()) > self.first_response_due


def document_path(instance: "CaseDocument", filename: str) -> str:
    return f"cases/{instance.case.reference}/{timezone.now():%Y%m%d%H%M%S}-{instance.checksum[:12]}"


class CaseDocument(PrivateFile):
    """A file sent with the case."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["created_at", "id"]


class CaseShare(models.Model):
    """A case shown to one institution, which may then answer it. The institution sees only
    what it needs to (no contact details)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="shares")
    institution = models.ForeignKey(
        "directory.Organization", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="case_shares"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("shared by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reasons = models.JSONField(_("why it was recommended"), default=list, blank=True)
    created_at = models.DateTimeField(_("shared"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case share")
        verbose_name_plural = _("case shares")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "institution"], name="case_share_once")]

    def __str__(self) -> str:
        return f"{self.case} → {self.institution}"


class Quote(models.Model):
    """An institution's answer to a shared case: a plan and an itemized price, in versions."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="quotes")
    institution = models.ForeignKey(
        "directory.Organization", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="quotes"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "institution"], name="quote_once_per_institution")]

    def __str__(self) -> str:
        return f"{self.case} · {self.institution}"


class QuoteVersion(models.Model):
    """One version of a quote. A revision is a new version; nothing is overwritten."""

    quote = models.ForeignKey(Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    plan = models.TextField(_("treatment plan"))
    items = models.JSONField(_("items"), default=list)
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    included = models.TextField(_("included"), blank=True)
    excluded = models.TextField(_("not included"), blank=True)
    valid_until = models.DateField(_("valid until"))
    stay_days = models.PositiveSmallIntegerField(_("expected stay (days)"), default=0)
    recovery_days = models.PositiveSmallIntegerField(_("recovery (days)"), default=0)
    commission_percent = models.DecimalField(
        _("facilitator commission (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("quote version")
        verbose_name_plural = _("quote versions")
        ordering = ["quote_id", "number"]
        constraints = [models.UniqueConstraint(fields=["quote", "number"], name="quote_version_number")]

    def __str__(self) -> str:
        return f"{self.quote} v{self.number}"

    @property
    def total(self) -> int:
        return sum(int(item["amount"]) for item in self.items)


class Message(models.Model):
    """One message in a case's thread, kept in the language it was written in.

    A case has several conversations: the general one (patient, hub, referring facilitator;
    ``institution`` is empty) and one per institution the case is shared with (that
    institution, the hub and the patient). ``cases.access`` decides who reads and writes which."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="messages")
    institution = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("conversation with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the general conversation of the patient, the hub and the referring facilitator."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} #{self.pk}"


def attachment_path(instance: "MessageAttachment", filename: str) -> str:
    return f"cases/{instance.message.case.reference}/messages/{timezone.now():%Y%m%d%H%M%S}-{instance.checksum[:12]}"


class MessageAttachment(PrivateFile):
    message = models.ForeignKey(Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]


class MessageTranslation(models.Model):
    """A machine translation of a message into one language, made on request and kept."""

    message = models.ForeignKey(Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("translation"))
    backend = models.CharField(_("translated by"), max_length=60)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("message translation")
        verbose_name_plural = _("message translations")
        constraints = [models.UniqueConstraint(fields=["message", "language"], name="message_translation_once")]

    def __str__(self) -> str:
        return f"{self.message} → {self.language}"


class CaseAccess(models.Model):
    """Every opening of a case's page, messages, health document or attachment by anyone but
    the case's patient: who, when, which case, what, through which door (docs/personal-data.md)."""

    class What(models.TextChoices):
        PAGE = "page", _("Case page")
        MESSAGES = "messages", _("Messages")
        DOCUMENTS = "documents", _("List of documents")
        DOCUMENT = "document", _("Health document")
        ATTACHMENT = "attachment", _("Message attachment")

    class Door(models.TextChoices):
        WEB = "web", _("Web page")
        API = "api", _("API")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    what = models.CharField(_("what"), max_length=12, choices=What.choices)
    object_id = models.PositiveBigIntegerField(_("document or attachment"), null=True, blank=True)
    door = models.CharField(_("through"), max_length=4, choices=Door.choices)
    page = models.CharField(_("page"), max_length=60, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("case access")
        verbose_name_plural = _("case accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"], name="case_access_case_at")]

    def __str__(self) -> str:
        return f"{self.case} · {self.user} · {self.get_what_display()} · {self.at:%Y-%m-%d %H:%M}"


class DeletionRequest(models.Model):
    """A patient asks the hub to erase their personal data; a hub administrator approves (the
    data are erased or anonymized, keeping what the law says must be kept) or refuses with a
    reason. The row is the record of the request and of the decision (docs/personal-data.md)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved: personal data erased")
        REFUSED = "refused", _("Refused: personal data kept")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("patient"), on_delete=models.PROTECT, related_name="deletion_requests"
    )
    note = models.TextField(_("what the patient wrote"), blank=True)
    language = models.CharField(_("language for the answer"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason for refusing"), blank=True)
    outcome = models.JSONField(_("what was erased and what is kept"), default=dict, blank=True)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="pending"), name="deletion_request_one_pending")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.get_status_display()} · {self.requested_at:%Y-%m-%d}"


class CaseFollow(models.Model):
    """A hub staff member follows a case: it shows under "Following" on their board."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="followed_cases"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed case")
        verbose_name_plural = _("followed cases")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_follow_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.case}"
