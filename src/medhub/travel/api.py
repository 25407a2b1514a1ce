"""API v1 for travel: a case's trip, visa, travellers, stays, pickups and itinerary; partner
bookings. Same authentication as the case API (session or token, TOTP for staff); every
query starts from what the caller may see."""

from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from medhub.accounts import permissions
from medhub.cases.api import CaseAPIView
from medhub.directory.models import Organization
from medhub.travel import selectors, services
from medhub.travel.models import Pickup, SensitiveAccess, Stay
from medhub.travel.serializers import (
    AnswerInputSerializer,
    CancelInputSerializer,
    ChecklistInputSerializer,
    ItineraryDaySerializer,
    PickupInputSerializer,
    PickupSerializer,
    RoomSerializer,
    StayInputSerializer,
    StaySerializer,
    TravellerSerializer,
    TravelSerializer,
    TripSerializer,
    VisaInputSerializer,
    VisaSerializer,
    VisaStatusInputSerializer,
)


class TravelAPIView(CaseAPIView):
    def hub_case(self, reference):
        if not permissions.may_run_cases(self.request.user):
            raise exceptions.PermissionDenied
        return self.case(reference)

    def traveller_case(self, reference):
        """The case's patient or the hub's staff; anyone else learns nothing, not even that it exists."""
        case = self.case(reference)
        if not permissions.may_follow_trip(self.request.user, case):
            raise exceptions.NotFound
        return case


