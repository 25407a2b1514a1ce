"""API representations of cases. Institutions get the minimum they need: no contact details."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from medhub.cases.models import Case, CaseEvent, Message, QuoteVersion
from medhub.cases.services import MESSAGE_MAX_LENGTH
from medhub.directory.models import Organization


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


class FileSerializer(serializers.Serializer):
    """A private file's description; the file itself downloads from its own endpoint."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="email", read_only=True)
    attachments = serializers.SerializerMethodField()
    conversation = serializers.SlugRelatedField(
        source="institution",
        slug_field="slug",
        queryset=Organization.objects.filter(kind=Organization.Kind.INSTITUTION),
        allow_null=True,
        required=False,
        help_text="The institution whose conversation with the hub and the patient the message is in; "
        "null for the general conversation (patient, hub, referring facilitator). When left out, an "
        "institution's staff write in their own conversation and everyone else in the general one.",
    )

    class Meta:
        model = Message
        fields = ["id", "conversation", "author", "body", "language", "attachments", "created_at"]
        read_only_fields = ["id", "author", "language", "created_at"]
        # The service holds the rule; declared here too so the schema tells clients the limit.
        extra_kwargs = {
            "body": {
                "max_length": MESSAGE_MAX_LENGTH,
                "error_messages": {"max_length": _("A message can be at most {max_length} characters long.")},
            }
        }

    @extend_schema_field(FileSerializer(many=True))
    def get_attachments(self, message) -> list:
        """Attachments the reader may open (``rights`` in the context); none are listed otherwise."""
        rights = self.context.get("rights")
        shown = [a for a in message.attachments.all() if rights is not None and rights.can_open_attachment(a)]
        return FileSerializer(shown, many=True).data


class ShareInputSerializer(serializers.Serializer):
    institutions = serializers.ListField(child=serializers.SlugField(), allow_empty=False)


class BookingInputSerializer(serializers.Serializer):
    slot = serializers.IntegerField()


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    kind = serializers.CharField()
