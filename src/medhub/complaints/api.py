"""API v1 for complaints. Filing is open to anyone (signed in, or with a name and an email
address that a link confirms), throttled like the page; the hub's list and desk, the
organization's view and answer and the complainant's own complaints each start from what the
caller may see, and call the same services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.complaints import packet, selectors, services
from medhub.complaints.filters import ComplaintListFilter
from medhub.complaints.forms import ComplaintForm
from medhub.complaints.models import Complaint, ComplaintStatus
from medhub.complaints.serializers import (
    BodyInputSerializer,
    ComplaintAnswerSerializer,
    ComplaintForComplainantSerializer,
    ComplaintForOrganizationSerializer,
    ComplaintInputSerializer,
    ComplaintListSerializer,
    ComplaintMessageSerializer,
    ComplaintSerializer,
    FiledSerializer,
    KmediInputSerializer,
    ReferralInputSerializer,
    StatusInputSerializer,
    WithdrawInputSerializer,
)
from medhub.core import throttle
from medhub.core.api import JSONParser
from medhub.core.views import protect_private_file


def _body(exc: DjangoValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


def _parse(serializer_class, data) -> dict:
    payload = serializer_class(data=data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


class ComplaintAPIView(APIView):
    permission_classes = [StaffHaveMFA]

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError(_body(exc))
        return super().handle_exception(exc)

    def hub_complaint(self, reference):
        if not permissions.may_handle_complaints(self.request.user):
            raise exceptions.PermissionDenied
        return get_object_or_404(_detail_queryset(selectors.complaints_for_hub(self.request.user)), reference=reference)


def _detail_queryset(queryset):
    return queryset.prefetch_related("documents__complaint", "answers", "messages")


class ComplaintListCreate(ComplaintAPIView, generics.ListAPIView):
    """GET: the hub's list (?status=, ?category=, ?overdue=true, ?sort=due|-filed|filed).
    POST: file a complaint, signed in or not."""

    serializer_class = ComplaintListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ComplaintListFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's look at the view
            return Complaint.objects.none()
        if not permissions.may_handle_complaints(self.request.user):
            raise exceptions.PermissionDenied
        return selectors.complaints_for_hub(self.request.user)

    @extend_schema(responses=ComplaintListSerializer(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": ComplaintInputSerializer, "application/json": ComplaintInputSerializer},
        responses={
            201: FiledSerializer,
            400: OpenApiResponse(description="Invalid input"),
            429: OpenApiResponse(description="Too many"),
        },
    )
    def post(self, request):
        language = translation.get_language()
        form = ComplaintForm(request.data, request.FILES, user=request.user)
        if form.is_bot:
            return Response({"reference": None, "status": None}, status=status.HTTP_201_CREATED)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=status.HTTP_400_BAD_REQUEST)
        try:
            complaint = services.complaint_file(
                data=form.cleaned_data,
                documents=form.cleaned_data["documents"],
                language=language,
                filer=request.user,
                client=throttle.client_address(request),
            )
        except throttle.Throttled as exc:
            return Response(
                {"detail": exc.messages}, status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(exc.retry_after)}
            )
        except DjangoValidationError as exc:
            return Response(_body(exc), status=status.HTTP_400_BAD_REQUEST)
        return Response({"reference": complaint.reference, "status": complaint.status}, status=status.HTTP_201_CREATED)


class ComplaintDetail(ComplaintAPIView):
    @extend_schema(responses=ComplaintSerializer)
    def get(self, request, reference):
        return Response(ComplaintSerializer(self.hub_complaint(reference)).data)


class ComplaintStatusChange(ComplaintAPIView):
    """The hub's steps: acknowledged, forwarded, or an outcome (resolved, upheld, not upheld; a
    note is required for an outcome)."""

    @extend_schema(request=StatusInputSerializer, responses=ComplaintSerializer)
    def post(self, request, reference):
        complaint = self.hub_complaint(reference)
        data = _parse(StatusInputSerializer, request.data)
        to_state = data["to_state"]
        if to_state == ComplaintStatus.ACKNOWLEDGED:
            services.complaint_acknowledge(complaint_id=complaint.id, actor=request.user)
        elif to_state == ComplaintStatus.FORWARDED:
            services.complaint_forward(complaint_id=complaint.id, actor=request.user)
        else:
            services.complaint_close(complaint_id=complaint.id, to_state=to_state, actor=request.user, note=data.get("note", ""))
        return Response(ComplaintSerializer(self.hub_complaint(reference)).data)


class ComplaintReferral(ComplaintAPIView):
    """POST refers the complaint to K-medi; PATCH records K-medi's reference, outcome and date."""

    @extend_schema(request=ReferralInputSerializer, responses=ComplaintSerializer)
    def post(self, request, reference):
        complaint = self.hub_complaint(reference)
        data = _parse(ReferralInputSerializer, request.data)
        services.complaint_refer(
            complaint_id=complaint.id,
            actor=request.user,
            referred_on=data["referred_on"],
            kmedi_reference=data.get("kmedi_reference", ""),
            note=data.get("note", ""),
        )
        return Response(ComplaintSerializer(self.hub_complaint(reference)).data)

    @extend_schema(request=KmediInputSerializer, responses=ComplaintSerializer)
    def patch(self, request, reference):
        complaint = self.hub_complaint(reference)
        data = _parse(KmediInputSerializer, request.data)
        services.complaint_kmedi_update(
            complaint_id=complaint.id,
            actor=request.user,
            kmedi_reference=data.get("kmedi_reference", ""),
            outcome=data.get("outcome", ""),
            outcome_on=data.get("outcome_on"),
        )
        return Response(ComplaintSerializer(self.hub_complaint(reference)).data)


