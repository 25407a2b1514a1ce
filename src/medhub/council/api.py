"""API v1 of the council: the same rules as the pages (accounts.permissions) and the same
services. Lists start from what the caller may see; a refused object is a 404, a refused action
a 403."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.cases.uploads import check_upload
from medhub.complaints.models import Complaint
from medhub.core.api import JSONParser
from medhub.core.views import private_download
from medhub.council import certificates, selectors, services
from medhub.council.models import (
    ActionItem,
    Announcement,
    Committee,
    Division,
    Invitation,
    Mediation,
    Meeting,
    Member,
    Participant,
    Receipt,
    Seat,
    Vote,
)
from medhub.council.serializers import (
    CouncilActionInputSerializer,
    CouncilActionSerializer,
    CouncilActionStatusInputSerializer,
    CouncilAnnouncementDetailSerializer,
    CouncilAnnouncementInputSerializer,
    CouncilAnnouncementSerializer,
    CouncilAnswerInputSerializer,
    CouncilAttendanceInputSerializer,
    CouncilCancelInputSerializer,
    CouncilCommitteeSerializer,
    CouncilDecisionInputSerializer,
    CouncilDecisionSerializer,
    CouncilDivisionInputSerializer,
    CouncilDivisionSerializer,
    CouncilDocumentInputSerializer,
    CouncilDocumentSerializer,
    CouncilInvitationSerializer,
    CouncilMediationInputSerializer,
    CouncilMediationSerializer,
    CouncilMeetingInputSerializer,
    CouncilMeetingListSerializer,
    CouncilMeetingSerializer,
    CouncilMemberInputSerializer,
    CouncilMemberSerializer,
    CouncilMineSerializer,
    CouncilMinutesInputSerializer,
    CouncilParticipantInputSerializer,
    CouncilParticipantSerializer,
    CouncilQuorumSerializer,
    CouncilRecommendationInputSerializer,
    CouncilSharingSerializer,
)
from medhub.directory.models import Organization


def _body(exc: DjangoValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


def _parse(serializer_class, data) -> dict:
    payload = serializer_class(data=data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


def _require(allowed: bool) -> None:
    if not allowed:
        raise exceptions.PermissionDenied


class CouncilAPIView(APIView):
    permission_classes = [StaffHaveMFA]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError(_body(exc))
        return super().handle_exception(exc)

    @property
    def member(self):
        if not hasattr(self, "_member"):
            self._member = selectors.member_of(self.request.user)
        return self._member

    def require_council(self) -> None:
        """Hub staff or a member in term; anyone else sees nothing of the council."""
        _require(permissions.may_see_council_directory(self.request.user, self.member))

    def meeting(self, meeting_id) -> Meeting:
        meeting = get_object_or_404(Meeting, pk=meeting_id)
        if not permissions.may_see_meeting(self.request.user, self.member, invited=selectors.is_invited(meeting, self.member)):
            raise exceptions.NotFound
        return meeting


def _meeting_detail(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.select_related("member__person")),
            Prefetch("decisions__votes", queryset=Vote.objects.all()),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner__person")),
            "documents",
            Prefetch("participants", queryset=Participant.objects.select_related("person")),
        )
        .filter(pk=meeting_id)
        .get()
    )


# -- divisions, committees, members ---------------------------------------------------------------


class DivisionList(CouncilAPIView, generics.ListAPIView):
    serializer_class = CouncilDivisionSerializer
    pagination_class = None

    def get_queryset(self):
        self.require_council()
        return Division.objects.all()


class DivisionDetail(CouncilAPIView):
    """The administrator renames, reorders or retires a division."""

    @extend_schema(request=CouncilDivisionInputSerializer, responses=CouncilDivisionSerializer)
    def patch(self, request, division_id):
        _require(permissions.may_run_council(request.user))
        division = get_object_or_404(Division, pk=division_id)
        data = _parse(CouncilDivisionInputSerializer, request.data)
        division = services.division_change(actor=request.user, division_id=division.pk, **data)
        return Response(CouncilDivisionSerializer(division).data)


class CommitteeList(CouncilAPIView, generics.ListAPIView):
    serializer_class = CouncilCommitteeSerializer
    pagination_class = None

    def get_queryset(self):
        self.require_council()
        return Committee.objects.all()


def _member_fields(data: dict) -> dict:
    fields = {}
    for name in ("role", "title", "term_start", "term_end", "voting"):
        if name in data:
            fields[name] = data[name]
    if "division" in data:
        fields["division"] = get_object_or_404(Division, pk=data["division"])
    if "organization" in data:
        fields["organization"] = Organization.objects.filter(pk=data["organization"]).first() if data["organization"] else None
        if data["organization"] and fields["organization"] is None:
            raise exceptions.ValidationError({"organization": ["No organization has this id."]})
    return fields


def _seats(data: dict):
    if "seats" not in data:
        return None
    committees = Committee.objects.in_bulk([s["committee_id"] for s in data["seats"]])
    if len(committees) != len({s["committee_id"] for s in data["seats"]}):
        raise exceptions.ValidationError({"seats": ["Unknown committee."]})
    return [(committees[s["committee_id"]], s["role"]) for s in data["seats"]]


class MemberListCreate(CouncilAPIView):
    """GET: the member directory (members and hub staff; ?division=<id>). POST: the administrator
    seats a person on the council."""

    @extend_schema(responses=CouncilMemberSerializer(many=True))
    def get(self, request):
        self.require_council()
        division = request.query_params.get("division", "")
        members = selectors.directory(division_id=int(division) if division.isdigit() else None)[:500]
        context = {"staff": permissions.may_assist_council(request.user)}
        return Response(CouncilMemberSerializer(members, many=True, context=context).data)

    @extend_schema(request=CouncilMemberInputSerializer, responses={201: CouncilMemberSerializer})
    def post(self, request):
        _require(permissions.may_run_council(request.user))
        data = _parse(CouncilMemberInputSerializer, request.data)
        missing = [name for name in ("person", "division", "term_start") if name not in data]
        if missing:
            raise exceptions.ValidationError({name: ["This field is required."] for name in missing})
        from django.contrib.auth import get_user_model

        person = get_object_or_404(get_user_model(), pk=data["person"])
        fields = _member_fields(data)
        member = services.member_add(actor=request.user, person=person, seats=_seats(data) or [], **fields)
        member = selectors.directory().get(pk=member.pk)
        return Response(CouncilMemberSerializer(member, context={"staff": True}).data, status=status.HTTP_201_CREATED)


class MemberDetail(CouncilAPIView):
    @extend_schema(responses=CouncilMemberSerializer)
    def get(self, request, member_id):
        self.require_council()
        member = get_object_or_404(selectors.directory(), pk=member_id)
        return Response(CouncilMemberSerializer(member, context={"staff": permissions.may_assist_council(request.user)}).data)

    @extend_schema(request=CouncilMemberInputSerializer, responses=CouncilMemberSerializer)
    def patch(self, request, member_id):
        _require(permissions.may_run_council(request.user))
        member = get_object_or_404(Member, pk=member_id)
        data = _parse(CouncilMemberInputSerializer, request.data)
        services.member_change(actor=request.user, member_id=member.pk, seats=_seats(data), **_member_fields(data))
        member = (
            Member.objects.select_related("person", "organization", "division")
            .prefetch_related("seats__committee")
            .get(pk=member.pk)
        )
        return Response(CouncilMemberSerializer(member, context={"staff": True}).data)


class Mine(CouncilAPIView):
    """The caller's own council page: upcoming meetings with their reply, open actions, their calendar."""

    @extend_schema(responses=CouncilMineSerializer)
    def get(self, request):
        member = self.member
        if member is None:
            raise exceptions.PermissionDenied
        member = selectors.directory().filter(pk=member.pk).first() or member
        upcoming = [
            {
                "meeting": i.meeting_id,
                "title": i.meeting.title,
                "kind": i.meeting.kind,
                "starts_at": i.meeting.starts_at.isoformat(),
                "answer": i.answer,
            }
            for i in selectors.upcoming_for(member)
        ]
        data = {
            "member": CouncilMemberSerializer(member, context={"staff": True}).data,
            "upcoming": upcoming,
            "actions": CouncilActionSerializer(selectors.open_actions_of(member).select_related("owner__person"), many=True).data,
            "calendar_url": reverse("council-calendar"),
        }
        return Response(data)


