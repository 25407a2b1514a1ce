"""API shapes of the council: what members and hub staff read, and the inputs of each step."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from medhub.core.i18n import pick
from medhub.council.models import (
    ActionItem,
    ActionStatus,
    Announcement,
    Answer,
    Audience,
    Committee,
    Decision,
    Division,
    Invitation,
    Mediation,
    Meeting,
    MeetingDocument,
    MeetingKind,
    Participant,
    SeatRole,
    VoteChoice,
)


class CouncilDivisionSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    names = serializers.JSONField(source="name")

    class Meta:
        model = Division
        fields = ["id", "code", "name", "names", "order", "active"]

    def get_name(self, obj) -> str:
        return pick(obj.name)


class CouncilDivisionInputSerializer(serializers.Serializer):
    name = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    order = serializers.IntegerField(required=False, min_value=0)
    active = serializers.BooleanField(required=False)


class CouncilCommitteeSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["id", "code", "name", "kind", "division"]

    def get_name(self, obj) -> str:
        return pick(obj.name)


class CouncilSeatSerializer(serializers.Serializer):
    committee = serializers.IntegerField(source="committee_id")
    committee_name = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=SeatRole.choices)

    def get_committee_name(self, obj) -> str:
        return pick(obj.committee.name)


class CouncilMemberSerializer(serializers.Serializer):
    """A member as the directory shows them: email and phone only when they agreed to share them
    (hub staff see both)."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    title = serializers.CharField()
    organization = serializers.SerializerMethodField()
    division = serializers.IntegerField(source="division_id")
    role = serializers.CharField()
    term_start = serializers.DateField()
    term_end = serializers.DateField(allow_null=True)
    seats = CouncilSeatSerializer(many=True)
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    def _staff(self) -> bool:
        return bool(self.context.get("staff"))

    def get_organization(self, obj) -> str | None:
        return pick(obj.organization.name) if obj.organization_id else None

    def get_email(self, obj) -> str | None:
        return obj.person.email if obj.share_email or self._staff() else None

    def get_phone(self, obj) -> str | None:
        return (obj.phone or None) if obj.share_phone or self._staff() else None


class CouncilMemberInputSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, help_text="The account's id (creation only).")
    organization = serializers.IntegerField(required=False, allow_null=True)
    division = serializers.IntegerField(required=False)
    role = serializers.ChoiceField(choices=SeatRole.choices, required=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=120)
    term_start = serializers.DateField(required=False)
    term_end = serializers.DateField(required=False, allow_null=True)
    voting = serializers.BooleanField(required=False)
    seats = CouncilSeatSerializer(many=True, required=False)


class CouncilSharingSerializer(serializers.Serializer):
    share_email = serializers.BooleanField()
    share_phone = serializers.BooleanField()
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")


class CouncilMeetingListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "kind", "title", "division", "committee", "starts_at", "ends_at", "place", "video_url", "status"]


class CouncilMeetingInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=200)
    division = serializers.IntegerField(required=False, allow_null=True)
    committee = serializers.IntegerField(required=False, allow_null=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    video_url = serializers.URLField(required=False, allow_blank=True, default="")
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    quorum = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class CouncilInvitationSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.display_name")

    class Meta:
        model = Invitation
        fields = ["id", "member", "member_name", "answer", "answered_at", "present"]


class CouncilParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Participant
        fields = ["id", "person", "name", "organization", "present"]


class CouncilParticipantInputSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="The account's id: staff of a partner organization, not on the council.")


class CouncilVoteOutSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    choice = serializers.ChoiceField(choices=VoteChoice.choices)


class CouncilDecisionSerializer(serializers.ModelSerializer):
    votes = CouncilVoteOutSerializer(many=True)

    class Meta:
        model = Decision
        fields = ["id", "text", "votes", "created_at"]


class CouncilActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.display_name")

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "owner", "owner_name", "title", "due_on", "status"]


class CouncilDocumentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = MeetingDocument
        fields = ["id", "name", "content_type", "size", "url"]

    def get_url(self, obj) -> str:
        return reverse("council-document", kwargs={"meeting_id": obj.meeting_id, "document_id": obj.pk})


class CouncilQuorumSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    present = serializers.IntegerField()
    needed = serializers.IntegerField()
    met = serializers.BooleanField()


class CouncilMeetingSerializer(CouncilMeetingListSerializer):
    invitations = CouncilInvitationSerializer(many=True)
    decisions = CouncilDecisionSerializer(many=True)
    actions = CouncilActionSerializer(many=True)
    documents = CouncilDocumentSerializer(many=True)
    participants = CouncilParticipantSerializer(many=True)
    quorum = serializers.SerializerMethodField()

    class Meta(CouncilMeetingListSerializer.Meta):
        fields = [
            *CouncilMeetingListSerializer.Meta.fields,
            "agenda",
            "minutes",
            "minutes_at",
            "quorum",
            "invitations",
            "decisions",
            "actions",
            "documents",
            "participants",
        ]

    @extend_schema_field(CouncilQuorumSerializer)
    def get_quorum(self, obj) -> dict:
        from medhub.council.selectors import quorum

        return CouncilQuorumSerializer(quorum(obj)).data


class CouncilAnswerInputSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=[c for c in Answer.values if c])


class CouncilAttendanceInputSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class CouncilMinutesInputSerializer(serializers.Serializer):
    minutes = serializers.CharField()


class CouncilVoteInputSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    choice = serializers.ChoiceField(choices=VoteChoice.choices)


class CouncilDecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    votes = CouncilVoteInputSerializer(many=True)


class CouncilActionInputSerializer(serializers.Serializer):
    owner = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField()


class CouncilActionStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)


class CouncilDocumentInputSerializer(serializers.Serializer):
    file = serializers.FileField()


class CouncilCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CouncilMineSerializer(serializers.Serializer):
    member = CouncilMemberSerializer()
    upcoming = serializers.ListField(child=serializers.DictField())
    actions = CouncilActionSerializer(many=True)
    calendar_url = serializers.CharField()


class CouncilAnnouncementSerializer(serializers.ModelSerializer):
    subject_text = serializers.SerializerMethodField()
    body_text = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = ["id", "audience", "division", "committee", "subject", "body", "subject_text", "body_text", "sent_at"]

    def get_subject_text(self, obj) -> str:
        return pick(obj.subject)

    def get_body_text(self, obj) -> str:
        return pick(obj.body)


class CouncilReceiptSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.display_name")
    read_at = serializers.DateTimeField(allow_null=True)


class CouncilAnnouncementDetailSerializer(CouncilAnnouncementSerializer):
    receipts = serializers.SerializerMethodField()

    class Meta(CouncilAnnouncementSerializer.Meta):
        fields = [*CouncilAnnouncementSerializer.Meta.fields, "receipts"]

    @extend_schema_field(CouncilReceiptSerializer(many=True))
    def get_receipts(self, obj) -> list:
        receipts = self.context.get("receipts") or []
        return CouncilReceiptSerializer(receipts, many=True).data


class CouncilAnnouncementInputSerializer(serializers.Serializer):
    audience = serializers.ChoiceField(choices=Audience.choices)
    division = serializers.IntegerField(required=False, allow_null=True)
    committee = serializers.IntegerField(required=False, allow_null=True)
    subject = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="Language code to text; ko required."
    )
    body = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text="Language code to text; ko required.")


class CouncilMediationSerializer(serializers.ModelSerializer):
    complaint = serializers.CharField(source="complaint.reference")

    class Meta:
        model = Mediation
        fields = ["id", "complaint", "committee", "meeting", "status", "note", "recommendation", "recommended_at", "taken_up_at"]


class CouncilMediationInputSerializer(serializers.Serializer):
    complaint = serializers.CharField(max_length=20)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    meeting = serializers.IntegerField(required=False, allow_null=True)


class CouncilRecommendationInputSerializer(serializers.Serializer):
    recommendation = serializers.CharField()
