"""Travel: visa support, the people who travel, stays at partner hotels, airport pickups.

Passport numbers and birth dates are encrypted at rest (medhub.core.crypto) and every time
someone reads them in clear, a `SensitiveAccess` row says who, when and for which case.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from medhub.core.crypto import EncryptedTextField, mask
from medhub.core.i18n import TranslatedField, pick

# C-3-3 covers stays of up to this many days; longer stays need G-1-10 (DOMAIN.md, Visas).
C33_MAX_DAYS = 90


class VisaType(models.TextChoices):
    C33 = "C-3-3", _("C-3-3 medical tourism visa (up to 90 days)")
    G110 = "G-1-10", _("G-1-10 medical treatment visa (91 days to 1 year)")


class Entries(models.TextChoices):
    SINGLE = "single", _("Single entry")
    DOUBLE = "double", _("Double entry")
    MULTIPLE = "multiple", _("Multiple entry")


class EntryRestriction(models.Model):
    """A nationality whose C-3-3 visas allow only single or double entry. The hub's
    administrator keeps this list: it changes with the Ministry of Justice's notices."""

    nationality = models.CharField(_("nationality"), max_length=2, unique=True, help_text=_("ISO 3166 country code"))
    max_entries = models.CharField(
        _("entries allowed"),
        max_length=10,
        choices=[(Entries.SINGLE, Entries.SINGLE.label), (Entries.DOUBLE, Entries.DOUBLE.label)],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("entry restriction")
        verbose_name_plural = _("entry restrictions")
        ordering = ["nationality"]

    def __str__(self) -> str:
        return f"{self.nationality} · {self.get_max_entries_display()}"


class ChecklistItem(models.Model):
    """One document a visa application needs. Blank visa type or nationality means all."""

    class Applies(models.TextChoices):
        PATIENT = "patient", _("Patient")
        COMPANION = "companion", _("Companion")
        INVITER = "inviter", _("Inviting institution")

    visa_type = models.CharField(_("visa type"), max_length=10, choices=VisaType.choices, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    applies_to = models.CharField(_("applies to"), max_length=10, choices=Applies.choices, default=Applies.PATIENT)
    label = TranslatedField(verbose_name=_("document"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("visa checklist item")
        verbose_name_plural = _("visa checklist items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return pick(self.label) or str(self.pk)


class Trip(models.Model):
    """When the patient comes and goes, and what for: the frame of visa papers and itinerary."""

    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="trip")
    arrival_date = models.DateField(_("arrival"))
    departure_date = models.DateField(_("departure"))
    treatment = models.CharField(_("planned treatment"), max_length=300)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(departure_date__gt=models.F("arrival_date")), name="trip_departs_after_arrival"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.arrival_date}–{self.departure_date}"

    @property
    def stay_days(self) -> int:
        return (self.departure_date - self.arrival_date).days


class VisaApplication(models.Model):
    """The visa work of one case: what is suggested, what is chosen, where it stands."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        COLLECTED = "collected", _("Documents collected")
        SUBMITTED = "submitted", _("Submitted")
        ISSUED = "issued", _("Issued")
        REFUSED = "refused", _("Refused")

    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="visa")
    visa_type = models.CharField(_("visa type"), max_length=10, choices=VisaType.choices)
    entries = models.CharField(_("entries"), max_length=10, choices=Entries.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    collected_on = models.DateField(_("documents collected on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=300, blank=True)
    checked_items = models.JSONField(_("documents in hand"), default=list, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visa application")
        verbose_name_plural = _("visa applications")

    def __str__(self) -> str:
        return f"{self.case} · {self.visa_type}"


class Traveller(models.Model):
    """The patient or a companion, as their passport names them."""

    class Role(models.TextChoices):
        PATIENT = "patient", _("Patient")
        COMPANION = "companion", _("Companion")

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="travellers")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.COMPANION)
    relationship = models.CharField(_("relationship to the patient"), max_length=60, blank=True)
    name_native = models.CharField(_("name in its own script"), max_length=200)
    name_latin = models.CharField(_("name in Latin letters (as in the passport)"), max_length=200)
    nationality = models.CharField(_("nationality"), max_length=2)
    passport_number = EncryptedTextField(_("passport number"))
    birth_date = EncryptedTextField(_("date of birth"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("traveller")
        verbose_name_plural = _("travellers")
        ordering = ["case_id", "-role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(role="patient"), name="traveller_one_patient"),
        ]

    def __str__(self) -> str:
        return self.name_latin

    @property
    def passport_masked(self) -> str:
        return mask(self.passport_number)

    @property
    def birth(self) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(self.birth_date)
        except (TypeError, ValueError):
            return None


class SensitiveAccess(models.Model):
    """Every reading of a passport number or birth date in clear: who, when, which case, why."""

    class Purpose(models.TextChoices):
        VIEW = "view", _("Viewed on a page")
        LETTER = "letter", _("Invitation letter")
        API = "api", _("Read through the API")
        EDIT = "edit", _("Entered or changed")

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="sensitive_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    travellers = models.PositiveSmallIntegerField(_("people shown"))
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sensitive data access")
        verbose_name_plural = _("sensitive data accesses")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.user} · {self.at:%Y-%m-%d %H:%M}"


class Room(models.Model):
    """A room type a partner hotel offers, with its medical-tourist rate."""

    hotel = models.ForeignKey("directory.Organization", verbose_name=_("hotel"), on_delete=models.CASCADE, related_name="rooms")
    name = TranslatedField(verbose_name=_("room"))
    capacity = models.PositiveSmallIntegerField(_("guests"), default=2, validators=[MinValueValidator(1), MaxValueValidator(12)])
    rooms_available = models.PositiveSmallIntegerField(_("rooms of this type"), default=1, validators=[MinValueValidator(1)])
    rack_rate_krw = models.PositiveIntegerField(_("usual rate per night (KRW)"))
    medical_rate_krw = models.PositiveIntegerField(_("medical-tourist rate per night (KRW)"))
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["hotel_id", "medical_rate_krw", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(medical_rate_krw__lte=models.F("rack_rate_krw")), name="room_rate_not_above_rack"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hotel} · {pick(self.name)}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_BOOKINGS = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class Stay(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="stays")
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="stays")
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"))
    guests = models.PositiveSmallIntegerField(_("guests"), default=1)
    rate_krw = models.PositiveIntegerField(_("rate per night (KRW)"))
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED)
    note = models.CharField(_("note for the hotel"), max_length=300, blank=True)
    partner_note = models.CharField(_("note from the hotel"), max_length=300, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["check_in", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(check_out__gt=models.F("check_in")), name="stay_out_after_in")]

    def __str__(self) -> str:
        return f"{self.case} · {self.room} {self.check_in}–{self.check_out}"

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days

    @property
    def total_krw(self) -> int:
        return self.nights * self.rate_krw


class Pickup(models.Model):
    """A ride between the airport and the hub's city, by a partner transport company."""

    class Direction(models.TextChoices):
        ARRIVAL = "arrival", _("Airport to destination")
        DEPARTURE = "departure", _("Destination to airport")

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="pickups")
    company = models.ForeignKey(
        "directory.Organization", verbose_name=_("transport company"), on_delete=models.PROTECT, related_name="pickups"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.ARRIVAL)
    flight = models.CharField(_("flight"), max_length=12)
    airport = models.CharField(_("airport"), max_length=80)
    pickup_at = models.DateTimeField(_("pickup time"))
    destination = models.CharField(_("to / from"), max_length=200)
    passengers = models.PositiveSmallIntegerField(_("passengers"), default=1)
    driver_name = models.CharField(_("driver"), max_length=100, blank=True)
    driver_phone = models.CharField(_("driver's phone"), max_length=40, blank=True)
    vehicle = models.CharField(_("vehicle"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED)
    partner_note = models.CharField(_("note from the company"), max_length=300, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pickup")
        verbose_name_plural = _("pickups")
        ordering = ["pickup_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.flight} {self.pickup_at:%Y-%m-%d %H:%M}"