class MySharing(CouncilAPIView):
    @extend_schema(request=CouncilSharingSerializer, responses=CouncilSharingSerializer)
    def put(self, request):
        if self.member is None:
            raise exceptions.PermissionDenied
        data = _parse(CouncilSharingSerializer, request.data)
        member = services.member_share(member=self.member, **data)
        return Response(CouncilSharingSerializer(member).data)


# -- meetings ---------------------------------------------------------------------------------------


class MeetingListCreate(CouncilAPIView):
    """GET: the meetings the caller may see (hub staff: all; a member: those they are invited to).
    POST: the administrator schedules a meeting; invitations go out at once."""

    @extend_schema(responses=CouncilMeetingListSerializer(many=True))
    def get(self, request):
        if not permissions.may_assist_council(request.user) and self.member is None:
            raise exceptions.PermissionDenied
        meetings = selectors.meetings_for(request.user, self.member).order_by("-starts_at")[:200]
        return Response(CouncilMeetingListSerializer(meetings, many=True).data)

    @extend_schema(request=CouncilMeetingInputSerializer, responses={201: CouncilMeetingSerializer})
    def post(self, request):
        _require(permissions.may_run_council(request.user))
        data = dict(_parse(CouncilMeetingInputSerializer, request.data))
        data["division"] = get_object_or_404(Division, pk=data["division"]) if data.get("division") else None
        data["committee"] = get_object_or_404(Committee, pk=data["committee"]) if data.get("committee") else None
        meeting = services.meeting_schedule(actor=request.user, **data)
        return Response(CouncilMeetingSerializer(_meeting_detail(meeting.pk)).data, status=status.HTTP_201_CREATED)


