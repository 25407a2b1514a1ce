"""Reads of schedules."""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from medhub.scheduling.models import Appointment, Slot

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def open_slots(institution_id: int) -> QuerySet[Slot]:
    return Slot.objects.filter(
        institution_id=institution_id, starts_at__gt=timezone.now(), appointment__isnull=True, cancelled_at__isnull=True
    )


def institution_slots(institution_ids) -> QuerySet[Slot]:
    return (
        Slot.objects.filter(institution_id__in=list(institution_ids), starts_at__gt=timezone.now())
        .select_related("appointment__case")
        .order_by("starts_at")
    )


def appointments_for_case(case) -> QuerySet[Appointment]:
    return Appointment.objects.filter(case=case).select_related("slot__institution", "consult_note")


def day_slots(institution_ids, day: datetime.date) -> QuerySet[Slot]:
    """Every slot of the institutions on one day (Korean time), past or future, booked or not."""
    start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=HUB_ZONE)
    return (
        Slot.objects.filter(
            institution_id__in=list(institution_ids), starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
        )
        .select_related("appointment__case", "institution")
        .order_by("starts_at", "id")
    )


def consult_note_readable(rights, institution_id: int) -> bool:
    """Who reads a consult note, by ``cases.access`` rights on its case: a note is health data
    of the institution's conversation, so the patient and the hub read every one, the
    institution its own, and the referring facilitator (no health documents) none."""
    return rights is not None and rights.documents and rights.can_read(institution_id)


def case_appointment(case, appointment_id: int) -> Appointment | None:
    return (
        Appointment.objects.filter(case=case, pk=appointment_id)
        .select_related("slot__institution", "consult_note__author")
        .first()
    )
