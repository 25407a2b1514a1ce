from rest_framework import serializers

from medhub.core.api import id_field


class BookingInputSerializer(serializers.Serializer):
    slot = id_field()


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    kind = serializers.CharField()
