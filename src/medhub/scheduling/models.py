"""Institutions' schedules: slots they publish, and appointments booked into them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentKind(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    TELECONSULT = "teleconsult", _("Teleconsultation")


class Slot(models.Model):
    institution = models.ForeignKey(
        "directory.Organization", verbose_name=_("institution"), on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    kind = models.CharField(_("kind"), max_length=20, choices=AppointmentKind.choices, default=AppointmentKind.IN_PERSON)
    # A booked slot the institution cancelled: kept (nobody books it again), with the reason the
    # patient was told; its appointment is gone and the case may book another slot.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["institution", "starts_at"], name="slot_institution_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.starts_at:%Y-%m-%d %H:%M}"


class Appointment(models.Model):
    """A booked slot. The one-to-one link is the database's guarantee that nobody else can
    book the same slot, whatever happens at the same moment."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="appointments")
    slot = models.OneToOneField(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="appointment")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at"]

    def __str__(self) -> str:
        return f"{self.case} @ {self.slot}"


class ConsultNote(models.Model):
    """What the institution's doctor or international office writes for the patient after a
    consultation (in person or by video): one note per appointment, kept in the language it was
    written in and machine-translated for its reader on request (cases.translation)."""

    appointment = models.OneToOneField(
        Appointment, verbose_name=_("appointment"), on_delete=models.CASCADE, related_name="consult_note"
    )
    text = models.TextField(_("consult note"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("consult note")
        verbose_name_plural = _("consult notes")

    def __str__(self) -> str:
        return f"{self.appointment}"
