"""API representations of cases. Institutions get the minimum they need: no contact details."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from medhub.cases.journey import STEP_CODES, WAITING_LABELS, journey
from medhub.cases.models import Case, DeletionRequest, Message, QuoteVersion
from medhub.cases.rules import CURRENCIES
from medhub.cases.selectors import case_timeline
from medhub.cases.services import MESSAGE_MAX_LENGTH
from medhub.directory.models import Organization


class EventSerializer(serializers.Serializer):
    """One entry of the case's timeline (an entry of the audit log the timeline shows)."""

    kind = serializers.CharField(
        source="action", read_only=True, help_text="The action's code, such as cases.case.state_changed."
    )
    label = serializers.CharField(read_only=True, help_text="The action in the reader's language.")
    from_state = serializers.SerializerMethodField()
    to_state = serializers.SerializerMethodField()
    detail = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)

    def get_from_state(self, entry) -> str:
        return entry.data.get("from_state", "")

    def get_to_state(self, entry) -> str:
        return entry.data.get("to_state", "")

    def get_detail(self, entry) -> dict:
        return {k: v for k, v in entry.data.items() if k not in ("from_state", "to_state")}


class ForInstitutions:
    """Marks a serializer of what an institution gets. Its schema is closed (no property beyond
    those it lists), so it never promises, and a client never expects, a patient's contact details;
    and a response that carries them would fail the schema."""


class ClosedForInstitutionsExtension(OpenApiSerializerExtension):
    target_class = ForInstitutions
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        return {**schema, "additionalProperties": False}


# What an institution sees of a case: no name, no contact details, no residence.
CASE_FIELDS_FOR_INSTITUTIONS = [
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


class CaseForInstitutionSerializer(ForInstitutions, serializers.ModelSerializer):
    """A case as an institution it is shared with sees it: no name, no contact details."""

    # Null until the hub triages the case.
    specialty = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = CASE_FIELDS_FOR_INSTITUTIONS


class CaseSerializer(serializers.ModelSerializer):
    """For the hub's staff, the patient and the referring facilitator."""

    specialty = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    # Null until a coordinator takes the case.
    owner = serializers.SlugRelatedField(slug_field="email", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            *CASE_FIELDS_FOR_INSTITUTIONS,
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


@extend_schema_field({"type": "string", "enum": CURRENCIES})
class CurrencyField(serializers.CharField):
    """A currency code from ``cases.rules.CURRENCIES``, listed as such in the OpenAPI schema; the
    service checks it (``rules.check_currency``), so every door answers with the same message."""

    def __init__(self, **kwargs):
        super().__init__(max_length=3, **kwargs)


class QuoteItemSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    amount = serializers.IntegerField(min_value=0, max_value=10**13)


class QuoteInputSerializer(serializers.Serializer):
    plan = serializers.CharField(max_length=5000)
    items = QuoteItemSerializer(many=True, allow_empty=False)
    currency = CurrencyField()
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


class JourneyStepSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=STEP_CODES, read_only=True)
    label = serializers.CharField(read_only=True, help_text="The step in the reader's language.")
    status = serializers.ChoiceField(choices=["done", "current", "todo"], read_only=True)


class JourneySerializer(serializers.Serializer):
    """Where the case stands (cases.journey): the steps, the current one and who it waits on."""

    step = serializers.CharField(read_only=True, help_text="The current step's code; empty once the case is over.")
    steps = JourneyStepSerializer(many=True, read_only=True)
    waiting_on = serializers.ChoiceField(choices=list(WAITING_LABELS), read_only=True)
    waiting = serializers.CharField(read_only=True, help_text="Who the case waits on, in the reader's language.")
    next = serializers.CharField(read_only=True, help_text="What happens next, in the reader's language.")
    ended = serializers.BooleanField(read_only=True)


class JourneyInContextMixin(serializers.Serializer):
    """The case's journey as the caller may read it (``context["rights"]``, given by the view)."""

    journey = serializers.SerializerMethodField()

    @extend_schema_field(JourneySerializer)
    def get_journey(self, case) -> dict:
        return journey(case, self.context.get("rights")).as_data()


class QuotesInContextMixin(serializers.Serializer):
    """The quote versions the caller may see, given by the view in ``context["quotes"]``."""

    quotes = serializers.SerializerMethodField()

    @extend_schema_field(QuoteVersionSerializer(many=True))
    def get_quotes(self, case) -> list:
        return QuoteVersionSerializer(self.context["quotes"], many=True).data


class CaseDetailForInstitutionSerializer(JourneyInContextMixin, QuotesInContextMixin, CaseForInstitutionSerializer):
    """One case as an institution sees it, with its own quotes."""

    class Meta(CaseForInstitutionSerializer.Meta):
        fields = [*CASE_FIELDS_FOR_INSTITUTIONS, "journey", "quotes"]


class CaseDetailSerializer(JourneyInContextMixin, QuotesInContextMixin, CaseSerializer):
    """One case with its timeline and every quote, for the hub, the patient and the facilitator."""

    events = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "journey", "events", "quotes"]

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, case) -> list:
        return EventSerializer(case_timeline(case), many=True).data


class FileSerializer(serializers.Serializer):
    """A private file's description; the file itself downloads from its own endpoint."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.CharField(
        source="author_label",
        read_only=True,
        help_text="Who wrote it, as the caller may know it: an address for the hub's staff, a role for everyone else.",
    )
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


class OwnerInputSerializer(serializers.Serializer):
    """The new owner by email address (as ``owner`` reads in a case), or null for nobody."""

    owner = serializers.EmailField(allow_null=True)


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class CaseEndInputSerializer(serializers.Serializer):
    """Ends a case: declined, cancelled or lost (the patient may only cancel their own), with the
    reason the people it affects are told (required by the service)."""

    to_state = serializers.ChoiceField(choices=["declined", "cancelled", "lost"])
    reason = serializers.CharField(allow_blank=True, max_length=300, trim_whitespace=False)


class ShareInputSerializer(serializers.Serializer):
    institutions = serializers.ListField(child=serializers.SlugField(), allow_empty=False)


class DeletionRequestSerializer(serializers.ModelSerializer):
    """A patient's request for the deletion of their personal data, and the decision."""

    class Meta:
        model = DeletionRequest
        fields = ["id", "note", "status", "requested_at", "decided_at", "reason"]
        read_only_fields = ["id", "status", "requested_at", "decided_at", "reason"]
        extra_kwargs = {"note": {"max_length": 2000}}
