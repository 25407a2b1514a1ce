"""API representations of cases. Institutions get the minimum they need: no contact details."""

from rest_framework import serializers

from medhub.cases.models import Case, CaseEvent, Message, QuoteVersion


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["kind", "from_state", "to_state", "detail", "created_at"]


class CaseForInstitutionSerializer(serializers.ModelSerializer):
    specialty = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Case
        fields = [
            "reference",
            "state",
            "specialty",
            "nationality",
            "preferred_language",
            "problem",
            "desired_from",
            "desired_to",
            "budget_amount",
            "budget_currency",
            "companions",
            "created_at",
        ]


class CaseSerializer(CaseForInstitutionSerializer):
    """For the hub's staff, the patient and the referring facilitator."""

    owner = serializers.SlugRelatedField(slug_field="email", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta(CaseForInstitutionSerializer.Meta):
        fields = [
            *CaseForInstitutionSerializer.Meta.fields,
            "full_name",
            "contact_email",
            "messenger",
            "messenger_handle",
            "residence_country",
            "time_zone",
            "owner",
            "first_response_due",
            "first_responded_at",
            "overdue",
        ]

    def get_overdue(self, case) -> bool:
        return case.is_overdue()


class QuoteItemSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    amount = serializers.IntegerField(min_value=0)


class QuoteInputSerializer(serializers.Serializer):
    plan = serializers.CharField(max_length=5000)
    items = QuoteItemSerializer(many=True, allow_empty=False)
    currency = serializers.CharField(max_length=3)
    included = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    excluded = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    valid_until = serializers.DateField()
    stay_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    recovery_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    commission_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False)


class QuoteVersionSerializer(serializers.ModelSerializer):
    institution = serializers.CharField(source="quote.institution.slug")
    quote_id = serializers.IntegerField(source="quote.id")
    status = serializers.CharField(source="quote.status")
    total = serializers.IntegerField()

    class Meta:
        model = QuoteVersion
        fields = [
            "quote_id",
            "institution",
            "status",
            "number",
            "plan",
            "items",
            "currency",
            "total",
            "included",
            "excluded",
            "valid_until",
            "stay_days",
            "recovery_days",
            "created_at",
        ]


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = Message
        fields = ["id", "author", "body", "language", "created_at"]
        read_only_fields = ["id", "author", "language", "created_at"]


class ShareInputSerializer(serializers.Serializer):
    institutions = serializers.ListField(child=serializers.SlugField(), allow_empty=False)


class BookingInputSerializer(serializers.Serializer):
    slot = serializers.IntegerField()


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    kind = serializers.CharField()
