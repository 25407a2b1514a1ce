"""Reads of schedules."""

from django.db.models import QuerySet
from django.utils import timezone

from medhub.scheduling.models import Appointment, Slot


def open_slots(institution_id: int) -> QuerySet[Slot]:
    return Slot.objects.filter(institution_id=institution_id, starts_at__gt=timezone.now(), appointment__isnull=True)


def institution_slots(institution_ids) -> QuerySet[Slot]:
    return (
        Slot.objects.filter(institution_id__in=list(institution_ids), starts_at__gt=timezone.now())
        .select_related("appointment__case")
        .order_by("starts_at")
    )


def appointments_for_case(case) -> QuerySet[Appointment]:
    return Appointment.objects.filter(case=case).select_related("slot__institution")
