from django.conf import settings
from rest_framework import serializers

from medhub.core.api import id_field
from medhub.scheduling.models import AppointmentKind
from medhub.scheduling.services import MAX_WEEKS, NOTE_MAX_LENGTH, note_editable_until


class BookingInputSerializer(serializers.Serializer):
    slot = id_field()


class SlotsPublishSerializer(serializers.Serializer):
    """The same fields as the slots page; the rules (future, no overlap) are the service's."""

    day = serializers.DateField()
    start = serializers.TimeField()
    minutes = serializers.IntegerField(min_value=10, max_value=480)
    count = serializers.IntegerField(min_value=1, max_value=24)
    kind = serializers.ChoiceField(choices=AppointmentKind.choices)
    weeks = serializers.IntegerField(min_value=1, max_value=MAX_WEEKS, default=1, help_text="Weekly occurrences in all.")
    until = serializers.DateField(required=False, allow_null=True, default=None, help_text="Weekly up to this day.")


class SlotCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Told to the patient.")


class DaySerializer(serializers.Serializer):
    day = serializers.DateField(required=False, help_text="A day in Korean time; today when left out.")


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    kind = serializers.CharField()


class InstitutionSlotSerializer(SlotSerializer):
    """A slot as its institution sees it: booked by which case, or cancelled and why."""

    case = serializers.SerializerMethodField()
    cancelled_at = serializers.DateTimeField()
    cancel_reason = serializers.CharField()

    def get_case(self, slot) -> str | None:
        appointment = getattr(slot, "appointment", None)
        return appointment.case.reference if appointment else None


class ConsultNoteInputSerializer(serializers.Serializer):
    """The note as its institution writes it; the rules (who, when, until when) are the service's."""

    text = serializers.CharField(max_length=NOTE_MAX_LENGTH)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text="The language it is written in; the writer's own when left out."
    )


class ConsultNoteSerializer(serializers.Serializer):
    appointment = serializers.IntegerField(source="appointment_id")
    text = serializers.CharField()
    language = serializers.CharField()
    written_at = serializers.DateTimeField(source="created_at")
    edited_at = serializers.DateTimeField(allow_null=True)
    editable_until = serializers.SerializerMethodField()

    def get_editable_until(self, note) -> str:
        return serializers.DateTimeField().to_representation(note_editable_until(note))


class ConsultNoteTranslationSerializer(serializers.Serializer):
    """The note in the reader's language (the request's language), beside the original. Where no
    translation server is set, or it fails, ``text`` is null and ``problem`` says why."""

    language = serializers.CharField(help_text="The language translated into.")
    text = serializers.CharField(allow_null=True)
    problem = serializers.CharField(allow_blank=True)
    original = ConsultNoteSerializer()
