"""API v1 for verification: an organization's staff read what of their organization expires and send
renewed certificates; the hub administrator reads the queue and confirms or rejects. Same
authentication as the rest of the API (session or token, TOTP for staff)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts import permissions
from medhub.accounts.authentication import StaffHaveMFA
from medhub.core.api import JSONParser, Pagination
from medhub.directory.models import Organization
from medhub.verification import selectors, services
from medhub.verification.models import Renewal
from medhub.verification.serializers import (
    RejectInputSerializer,
    RenewalInputSerializer,
    RenewalSerializer,
    StatusSerializer,
)


class VerificationAPIView(APIView):
    permission_classes = [StaffHaveMFA]

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError({"detail": exc.messages})
        return super().handle_exception(exc)


class MyVerification(VerificationAPIView):
    """What of each organization the caller works for expires when, and the renewals it sent."""

    @extend_schema(responses=StatusSerializer)
    def get(self, request):
        own = permissions.verification_organization_ids(request.user)
        if not own:
            raise exceptions.PermissionDenied
        data = {
            "organizations": selectors.organizations_with_accreditations(own),
            "renewals": selectors.renewals_of(own)[:100],
        }
        return Response(StatusSerializer(data).data)


class Renewals(VerificationAPIView, generics.ListAPIView):
    """The hub administrator: every renewal (oldest waiting first; ?state= to filter). An
    organization's staff: their organizations' renewals."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = RenewalSerializer
    pagination_class = Pagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Renewal.objects.none()
        state = self.request.query_params.get("state", "")
        if state and state not in Renewal.State.values:
            raise exceptions.ValidationError({"state": [f"one of {', '.join(Renewal.State.values)}"]})
        if permissions.may_confirm_renewals(self.request.user):
            return selectors.renewal_queue(state)
        own = permissions.verification_organization_ids(self.request.user)
        if not own:
            raise exceptions.PermissionDenied
        queryset = Renewal.objects.filter(organization_id__in=own).select_related("organization")
        return queryset.filter(state=state) if state else queryset

    @extend_schema(
        parameters=[OpenApiParameter("state", str, enum=Renewal.State.values, description="filter by state")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": RenewalInputSerializer}, responses={201: RenewalSerializer})
    def post(self, request):
        """An organization's staff member sends a renewed certificate (multipart, the file in ``file``)."""
        own = permissions.verification_organization_ids(request.user)
        if not own:
            raise exceptions.PermissionDenied
        payload = RenewalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        org = Organization.objects.filter(slug=data["organization"], pk__in=own).first()
        if org is None or not permissions.may_renew(request.user, org.pk):
            raise exceptions.ValidationError({"organization": ["Not an organization you work for."]})
        renewal = services.renewal_submit(
            organization_id=org.pk,
            actor=request.user,
            item=data["item"],
            upload=data["file"],
            expires_on=data["expires_on"],
            cover_krw=data.get("cover_krw"),
            body=data.get("body") or "",
            certificate_number=data.get("certificate_number", ""),
        )
        return Response(RenewalSerializer(renewal).data, status=status.HTTP_201_CREATED)


class RenewalDecision(VerificationAPIView):
    def decidable(self, renewal_id: int) -> None:
        if not permissions.may_confirm_renewals(self.request.user):
            raise exceptions.PermissionDenied
        if not Renewal.objects.filter(pk=renewal_id).exists():
            raise exceptions.NotFound


class RenewalConfirm(RenewalDecision):
    @extend_schema(request=None, responses=RenewalSerializer)
    def post(self, request, renewal_id):
        """The hub administrator confirms: the organization's dates (and cover) move at once."""
        self.decidable(renewal_id)
        renewal = services.renewal_confirm(renewal_id=renewal_id, actor=request.user)
        return Response(RenewalSerializer(renewal).data)


class RenewalReject(RenewalDecision):
    @extend_schema(request=RejectInputSerializer, responses=RenewalSerializer)
    def post(self, request, renewal_id):
        """The hub administrator rejects, with a reason the sender reads."""
        self.decidable(renewal_id)
        payload = RejectInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        renewal = services.renewal_reject(renewal_id=renewal_id, actor=request.user, reason=payload.validated_data["reason"])
        return Response(RenewalSerializer(renewal).data)