class ComplaintPacket(ComplaintAPIView):
    """The referral packet for K-medi: a ZIP with the Korean PDF and the documents."""

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request, reference):
        complaint = self.hub_complaint(reference)
        content = packet.packet_zip(complaint)
        services.complaint_read_logged(complaint=complaint, actor=request.user, action="complaints.packet.downloaded")
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{packet.packet_file_name(complaint)}"'
        return protect_private_file(response)


class ComplaintHubMessage(ComplaintAPIView):
    @extend_schema(request=BodyInputSerializer, responses={201: ComplaintMessageSerializer})
    def post(self, request, reference):
        complaint = self.hub_complaint(reference)
        data = _parse(BodyInputSerializer, request.data)
        message = services.complaint_message_post(complaint_id=complaint.id, actor=request.user, body=data["body"], from_hub=True)
        return Response(ComplaintMessageSerializer(message).data, status=status.HTTP_201_CREATED)


# -- the organization concerned ----------------------------------------------------------------


class OrganizationComplaintList(ComplaintAPIView, generics.ListAPIView):
    """The complaints forwarded to the organizations the caller works for."""

    serializer_class = ComplaintForOrganizationSerializer

    def get_queryset(self):
        return _detail_queryset(selectors.complaints_for_organization(self.request.user).order_by("-forwarded_at", "-id"))


class OrganizationComplaintDetail(ComplaintAPIView):
    @extend_schema(responses=ComplaintForOrganizationSerializer)
    def get(self, request, reference):
        complaint = get_object_or_404(_detail_queryset(selectors.complaints_for_organization(request.user)), reference=reference)
        return Response(ComplaintForOrganizationSerializer(complaint).data)


class OrganizationComplaintAnswer(ComplaintAPIView):
    @extend_schema(request=BodyInputSerializer, responses={201: ComplaintAnswerSerializer})
    def post(self, request, reference):
        complaint = get_object_or_404(selectors.complaints_for_organization(request.user), reference=reference)
        data = _parse(BodyInputSerializer, request.data)
        answer = services.complaint_answer(complaint_id=complaint.id, actor=request.user, body=data["body"])
        return Response(ComplaintAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)


# -- the complainant ----------------------------------------------------------------------------


class MyComplaintList(ComplaintAPIView, generics.ListAPIView):
    serializer_class = ComplaintForComplainantSerializer

    def get_queryset(self):
        return _detail_queryset(selectors.complaints_of(self.request.user).order_by("-filed_at", "-id"))


class MyComplaintDetail(ComplaintAPIView):
    @extend_schema(responses=ComplaintForComplainantSerializer)
    def get(self, request, reference):
        complaint = get_object_or_404(_detail_queryset(selectors.complaints_of(request.user)), reference=reference)
        return Response(ComplaintForComplainantSerializer(complaint).data)


class MyComplaintWithdraw(ComplaintAPIView):
    @extend_schema(request=WithdrawInputSerializer, responses=ComplaintForComplainantSerializer)
    def post(self, request, reference):
        complaint = get_object_or_404(selectors.complaints_of(request.user), reference=reference)
        data = _parse(WithdrawInputSerializer, request.data)
        services.complaint_withdraw(complaint_id=complaint.id, actor=request.user, note=data.get("note", ""))
        complaint = get_object_or_404(_detail_queryset(selectors.complaints_of(request.user)), reference=reference)
        return Response(ComplaintForComplainantSerializer(complaint).data)


class MyComplaintMessage(ComplaintAPIView):
    @extend_schema(request=BodyInputSerializer, responses={201: ComplaintMessageSerializer})
    def post(self, request, reference):
        complaint = get_object_or_404(selectors.complaints_of(request.user), reference=reference)
        data = _parse(BodyInputSerializer, request.data)
        message = services.complaint_message_post(
            complaint_id=complaint.id, actor=request.user, body=data["body"], from_hub=False
        )
        return Response(ComplaintMessageSerializer(message).data, status=status.HTTP_201_CREATED)
