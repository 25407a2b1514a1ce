"""API v1 for scheduling on a case: the accepted institution's open slots, and booking one.

Same doors and rules as the case API (it is a case API view); the booking rule lives in
``scheduling.services.appointment_book``."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from medhub.accounts import permissions
from medhub.cases import selectors
from medhub.cases.api import CaseAPIView
from medhub.scheduling import selectors as schedule_selectors
from medhub.scheduling import services as schedule_services
from medhub.scheduling.serializers import BookingInputSerializer, SlotSerializer, SlotsPublishSerializer


class SlotsPublish(CaseAPIView):
    """An institution's staff publish slots, as on the slots page (the same service)."""

    @extend_schema(request=SlotsPublishSerializer, responses={201: SlotSerializer(many=True)})
    def post(self, request):
        institutions = permissions.institution_ids(request.user)
        if not institutions:
            raise exceptions.PermissionDenied
        payload = SlotsPublishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        slots = schedule_services.slots_publish(institution_id=min(institutions), actor=request.user, **payload.validated_data)
        return Response(SlotSerializer(slots, many=True).data, status=status.HTTP_201_CREATED)


class CaseSlots(CaseAPIView):
    """Open slots of the institution whose quote the patient accepted."""

    @extend_schema(responses=SlotSerializer(many=True))
    def get(self, request, reference):
        case = self.case(reference)
        institution_id = selectors.accepted_institution_id(case)
        slots = schedule_selectors.open_slots(institution_id) if institution_id else []
        return Response(SlotSerializer(slots, many=True).data)


class CaseBook(CaseAPIView):
    @extend_schema(request=BookingInputSerializer, responses={201: SlotSerializer})
    def post(self, request, reference):
        case = self.case(reference)
        if not permissions.may_follow_trip(request.user, case):
            raise exceptions.PermissionDenied
        payload = BookingInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        appointment = schedule_services.appointment_book(
            case_id=case.id, slot_id=payload.validated_data["slot"], actor=request.user
        )
        return Response(SlotSerializer(appointment.slot).data, status=status.HTTP_201_CREATED)
