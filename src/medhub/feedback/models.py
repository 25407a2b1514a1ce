"""Verified feedback: what a treated patient says about the institution that treated them.

Written once per case by the case's patient (``services.feedback_give``), answered once by the
institution, hidden or restored by the hub administrator with a reason from a fixed list (never
"negative"). What the public sees follows the hub's publishing level (decision 0024)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The five things a patient rates, in the order the forms, pages and API show them.
CRITERIA = ("communication", "interpretation", "facilities", "result", "price_honesty")


def criterion_labels() -> dict[str, str]:
    return {
        "communication": _("Communication"),
        "interpretation": _("Interpretation"),
        "facilities": _("Facilities"),
        "result": _("Result of the treatment"),
        "price_honesty": _("Price honesty"),
    }


class HideReason(models.TextChoices):
    """Why the hub may hide feedback. Being negative is not one of them, on purpose."""

    PERSONAL_DATA = "personal_data", _("It contains personal data")
    DEFAMATION = "defamation", _("It defames or insults a person")
    OFF_TOPIC = "off_topic", _("It is off topic")
    ADVERTISING = "advertising", _("It is advertising or spam")
    OTHER = "other", _("Another reason (explained)")


def _rating(label):
    return models.PositiveSmallIntegerField(label)


class Feedback(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="feedback")
    institution = models.ForeignKey(
        "directory.Organization", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="feedback"
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("patient"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    communication = _rating(_("communication"))
    interpretation = _rating(_("interpretation"))
    facilities = _rating(_("facilities"))
    result = _rating(_("result of the treatment"))
    price_honesty = _rating(_("price honesty"))
    # What the patient finally paid, and the accepted quote it is compared with (both as they were
    # when the feedback was given; the comparison goes through KRW at that day's rates).
    paid_amount = models.PositiveBigIntegerField(_("amount finally paid"))
    paid_currency = models.CharField(_("currency paid in"), max_length=3)
    quoted_amount = models.PositiveBigIntegerField(_("accepted quote's total"))
    quoted_currency = models.CharField(_("accepted quote's currency"), max_length=3)
    difference_percent = models.DecimalField(
        _("paid compared with the quote (%)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Positive when the patient paid more than quoted; empty when no exchange rate allowed the comparison."),
    )
    paid_more = models.BooleanField(_("paid more than quoted"), default=False)
    text = models.TextField(_("what the patient wrote"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("given"), auto_now_add=True, db_index=True)

    answer = models.TextField(_("institution's answer"), blank=True)
    answer_language = models.CharField(_("language of the answer"), max_length=10, choices=settings.LANGUAGES, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("why it is hidden"), max_length=20, choices=HideReason.choices, blank=True)
    hidden_note = models.CharField(_("moderator's note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], name="feedback_once_per_case"),
            *[
                models.CheckConstraint(condition=models.Q(**{f"{c}__gte": 1, f"{c}__lte": 5}), name=f"feedback_{c}_1_to_5")
                for c in CRITERIA
            ],
        ]
        indexes = [models.Index(fields=["institution", "hidden_at"], name="feedback_institution")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.institution_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def difference_size(self):
        """How far what was paid is from the quote, in percent, without its sign (pages say "more" or "less")."""
        return None if self.difference_percent is None else abs(self.difference_percent)

    @property
    def average(self) -> float:
        return sum(getattr(self, c) for c in CRITERIA) / len(CRITERIA)

    def ratings(self) -> list[tuple[str, str, int]]:
        labels = criterion_labels()
        return [(c, labels[c], getattr(self, c)) for c in CRITERIA]
