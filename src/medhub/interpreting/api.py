"""API v1 for interpretation: the same services and scopes as the pages.

Authentication, the MFA rule for staff and the mapping of Django validation errors to 400s come
from ``medhub.cases.api.CaseAPIView``."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from medhub.accounts import permissions
from medhub.accounts.permissions import is_hub_staff
from medhub.cases.api import CaseAPIView
from medhub.interpreting import reports, selectors, services
from medhub.interpreting.filters import ClaimFilter, InterpreterFilter
from medhub.interpreting.models import Interpreter, SubsidyClaim
from medhub.interpreting.serializers import (
    AvailabilitySerializer,
    BookingCancelInputSerializer,
    BookingDeclineInputSerializer,
    BookingHoursInputSerializer,
    ClaimRejectInputSerializer,
    InterpreterBookingInputSerializer,
    InterpreterBookingSerializer,
    InterpreterSerializer,
    OwnInterpreterBookingSerializer,
    SubsidyClaimSerializer,
    SubsidyProgramSerializer,
)
from medhub.scheduling.models import Appointment


class HubStaffMixin:
    def check_hub_staff(self):
        if not is_hub_staff(self.request.user):
            raise exceptions.PermissionDenied(_("Only the hub's coordinators may do this."))


class InterpreterMixin:
    def check_interpreter(self):
        if not permissions.is_interpreter(self.request.user):
            raise exceptions.PermissionDenied(_("Only interpreters may do this."))

    def own_booking(self, booking_id):
        return get_object_or_404(selectors.own_bookings(self.request.user), pk=booking_id)


class SubsidyAdminMixin:
    def check_subsidy_admin(self):
        if not permissions.may_decide_subsidies(self.request.user):
            raise exceptions.PermissionDenied(_("Only the hub's administrators may do this."))


class InterpreterList(HubStaffMixin, CaseAPIView, generics.ListAPIView):
    """The active interpreters, for the hub's coordinators; ``?language=`` keeps those who serve it."""

    serializer_class = InterpreterSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = InterpreterFilter
    queryset = Interpreter.objects.none()  # the model, for the schema; get_queryset scopes the rows

    def get_queryset(self):
        self.check_hub_staff()
        return selectors.interpreters_visible_to(self.request.user)


