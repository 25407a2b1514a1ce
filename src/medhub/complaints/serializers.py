"""API shapes of complaints: the hub's (whole), the organization's (no contact details) and the
complainant's own; inputs for each step."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from medhub.complaints.models import (
    Complaint,
    ComplaintAnswer,
    ComplaintCategory,
    ComplaintMessage,
    ComplaintStatus,
    ComplaintSubject,
)
from medhub.complaints.services import HUB_OUTCOMES, NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from medhub.core.i18n import pick


class ComplaintOrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()
    kind = serializers.CharField()

    def get_name(self, obj) -> str:
        return pick(obj.name)


class ComplaintDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("complaint-document", kwargs={"reference": obj.complaint.reference, "document_id": obj.pk})


class ComplaintAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintAnswer
        fields = ["id", "body", "created_at"]


class ComplaintMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintMessage
        fields = ["id", "from_hub", "body", "created_at"]


class _Base(serializers.ModelSerializer):
    organization = ComplaintOrganizationSerializer(allow_null=True)
    case = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    next_due = serializers.DateTimeField(allow_null=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class ComplaintListSerializer(_Base):
    """A row of the hub's list."""

    class Meta:
        model = Complaint
        fields = [
            "reference",
            "status",
            "category",
            "subject",
            "organization",
            "case",
            "language",
            "received_at",
            "acknowledge_due",
            "resolve_due",
            "next_due",
            "overdue",
        ]


class ComplaintSerializer(_Base):
    """The whole complaint, for the hub."""

    documents = ComplaintDocumentSerializer(many=True, read_only=True)
    answers = ComplaintAnswerSerializer(many=True, read_only=True)
    messages = ComplaintMessageSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            *ComplaintListSerializer.Meta.fields,
            "broker_details",
            "name",
            "email",
            "text",
            "filed_at",
            "acknowledged_at",
            "forwarded_at",
            "closed_at",
            "outcome_note",
            "kmedi_referred_on",
            "kmedi_reference",
            "kmedi_outcome",
            "kmedi_outcome_on",
            "documents",
            "answers",
            "messages",
        ]


class ComplaintForOrganizationSerializer(serializers.ModelSerializer):
    """What the organization concerned sees: the complaint and the complainant's name, never
    their email address."""

    case = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    documents = ComplaintDocumentSerializer(many=True, read_only=True)
    answers = ComplaintAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = ["reference", "status", "category", "name", "case", "language", "text", "forwarded_at", "documents", "answers"]


class ComplaintForComplainantSerializer(_Base):
    documents = ComplaintDocumentSerializer(many=True, read_only=True)
    messages = ComplaintMessageSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "reference",
            "status",
            "category",
            "subject",
            "organization",
            "broker_details",
            "case",
            "language",
            "text",
            "filed_at",
            "received_at",
            "acknowledged_at",
            "closed_at",
            "outcome_note",
            "kmedi_referred_on",
            "kmedi_reference",
            "kmedi_outcome",
            "kmedi_outcome_on",
            "documents",
            "messages",
        ]


class ComplaintInputSerializer(serializers.Serializer):
    """Filing a complaint (multipart for documents). Parsed by the same form as the page."""

    subject = serializers.ChoiceField(choices=ComplaintSubject.choices)
    organization = serializers.CharField(required=False, help_text=_("The organization's slug (subject “organization”)."))
    category = serializers.ChoiceField(choices=ComplaintCategory.choices)
    broker_details = serializers.CharField(required=False, help_text=_("For illegal brokering: who the broker is."))
    case = serializers.CharField(required=False, help_text=_("One of your cases, by reference (signed in only)."))
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    name = serializers.CharField(required=False, help_text=_("Required without an account."))
    email = serializers.EmailField(required=False, help_text=_("Required without an account; a confirmation link is sent to it."))
    documents = serializers.ListField(child=serializers.FileField(), required=False)


class FiledSerializer(serializers.Serializer):
    reference = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)


class StatusInputSerializer(serializers.Serializer):
    to_state = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.FORWARDED, *HUB_OUTCOMES)]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class WithdrawInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class ReferralInputSerializer(serializers.Serializer):
    referred_on = serializers.DateField()
    kmedi_reference = serializers.CharField(required=False, allow_blank=True, max_length=60)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class KmediInputSerializer(serializers.Serializer):
    kmedi_reference = serializers.CharField(required=False, allow_blank=True, max_length=60)
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)
    outcome_on = serializers.DateField(required=False, allow_null=True)


class BodyInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=TEXT_MAX_LENGTH)
