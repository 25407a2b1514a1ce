"""API representations of travel. Identifiers appear in clear only in the travellers
endpoint, which logs each reading."""

from rest_framework import serializers

from medhub.core.api import id_field
from medhub.core.i18n import pick
from medhub.core.names import clean_latin_name, clean_name
from medhub.travel.models import Entries, Pickup, Room, Stay, Traveller, Trip, VisaApplication, VisaType


class TripSerializer(serializers.ModelSerializer):
    stay_days = serializers.IntegerField(read_only=True)

    class Meta:
        model = Trip
        fields = ["arrival_date", "departure_date", "treatment", "stay_days"]


class ChecklistLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    applies_to = serializers.CharField()
    checked = serializers.BooleanField()


class VisaSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisaApplication
        fields = [
            "visa_type",
            "entries",
            "status",
            "collected_on",
            "submitted_on",
            "decided_on",
            "refusal_reason",
            "checked_items",
        ]


class VisaInputSerializer(serializers.Serializer):
    visa_type = serializers.ChoiceField(choices=VisaType.choices, required=False, allow_blank=True, default="")
    entries = serializers.ChoiceField(choices=Entries.choices, required=False, allow_blank=True, default="")


class VisaStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=VisaApplication.Status.choices)
    on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ChecklistInputSerializer(serializers.Serializer):
    items = serializers.ListField(child=id_field(), allow_empty=True, max_length=200)


class TravellerMaskedSerializer(serializers.ModelSerializer):
    passport_number = serializers.CharField(source="passport_masked", read_only=True)

    class Meta:
        model = Traveller
        fields = ["id", "role", "relationship", "name_native", "name_latin", "nationality", "passport_number"]


class TravellerSerializer(serializers.ModelSerializer):
    """In clear: returned only by the travellers endpoint, which logs the reading."""

    birth_date = serializers.DateField()
    passport_number = serializers.CharField(max_length=30)

    class Meta:
        model = Traveller
        fields = ["id", "role", "relationship", "name_native", "name_latin", "nationality", "passport_number", "birth_date"]
        read_only_fields = ["id"]

    # The service applies the same rules; here the error is keyed by its field.
    def validate_name_native(self, value):
        return clean_name(value)

    def validate_name_latin(self, value):
        return clean_latin_name(value)


class RoomSerializer(serializers.ModelSerializer):
    hotel = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.SerializerMethodField()
    free = serializers.IntegerField(read_only=True)

    class Meta:
        model = Room
        fields = ["id", "hotel", "name", "capacity", "rack_rate_krw", "medical_rate_krw", "free"]

    def get_name(self, room) -> str:
        return pick(room.name)


class StaySerializer(serializers.ModelSerializer):
    hotel = serializers.SlugRelatedField(source="room.hotel", slug_field="slug", read_only=True)
    room_name = serializers.SerializerMethodField()
    case = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    nights = serializers.IntegerField(read_only=True)

    class Meta:
        model = Stay
        fields = [
            "id",
            "case",
            "hotel",
            "room",
            "room_name",
            "check_in",
            "check_out",
            "nights",
            "guests",
            "rate_krw",
            "status",
            "note",
            "partner_note",
        ]

    def get_room_name(self, stay) -> str:
        return pick(stay.room.name)


class StayInputSerializer(serializers.Serializer):
    room = id_field()
    check_in = serializers.DateField()
    check_out = serializers.DateField()
    guests = serializers.IntegerField(min_value=1, max_value=12, default=1)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class PickupSerializer(serializers.ModelSerializer):
    company = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    case = serializers.SlugRelatedField(slug_field="reference", read_only=True)

    class Meta:
        model = Pickup
        fields = [
            "id",
            "case",
            "company",
            "direction",
            "flight",
            "airport",
            "pickup_at",
            "destination",
            "passengers",
            "driver_name",
            "driver_phone",
            "vehicle",
            "status",
            "partner_note",
        ]


class PickupInputSerializer(serializers.Serializer):
    company = serializers.SlugField()
    direction = serializers.ChoiceField(choices=Pickup.Direction.choices, default=Pickup.Direction.ARRIVAL)
    flight = serializers.CharField(max_length=12)
    airport = serializers.CharField(max_length=80)
    pickup_at = serializers.DateTimeField()
    destination = serializers.CharField(max_length=200)
    passengers = serializers.IntegerField(min_value=1, max_value=12, default=1)


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300, help_text="Why (the partner and the patient are told)"
    )


class AnswerInputSerializer(serializers.Serializer):
    confirm = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    driver_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    driver_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    vehicle = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class ItineraryEntrySerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    starts = serializers.DateTimeField(allow_null=True)
    ends = serializers.DateTimeField(allow_null=True)
    details = serializers.ListField(child=serializers.CharField())


class ItineraryDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    entries = ItineraryEntrySerializer(many=True)


class TravelSerializer(serializers.Serializer):
    trip = TripSerializer(allow_null=True)
    visa = VisaSerializer(allow_null=True)
    checklist = ChecklistLineSerializer(many=True)
    travellers = TravellerMaskedSerializer(many=True)
    stays = StaySerializer(many=True)
    pickups = PickupSerializer(many=True)
