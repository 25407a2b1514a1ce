from rest_framework import serializers

from medhub.core.api import id_field
from medhub.scheduling.models import AppointmentKind


class BookingInputSerializer(serializers.Serializer):
    slot = id_field()


class SlotsPublishSerializer(serializers.Serializer):
    """The same fields as the slots page; the rules (future, no overlap) are the service's."""

    day = serializers.DateField()
    start = serializers.TimeField()
    minutes = serializers.IntegerField(min_value=10, max_value=480)
    count = serializers.IntegerField(min_value=1, max_value=24)
    kind = serializers.ChoiceField(choices=AppointmentKind.choices)


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    kind = serializers.CharField()