class MeetingDetail(CouncilAPIView):
    @extend_schema(responses=CouncilMeetingSerializer)
    def get(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        return Response(CouncilMeetingSerializer(_meeting_detail(meeting.pk)).data)


class MeetingReply(CouncilAPIView):
    """The invited member's own reply: yes, no or maybe."""

    @extend_schema(request=CouncilAnswerInputSerializer, responses=CouncilInvitationSerializer)
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        invitation = Invitation.objects.filter(meeting=meeting, member=self.member).first() if self.member else None
        if invitation is None:
            raise exceptions.PermissionDenied
        data = _parse(CouncilAnswerInputSerializer, request.data)
        invitation = services.invitation_answer(invitation_id=invitation.pk, answer=data["answer"], actor=request.user)
        return Response(CouncilInvitationSerializer(invitation).data)


class MeetingAttendance(CouncilAPIView):
    @extend_schema(request=CouncilAttendanceInputSerializer, responses=CouncilQuorumSerializer)
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        _require(permissions.may_record_minutes(request.user, self.member, meeting))
        data = _parse(CouncilAttendanceInputSerializer, request.data)
        result = services.attendance_record(actor=request.user, meeting_id=meeting.pk, present_member_ids=data["present"])
        return Response(CouncilQuorumSerializer(result).data)


class MeetingMinutes(CouncilAPIView):
    @extend_schema(request=CouncilMinutesInputSerializer, responses=CouncilMeetingSerializer)
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        _require(permissions.may_record_minutes(request.user, self.member, meeting))
        data = _parse(CouncilMinutesInputSerializer, request.data)
        services.minutes_record(actor=request.user, meeting_id=meeting.pk, minutes=data["minutes"])
        return Response(CouncilMeetingSerializer(_meeting_detail(meeting.pk)).data)


class MeetingDecisions(CouncilAPIView):
    @extend_schema(request=CouncilDecisionInputSerializer, responses={201: CouncilDecisionSerializer})
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        _require(permissions.may_record_minutes(request.user, self.member, meeting))
        data = _parse(CouncilDecisionInputSerializer, request.data)
        votes = {}
        for vote in data["votes"]:
            if vote["member"] in votes:
                raise exceptions.ValidationError({"votes": ["A member votes once."]})
            votes[vote["member"]] = vote["choice"]
        decision = services.decision_record(actor=request.user, meeting_id=meeting.pk, text=data["text"], votes=votes)
        return Response(CouncilDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class MeetingActions(CouncilAPIView):
    @extend_schema(request=CouncilActionInputSerializer, responses={201: CouncilActionSerializer})
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        _require(permissions.may_record_minutes(request.user, self.member, meeting))
        data = _parse(CouncilActionInputSerializer, request.data)
        action = services.action_add(
            actor=request.user, meeting_id=meeting.pk, owner_id=data["owner"], title=data["title"], due_on=data["due_on"]
        )
        return Response(CouncilActionSerializer(action).data, status=status.HTTP_201_CREATED)


class MeetingDocuments(CouncilAPIView):
    @extend_schema(request={"multipart/form-data": CouncilDocumentInputSerializer}, responses={201: CouncilDocumentSerializer})
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        _require(permissions.may_assist_council(request.user))
        data = _parse(CouncilDocumentInputSerializer, request.data)
        upload, content_type, checksum = check_upload(data["file"])
        document = services.document_add(
            actor=request.user, meeting_id=meeting.pk, upload=upload, content_type=content_type, checksum=checksum
        )
        return Response(CouncilDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class MeetingCancel(CouncilAPIView):
    @extend_schema(request=CouncilCancelInputSerializer, responses=CouncilMeetingListSerializer)
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        _require(permissions.may_run_council(request.user))
        data = _parse(CouncilCancelInputSerializer, request.data)
        meeting = services.meeting_cancel(actor=request.user, meeting_id=meeting.pk, reason=data["reason"])
        return Response(CouncilMeetingListSerializer(meeting).data)


class MeetingCertificate(CouncilAPIView):
    """A training's attendance certificate (PDF in the attendee's language and Korean): the
    attendee's own, or any for hub staff."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, meeting_id, invitation_id):
        meeting = self.meeting(meeting_id)
        invitation = get_object_or_404(
            Invitation.objects.select_related("member__person", "member__organization", "meeting"),
            pk=invitation_id,
            meeting=meeting,
        )
        if not permissions.may_assist_council(request.user) and (self.member is None or invitation.member_id != self.member.pk):
            raise exceptions.NotFound
        body = certificates.certificate_pdf(invitation)
        response: HttpResponse = private_download(
            body, content_type="application/pdf", filename=f"certificate-{certificates.certificate_number(invitation)}.pdf"
        )
        return response


class MeetingParticipants(CouncilAPIView):
    """The administrator adds a partner's staff member who is not on the council to a training."""

    @extend_schema(request=CouncilParticipantInputSerializer, responses={201: CouncilParticipantSerializer})
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        _require(permissions.may_run_council(request.user))
        data = _parse(CouncilParticipantInputSerializer, request.data)
        from django.contrib.auth import get_user_model

        person = get_user_model().objects.filter(pk=data["person"]).first()
        if person is None:
            raise exceptions.ValidationError({"person": ["No account has this id."]})
        participant = services.participant_add(actor=request.user, meeting_id=meeting.pk, person=person)
        return Response(CouncilParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


class MeetingParticipantsAttendance(CouncilAPIView):
    @extend_schema(request=CouncilAttendanceInputSerializer, responses=CouncilParticipantSerializer(many=True))
    def post(self, request, meeting_id):
        meeting = self.meeting(meeting_id)
        _require(permissions.may_assist_council(request.user))
        data = _parse(CouncilAttendanceInputSerializer, request.data)
        services.participants_attendance(actor=request.user, meeting_id=meeting.pk, present_ids=data["present"])
        participants = meeting.participants.select_related("person")
        return Response(CouncilParticipantSerializer(participants, many=True).data)


class ParticipantCertificate(CouncilAPIView):
    """A participant's certificate: theirs, or any for hub staff."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, meeting_id, participant_id):
        participant = get_object_or_404(
            Participant.objects.select_related("person", "organization", "meeting"), pk=participant_id, meeting_id=meeting_id
        )
        if participant.person_id != request.user.pk and not permissions.may_assist_council(request.user):
            raise exceptions.NotFound
        body = certificates.certificate_pdf(participant)
        return private_download(
            body, content_type="application/pdf", filename=f"certificate-{certificates.certificate_number(participant)}.pdf"
        )


class ActionDetail(CouncilAPIView):
    """An action item's status: its owner and hub staff change it."""

    @extend_schema(request=CouncilActionStatusInputSerializer, responses=CouncilActionSerializer)
    def patch(self, request, action_id):
        action = get_object_or_404(ActionItem.objects.select_related("owner__person"), pk=action_id)
        if not permissions.may_move_action(request.user, self.member, action):
            raise exceptions.NotFound
        data = _parse(CouncilActionStatusInputSerializer, request.data)
        action = services.action_move(actor=request.user, action_id=action.pk, to_state=data["status"])
        return Response(CouncilActionSerializer(ActionItem.objects.select_related("owner__person").get(pk=action.pk)).data)


# -- announcements ----------------------------------------------------------------------------------


class AnnouncementListCreate(CouncilAPIView):
    @extend_schema(responses=CouncilAnnouncementSerializer(many=True))
    def get(self, request):
        if not permissions.may_assist_council(request.user) and self.member is None:
            raise exceptions.PermissionDenied
        announcements = selectors.announcements_for(request.user, self.member).order_by("-sent_at")[:200]
        return Response(CouncilAnnouncementSerializer(announcements, many=True).data)

    @extend_schema(request=CouncilAnnouncementInputSerializer, responses={201: CouncilAnnouncementDetailSerializer})
    def post(self, request):
        _require(permissions.may_run_council(request.user))
        data = dict(_parse(CouncilAnnouncementInputSerializer, request.data))
        data["division"] = get_object_or_404(Division, pk=data["division"]) if data.get("division") else None
        data["committee"] = get_object_or_404(Committee, pk=data["committee"]) if data.get("committee") else None
        data["subject"] = {k: v.strip() for k, v in data["subject"].items() if v.strip()}
        data["body"] = {k: v.strip() for k, v in data["body"].items() if v.strip()}
        announcement = services.announcement_send(actor=request.user, **data)
        receipts = list(announcement.receipts.select_related("member__person"))
        return Response(
            CouncilAnnouncementDetailSerializer(announcement, context={"receipts": receipts}).data, status=status.HTTP_201_CREATED
        )


class AnnouncementDetail(CouncilAPIView):
    """An announcement; opening it stamps the caller's read receipt. Hub staff see every receipt."""

    @extend_schema(responses=CouncilAnnouncementDetailSerializer)
    def get(self, request, announcement_id):
        announcement = get_object_or_404(Announcement, pk=announcement_id)
        staff = permissions.may_assist_council(request.user)
        receipt = Receipt.objects.filter(announcement=announcement, member=self.member).first() if self.member else None
        if not staff and receipt is None:
            raise exceptions.NotFound
        if receipt is not None:
            services.announcement_read(member=self.member, announcement=announcement)
        receipts = list(announcement.receipts.select_related("member__person")) if staff else []
        return Response(CouncilAnnouncementDetailSerializer(announcement, context={"receipts": receipts}).data)


# -- mediation --------------------------------------------------------------------------------------


def _on_mediation_committee(member) -> bool:
    return member is not None and Seat.objects.filter(member=member, committee__kind="mediation").exists()


class MediationListCreate(CouncilAPIView):
    @extend_schema(responses=CouncilMediationSerializer(many=True))
    def get(self, request):
        _require(permissions.may_assist_council(request.user) or _on_mediation_committee(self.member))
        return Response(CouncilMediationSerializer(Mediation.objects.select_related("complaint")[:200], many=True).data)

    @extend_schema(request=CouncilMediationInputSerializer, responses={201: CouncilMediationSerializer})
    def post(self, request):
        _require(permissions.may_run_council(request.user))
        data = _parse(CouncilMediationInputSerializer, request.data)
        complaint = Complaint.objects.filter(reference=data["complaint"].strip()).first()
        if complaint is None:
            raise exceptions.ValidationError({"complaint": ["No complaint has this reference."]})
        meeting = get_object_or_404(Meeting, pk=data["meeting"]) if data.get("meeting") else None
        mediation = services.mediation_take_up(actor=request.user, complaint=complaint, note=data["note"], meeting=meeting)
        return Response(CouncilMediationSerializer(mediation).data, status=status.HTTP_201_CREATED)


class MediationRecommendation(CouncilAPIView):
    @extend_schema(request=CouncilRecommendationInputSerializer, responses=CouncilMediationSerializer)
    def post(self, request, mediation_id):
        mediation = get_object_or_404(Mediation.objects.select_related("complaint"), pk=mediation_id)
        chair = self.member is not None and mediation.committee_id in self.member.chaired_committee_ids
        if not (permissions.may_assist_council(request.user) or chair):
            if _on_mediation_committee(self.member):
                raise exceptions.PermissionDenied
            raise exceptions.NotFound
        data = _parse(CouncilRecommendationInputSerializer, request.data)
        mediation = services.mediation_recommend(
            actor=request.user, mediation_id=mediation.pk, recommendation=data["recommendation"]
        )
        return Response(CouncilMediationSerializer(mediation).data)