class CaseBookings(HubStaffMixin, CaseAPIView, generics.ListAPIView):
    """A case's interpreter bookings (GET), and a new booking for one of its appointments (POST)."""

    serializer_class = InterpreterBookingSerializer

    def get_queryset(self):
        self.check_hub_staff()
        return selectors.case_bookings(self.request.user, self.case(self.kwargs["reference"])).select_related("appointment__case")

    @extend_schema(request=InterpreterBookingInputSerializer, responses={201: InterpreterBookingSerializer})
    def post(self, request, reference):
        self.check_hub_staff()
        case = self.case(reference)
        payload = InterpreterBookingInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        appointment = Appointment.objects.select_related("slot").filter(case=case, pk=data["appointment"]).first()
        if appointment is None:
            raise exceptions.ValidationError({"appointment": [_("This is not an appointment of this case.")]})
        booking = services.booking_create(
            appointment_id=appointment.id,
            interpreter_id=data["interpreter"],
            purpose=data["purpose"],
            language=data.get("language") or case.preferred_language,
            minutes=data.get("minutes"),
            actor=request.user,
        )
        booking = selectors.case_bookings(request.user, case).select_related("appointment__case").get(pk=booking.pk)
        return Response(InterpreterBookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class BookingCancel(HubStaffMixin, CaseAPIView):
    @extend_schema(request=BookingCancelInputSerializer, responses=InterpreterBookingSerializer)
    def post(self, request, booking_id):
        self.check_hub_staff()
        get_object_or_404(selectors.bookings_visible_to(request.user), pk=booking_id)
        payload = BookingCancelInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.booking_cancel(booking_id=booking_id, actor=request.user, reason=payload.validated_data["reason"])
        booking = (
            selectors.bookings_visible_to(request.user)
            .select_related("interpreter", "appointment__case", "appointment__slot__institution", "subsidy_claim")
            .get(pk=booking_id)
        )
        return Response(InterpreterBookingSerializer(booking).data)


class OwnBookings(InterpreterMixin, CaseAPIView, generics.ListAPIView):
    """The caller's own bookings, as an interpreter; nobody else's."""

    serializer_class = OwnInterpreterBookingSerializer

    def get_queryset(self):
        self.check_interpreter()
        return selectors.own_bookings(self.request.user)


class OwnBookingAccept(InterpreterMixin, CaseAPIView):
    @extend_schema(request=None, responses=OwnInterpreterBookingSerializer)
    def post(self, request, booking_id):
        self.check_interpreter()
        booking = self.own_booking(booking_id)
        services.booking_accept(booking_id=booking.id, actor=request.user)
        return Response(OwnInterpreterBookingSerializer(self.own_booking(booking_id)).data)


class OwnBookingDecline(InterpreterMixin, CaseAPIView):
    @extend_schema(request=BookingDeclineInputSerializer, responses=OwnInterpreterBookingSerializer)
    def post(self, request, booking_id):
        self.check_interpreter()
        booking = self.own_booking(booking_id)
        payload = BookingDeclineInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.booking_decline(booking_id=booking.id, actor=request.user, reason=payload.validated_data["reason"])
        return Response(OwnInterpreterBookingSerializer(self.own_booking(booking_id)).data)


class OwnBookingHours(InterpreterMixin, CaseAPIView):
    @extend_schema(request=BookingHoursInputSerializer, responses=OwnInterpreterBookingSerializer)
    def post(self, request, booking_id):
        self.check_interpreter()
        booking = self.own_booking(booking_id)
        payload = BookingHoursInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.hours_log(
            booking_id=booking.id,
            actor=request.user,
            hours=payload.validated_data["hours"],
            note=payload.validated_data.get("note", ""),
            over_reason=payload.validated_data.get("over_reason", ""),
        )
        return Response(OwnInterpreterBookingSerializer(self.own_booking(booking_id)).data)


class OwnAvailability(InterpreterMixin, CaseAPIView):
    """The interpreter's windows of availability that have not ended; POST adds one."""

    @extend_schema(responses=AvailabilitySerializer(many=True))
    def get(self, request):
        self.check_interpreter()
        return Response(AvailabilitySerializer(selectors.own_availability(request.user), many=True).data)

    @extend_schema(request=AvailabilitySerializer, responses={201: AvailabilitySerializer})
    def post(self, request):
        self.check_interpreter()
        payload = AvailabilitySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        window = services.availability_add(actor=request.user, **payload.validated_data)
        return Response(AvailabilitySerializer(window).data, status=status.HTTP_201_CREATED)


class OwnAvailabilityWindow(InterpreterMixin, CaseAPIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, availability_id):
        self.check_interpreter()
        window = get_object_or_404(selectors.own_availability(request.user), pk=availability_id)
        services.availability_remove(actor=request.user, availability_id=window.id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProgramList(SubsidyAdminMixin, CaseAPIView, generics.ListAPIView):
    serializer_class = SubsidyProgramSerializer

    def get_queryset(self):
        self.check_subsidy_admin()
        return selectors.programs_visible_to(self.request.user)


class ClaimList(SubsidyAdminMixin, CaseAPIView, generics.ListAPIView):
    serializer_class = SubsidyClaimSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter
    queryset = SubsidyClaim.objects.none()  # the model, for the schema; get_queryset scopes the rows

    def get_queryset(self):
        self.check_subsidy_admin()
        return selectors.claims_visible_to(self.request.user)


class ClaimApprove(SubsidyAdminMixin, CaseAPIView):
    @extend_schema(request=None, responses=SubsidyClaimSerializer)
    def post(self, request, claim_id):
        self.check_subsidy_admin()
        get_object_or_404(selectors.claims_visible_to(request.user), pk=claim_id)
        services.claim_approve(claim_id=claim_id, actor=request.user)
        return Response(SubsidyClaimSerializer(selectors.claims_visible_to(request.user).get(pk=claim_id)).data)


class ClaimReject(SubsidyAdminMixin, CaseAPIView):
    @extend_schema(request=ClaimRejectInputSerializer, responses=SubsidyClaimSerializer)
    def post(self, request, claim_id):
        self.check_subsidy_admin()
        get_object_or_404(selectors.claims_visible_to(request.user), pk=claim_id)
        payload = ClaimRejectInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.claim_reject(claim_id=claim_id, actor=request.user, reason=payload.validated_data["reason"])
        return Response(SubsidyClaimSerializer(selectors.claims_visible_to(request.user).get(pk=claim_id)).data)


class IgnoreFormatParameter(DefaultContentNegotiation):
    """``?format=`` names the report's file format here, not an API renderer: errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ProgramReport(SubsidyAdminMixin, CaseAPIView):
    """The payment report of a program: its approved claims with totals, as CSV or XLSX."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = IgnoreFormatParameter

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=sorted(reports.FORMATS), description="csv or xlsx (default)")],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, reports.FORMATS["xlsx"]): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request, program_id):
        from medhub.interpreting.views import report_response

        self.check_subsidy_admin()
        program = get_object_or_404(selectors.programs_visible_to(request.user), pk=program_id)
        fmt = request.query_params.get("format", "xlsx")
        if fmt not in reports.FORMATS:
            raise exceptions.ValidationError({"format": [_("Choose the report format: csv or xlsx.")]})
        return report_response(request.user, program, fmt)