def _parse(serializer_class, data):
    payload = serializer_class(data=data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


def _travel_data(case) -> dict:
    return TravelSerializer(selectors.case_travel(case)).data


class CaseTravel(TravelAPIView):
    """Trip, visa with its checklist, travellers (identifiers masked), stays and pickups."""

    @extend_schema(responses=TravelSerializer)
    def get(self, request, reference):
        return Response(_travel_data(self.traveller_case(reference)))


class CaseTrip(TravelAPIView):
    @extend_schema(request=TripSerializer, responses=TripSerializer)
    def put(self, request, reference):
        case = self.hub_case(reference)
        data = _parse(TripSerializer, request.data)
        trip = services.trip_save(case_id=case.id, actor=request.user, **data)
        return Response(TripSerializer(trip).data)


class CaseVisa(TravelAPIView):
    @extend_schema(request=VisaInputSerializer, responses=VisaSerializer)
    def post(self, request, reference):
        case = self.hub_case(reference)
        visa = services.visa_save(case_id=case.id, actor=request.user, **_parse(VisaInputSerializer, request.data))
        return Response(VisaSerializer(visa).data)


class CaseVisaStatus(TravelAPIView):
    @extend_schema(request=VisaStatusInputSerializer, responses=VisaSerializer)
    def post(self, request, reference):
        case = self.hub_case(reference)
        visa = services.visa_status_set(case_id=case.id, actor=request.user, **_parse(VisaStatusInputSerializer, request.data))
        return Response(VisaSerializer(visa).data)


class CaseVisaChecklist(TravelAPIView):
    @extend_schema(request=ChecklistInputSerializer, responses=VisaSerializer)
    def put(self, request, reference):
        case = self.hub_case(reference)
        data = _parse(ChecklistInputSerializer, request.data)
        visa = services.visa_checklist_update(case_id=case.id, item_ids=data["items"], actor=request.user)
        return Response(VisaSerializer(visa).data)


class CaseTravellers(TravelAPIView):
    """Passport numbers and birth dates in clear, for the patient and the hub's staff. Each
    reading is logged (who, when, which case)."""

    @extend_schema(responses=TravellerSerializer(many=True))
    def get(self, request, reference):
        case = self.traveller_case(reference)
        travellers = services.sensitive_reveal(case=case, user=request.user, purpose=SensitiveAccess.Purpose.API)
        return Response(TravellerSerializer(travellers, many=True).data)

    @extend_schema(request=TravellerSerializer, responses={201: TravellerSerializer})
    def post(self, request, reference):
        case = self.hub_case(reference)
        data = _parse(TravellerSerializer, request.data)
        traveller = services.traveller_save(case_id=case.id, actor=request.user, data=data)
        return Response(TravellerSerializer(traveller).data, status=status.HTTP_201_CREATED)


class Rooms(TravelAPIView):
    """Partner hotels' rooms free for the given nights, cheapest first (the hub's staff)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("check_in", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("check_out", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("guests", int),
        ],
        responses=RoomSerializer(many=True),
    )
    def get(self, request):
        if not permissions.may_run_cases(request.user):
            raise exceptions.PermissionDenied
        data = _parse(StayInputSerializer, {**request.query_params.dict(), "room": 1})
        if data["check_out"] <= data["check_in"]:
            raise exceptions.ValidationError({"check_out": [_("The check-out must come after the check-in.")]})
        rooms = selectors.rooms_for_dates(data["check_in"], data["check_out"], data["guests"])
        return Response(RoomSerializer(rooms, many=True).data)


class CaseStays(TravelAPIView):
    @extend_schema(request=StayInputSerializer, responses={201: StaySerializer})
    def post(self, request, reference):
        case = self.hub_case(reference)
        data = dict(_parse(StayInputSerializer, request.data))
        stay = services.stay_book(case_id=case.id, room_id=data.pop("room"), actor=request.user, **data)
        stay = Stay.objects.select_related("room__hotel", "case").get(pk=stay.pk)
        return Response(StaySerializer(stay).data, status=status.HTTP_201_CREATED)


class CasePickups(TravelAPIView):
    @extend_schema(request=PickupInputSerializer, responses={201: PickupSerializer})
    def post(self, request, reference):
        case = self.hub_case(reference)
        data = dict(_parse(PickupInputSerializer, request.data))
        company = Organization.objects.filter(slug=data.pop("company"), kind=Organization.Kind.TRANSPORT).first()
        if company is None:
            raise exceptions.ValidationError({"company": [_("Choose one of the hub's transport partners.")]})
        pickup = services.pickup_book(case_id=case.id, company_id=company.id, data=data, actor=request.user)
        return Response(PickupSerializer(pickup).data, status=status.HTTP_201_CREATED)


class _BookingCancel(TravelAPIView):
    """The hub cancels a stay or a pickup of the case, with the reason the partner and the patient are told."""

    kind, model, serializer = "", Stay, StaySerializer

    def cancel(self, request, reference, booking_id):
        case = self.hub_case(reference)
        get_object_or_404(self.model.objects.filter(case=case), pk=booking_id)
        data = _parse(CancelInputSerializer, request.data)
        services.booking_cancel(case_id=case.id, kind=self.kind, pk=booking_id, actor=request.user, reason=data["reason"])
        return Response(self.serializer(self.model.objects.get(pk=booking_id)).data)


class CaseStayCancel(_BookingCancel):
    kind, model, serializer = "stay", Stay, StaySerializer

    @extend_schema(request=CancelInputSerializer, responses=StaySerializer)
    def post(self, request, reference, booking_id):
        return self.cancel(request, reference, booking_id)


class CasePickupCancel(_BookingCancel):
    kind, model, serializer = "pickup", Pickup, PickupSerializer

    @extend_schema(request=CancelInputSerializer, responses=PickupSerializer)
    def post(self, request, reference, booking_id):
        return self.cancel(request, reference, booking_id)


class CaseItinerary(TravelAPIView):
    """The trip day by day; times in the patient's time zone (ISO 8601 with offset)."""

    @extend_schema(responses=ItineraryDaySerializer(many=True))
    def get(self, request, reference):
        case = self.traveller_case(reference)
        plan = selectors.itinerary(case, language=translation.get_language())
        days = [
            {
                "date": day.date.isoformat(),
                "entries": [
                    {
                        "kind": e.kind,
                        "title": e.title,
                        "starts": e.starts.astimezone(plan.zone).isoformat() if e.starts else None,
                        "ends": e.ends.astimezone(plan.zone).isoformat() if e.ends else None,
                        "details": e.details,
                    }
                    for e in day.entries
                ],
            }
            for day in plan.days
        ]
        return Response(days)


class PartnerBookings(TravelAPIView):
    """A partner's own stays and pickups, and nobody else's."""

    @extend_schema(responses={200: None})
    def get(self, request):
        if not permissions.partner_ids(request.user):
            raise exceptions.PermissionDenied
        return Response(
            {
                "stays": StaySerializer(selectors.partner_stays(request.user), many=True).data,
                "pickups": PickupSerializer(selectors.partner_pickups(request.user), many=True).data,
            }
        )


class PartnerStayAnswer(TravelAPIView):
    @extend_schema(request=AnswerInputSerializer, responses=StaySerializer)
    def post(self, request, stay_id):
        organizations = permissions.partner_ids(request.user)
        if not organizations:
            raise exceptions.PermissionDenied
        get_object_or_404(selectors.partner_stays(request.user), pk=stay_id)
        data = _parse(AnswerInputSerializer, request.data)
        services.stay_respond(
            stay_id=stay_id, organization_ids=organizations, confirm=data["confirm"], note=data["note"], actor=request.user
        )
        return Response(StaySerializer(selectors.partner_stays(request.user).get(pk=stay_id)).data)


class PartnerPickupAnswer(TravelAPIView):
    @extend_schema(request=AnswerInputSerializer, responses=PickupSerializer)
    def post(self, request, pickup_id):
        organizations = permissions.partner_ids(request.user)
        if not organizations:
            raise exceptions.PermissionDenied
        get_object_or_404(selectors.partner_pickups(request.user), pk=pickup_id)
        data = _parse(AnswerInputSerializer, request.data)
        services.pickup_respond(
            pickup_id=pickup_id, organization_ids=organizations, confirm=data["confirm"], data=data, actor=request.user
        )
        return Response(PickupSerializer(Pickup.objects.select_related("company", "case").get(pk=pickup_id)).data)
