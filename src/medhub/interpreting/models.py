"""Medical interpreters: the registry, their bookings for appointments, and the subsidy the
hub pays for interpretation."""

import datetime
import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import languages_from_db


class Interpreter(models.Model):
    """A person the hub books to interpret; signs in with a user that has the interpreter role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="interpreter"
    )
    display_name = models.CharField(_("display name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages served"),
        max_length=200,
        blank=True,
        help_text=_("Stored as ,en,ru, so that one LIKE finds a language on any database."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    hourly_rate_krw = models.PositiveIntegerField(_("hourly rate (KRW)"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def language_codes(self) -> list[str]:
        return languages_from_db(self.languages)

    def serves(self, language: str) -> bool:
        return language in self.language_codes

    def clean(self):
        from medhub.accounts.models import Membership, Role

        if self.user_id and not Membership.objects.filter(user_id=self.user_id, role=Role.INTERPRETER).exists():
            raise ValidationError({"user": _("This user does not have the interpreter role.")})


class Certification(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("National medical interpreter certificate (의료통역능력검정)")
        OTHER = "other", _("Other certificate")

    interpreter = models.ForeignKey(
        Interpreter, verbose_name=_("interpreter"), on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NATIONAL)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    number = models.CharField(_("certificate number"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990)])

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["interpreter_id", "-year", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Availability(models.Model):
    """A block of time in which the interpreter can work."""

    interpreter = models.ForeignKey(
        Interpreter, verbose_name=_("interpreter"), on_delete=models.CASCADE, related_name="availability"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["interpreter", "starts_at"], name="availability_interpreter_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="availability_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class Purpose(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    SURGERY = "surgery", _("Surgery")
    TELECONSULT = "teleconsult", _("Teleconsultation")


# At most this many hours may be logged for one booking, however long it was.
MAX_HOURS = Decimal(24)


class InterpreterBooking(models.Model):
    """An interpreter booked for an appointment. An interpreter never has two requested or
    accepted bookings at the same time (the service locks the interpreter and checks)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.REQUESTED, Status.ACCEPTED)

    appointment = models.ForeignKey(
        "scheduling.Appointment", verbose_name=_("appointment"), on_delete=models.CASCADE, related_name="interpreter_bookings"
    )
    interpreter = models.ForeignKey(Interpreter, verbose_name=_("interpreter"), on_delete=models.PROTECT, related_name="bookings")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    hours_logged = models.DecimalField(_("hours worked"), max_digits=5, decimal_places=2, null=True, blank=True)
    logged_at = models.DateTimeField(_("hours logged"), null=True, blank=True)
    log_note = models.CharField(_("note on the hours"), max_length=500, blank=True)
    hours_over_reason = models.CharField(
        _("reason for hours beyond the booking"),
        max_length=300,
        blank=True,
        help_text=_("Required when more hours are logged than were booked (rounded up to the hour)."),
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interpreter booking")
        verbose_name_plural = _("interpreter bookings")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["interpreter", "starts_at"], name="booking_interpreter_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(hours_logged__isnull=True) | models.Q(hours_logged__gt=0), name="booking_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def length(self) -> datetime.timedelta:
        return self.ends_at - self.starts_at

    @property
    def max_hours(self) -> Decimal:
        """The booked length rounded up to a whole hour, and never more than a day."""
        return min(MAX_HOURS, Decimal(math.ceil(self.length.total_seconds() / 3600)))


class SubsidyProgram(models.Model):
    """One year's interpretation subsidy: the hub pays certified interpreters' hours on
    qualifying appointments, up to a cap per hour and per case, out of a fixed budget."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    name = models.CharField(_("name"), max_length=200)
    total_budget_krw = models.PositiveBigIntegerField(_("total budget (KRW)"), validators=[MinValueValidator(1)])
    cap_per_case_krw = models.PositiveIntegerField(_("cap per case (KRW)"), validators=[MinValueValidator(1)])
    cap_per_hour_krw = models.PositiveIntegerField(_("paid per hour (KRW)"), validators=[MinValueValidator(1)])
    counts_consultation = models.BooleanField(_("counts consultations"), default=True)
    counts_surgery = models.BooleanField(_("counts surgery"), default=True)
    counts_teleconsult = models.BooleanField(_("counts teleconsultations"), default=False)
    all_institutions = models.BooleanField(
        _("all registered institutions qualify"),
        default=False,
        help_text=_("Every institution whose registration is in force on the day of the appointment."),
    )
    institutions = models.ManyToManyField(
        "directory.Organization",
        verbose_name=_("qualifying institutions"),
        blank=True,
        limit_choices_to={"kind": "institution"},
        related_name="subsidy_programs",
    )
    remaining_krw = models.BigIntegerField(_("remaining budget (KRW)"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("subsidy program")
        verbose_name_plural = _("subsidy programs")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(remaining_krw__gte=0), name="subsidy_remaining_not_negative"),
            models.CheckConstraint(
                condition=models.Q(remaining_krw__lte=models.F("total_budget_krw")), name="subsidy_remaining_within_budget"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.name}"

    def counts(self, purpose: str) -> bool:
        return {
            Purpose.CONSULTATION: self.counts_consultation,
            Purpose.SURGERY: self.counts_surgery,
            Purpose.TELECONSULT: self.counts_teleconsult,
        }.get(purpose, False)

    @property
    def counted_purposes(self) -> list[str]:
        return [str(p.label) for p in Purpose if self.counts(p)]


class SubsidyClaim(models.Model):
    """What the subsidy owes for one booking's logged hours, until an administrator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    program = models.ForeignKey(SubsidyProgram, verbose_name=_("program"), on_delete=models.PROTECT, related_name="claims")
    booking = models.OneToOneField(
        InterpreterBooking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="subsidy_claim"
    )
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="subsidy_claims")
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    amount_krw = models.PositiveIntegerField(_("amount (KRW)"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("claimed"), auto_now_add=True)

    class Meta:
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_krw__gt=0), name="subsidy_claim_amount_positive")]

    def __str__(self) -> str:
        return f"{self.program.year} · {self.case} · {self.amount_krw}"
