"""The hub itself: its configuration, the exchange rates used to show prices, and what every app keeps about a private file."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import LANGUAGE_CODES, TranslatedField


def default_languages() -> list[str]:
    return list(LANGUAGE_CODES)


class FeedbackPublishing(models.TextChoices):
    """How much of patients' verified feedback the hub shows the public (feedback app, decision 0024)."""

    INTERNAL = "internal", _("Internal only")
    AGGREGATE = "aggregate", _("Aggregate scores only")
    FULL = "full", _("Full feedback")


class HubSettings(models.Model):
    """One row per installation: what the hub is called and what it offers.

    Changed by the hub's administrator in the admin; read through ``selectors.hub_settings``.
    """

    name = TranslatedField(verbose_name=_("hub name"))
    region = TranslatedField(verbose_name=_("region"))
    tagline = TranslatedField(verbose_name=_("tagline"))
    default_currency = models.CharField(
        _("default display currency"),
        max_length=3,
        default="USD",
        help_text=_("Prices are kept in KRW and also shown in this currency unless the visitor picks another."),
    )
    languages = models.JSONField(
        _("supported languages"), default=default_languages, help_text=_("Language codes the hub offers.")
    )
    default_language = models.CharField(_("default language"), max_length=10, default="ko")
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    emergency_phone = models.CharField(
        _("emergency phone"),
        max_length=40,
        blank=True,
        help_text=_("Answered at any hour; printed on every patient's itinerary."),
    )
    address = TranslatedField(verbose_name=_("address"))
    feedback_publishing = models.CharField(
        _("publishing of patients' feedback"),
        max_length=10,
        choices=FeedbackPublishing.choices,
        default=FeedbackPublishing.INTERNAL,
        help_text=_(
            "Internal only: the hub's staff and the institution concerned see it. Aggregate scores: institution "
            "pages show average scores and the number of answers. Full: they also show the texts and the "
            "institution's answers. In Korea the Medical Service Act restricts patients' treatment experiences "
            "in medical advertising: publish only what your lawyer allows."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hub settings")
        verbose_name_plural = _("hub settings")

    def __str__(self) -> str:
        from medhub.core.i18n import pick

        return pick(self.name) or "medhub"

    def clean(self) -> None:
        unknown = [code for code in self.languages or [] if code not in LANGUAGE_CODES]
        if unknown or not self.languages:
            raise ValidationError({"languages": _("Choose one or more of the supported language codes.")})
        if self.default_language not in self.languages:
            raise ValidationError({"default_language": _("The default language must be one of the hub's languages.")})
        if not ExchangeRate.is_known_currency(self.default_currency):
            raise ValidationError({"default_currency": _("Enter a three-letter currency code such as USD.")})
        from medhub.core.phones import to_e164

        for field in ("contact_phone", "emergency_phone"):
            if getattr(self, field).strip():
                setattr(self, field, to_e164(getattr(self, field), field=field))


class ExchangeRate(models.Model):
    """How many won one unit of a currency was worth on a date (the rate shown beside prices)."""

    currency = models.CharField(_("currency"), max_length=3)
    krw_per_unit = models.DecimalField(_("KRW per unit"), max_digits=14, decimal_places=4)
    as_of = models.DateField(_("rate date"))
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "as_of"], name="exchange_rate_one_per_day"),
            models.CheckConstraint(condition=models.Q(krw_per_unit__gt=0), name="exchange_rate_positive"),
        ]
        ordering = ["currency", "-as_of"]

    def __str__(self) -> str:
        return f"{self.currency} {self.krw_per_unit} ({self.as_of})"

    @staticmethod
    def is_known_currency(code: str) -> bool:
        return isinstance(code, str) and len(code) == 3 and code.isalpha() and code.isupper()

    def convert(self, krw: int) -> Decimal:
        return (Decimal(krw) / self.krw_per_unit).quantize(Decimal("1"))


class RateCounter(models.Model):
    """One counter of the embedded throttle (medhub.core.throttle): hits of one key in one window.

    Used when no Redis is configured: the database is the one store every app process on the
    machine shares, and an ``UPDATE … SET hits = hits + 1`` under the row's lock cannot be raced."""

    key = models.CharField(max_length=200, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"


class UsedToken(models.Model):
    """A one-time link that has been used: its digest, so the same link never works twice."""

    digest = models.CharField(max_length=64, primary_key=True)
    purpose = models.CharField(max_length=40)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("used link")
        verbose_name_plural = _("used links")

    def __str__(self) -> str:
        return f"{self.purpose} {self.digest[:12]}"


class LogEntry(models.Model):
    """One row of the audit log, written only through ``medhub.core.audit.log_action``: who did
    what (an action code an app registered), when, to which object, in which case, with what
    detail. The case is a plain number so that core knows nothing of cases; the row outlives
    the object it names (a removed traveller, a deleted room)."""

    action = models.CharField(_("action"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    case_id = models.PositiveBigIntegerField(_("case id"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("detail"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case_id", "created_at"], name="logentry_case"),
            models.Index(fields=["content_type", "object_id"], name="logentry_object"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        from medhub.core.audit import label

        return label(self.action)


class PrivateFile(models.Model):
    """What medhub keeps about any file a person sent: stored privately (the subclass says
    where), served only through a permission check, its type judged by content."""

    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    checksum = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name
