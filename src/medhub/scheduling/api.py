"""API v1 for scheduling on a case: the accepted institution's open slots, and booking one.

Same doors and rules as the case API (it is a case API view); the booking rule lives in
``scheduling.services.appointment_book``."""

from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from medhub.accounts import permissions
from medhub.cases import selectors
from medhub.cases.api import CaseAPIView
from medhub.cases.models import CaseAccess
from medhub.cases.translation import TranslationError, TranslationUnavailable, translate_text
from medhub.scheduling import selectors as schedule_selectors
from medhub.scheduling import services as schedule_services
from medhub.scheduling.models import ConsultNote, Slot
from medhub.scheduling.serializers import (
    BookingInputSerializer,
    ConsultNoteInputSerializer,
    ConsultNoteSerializer,
    ConsultNoteTranslationSerializer,
    DaySerializer,
    InstitutionSlotSerializer,
    SlotCancelSerializer,
    SlotSerializer,
    SlotsPublishSerializer,
)


def _institutions(request) -> set[int]:
    permissions.require(permissions.may_publish_slots(request.user))
    return permissions.institution_ids(request.user)


class SlotsPublish(CaseAPIView):
    """An institution's staff publish slots (repeated weekly if asked), as on the slots page
    (the same service); GET lists their slots of one day (``?day=``, Korean time), as the
    calendar by day does."""

    @extend_schema(parameters=[DaySerializer], responses=InstitutionSlotSerializer(many=True))
    def get(self, request):
        institutions = _institutions(request)
        query = DaySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("day") or timezone.localdate()
        return Response(InstitutionSlotSerializer(schedule_selectors.day_slots(institutions, day), many=True).data)

    @extend_schema(request=SlotsPublishSerializer, responses={201: SlotSerializer(many=True)})
    def post(self, request):
        institutions = _institutions(request)
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


class SlotDetail(CaseAPIView):
    """An institution deletes a slot nobody booked (a booked one is cancelled instead)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slot_id):
        institutions = _institutions(request)
        slot = get_object_or_404(Slot, pk=slot_id, institution_id__in=list(institutions))
        schedule_services.slot_delete(slot_id=slot.id, institution_ids=institutions, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SlotCancel(CaseAPIView):
    """An institution cancels a booked slot with a reason the patient is told."""

    @extend_schema(request=SlotCancelSerializer, responses=InstitutionSlotSerializer)
    def post(self, request, slot_id):
        institutions = _institutions(request)
        slot = get_object_or_404(Slot, pk=slot_id, institution_id__in=list(institutions))
        payload = SlotCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        slot = schedule_services.slot_cancel(
            slot_id=slot.id, institution_ids=institutions, actor=request.user, reason=payload.validated_data["reason"]
        )
        return Response(InstitutionSlotSerializer(slot).data)


class ConsultNoteView(CaseAPIView):
    """An appointment's consult note. GET: the patient, the hub and the institution read it (the
    referring facilitator does not: it is health data). PUT: the institution that gave the
    appointment writes it once the appointment has started, and corrects it for a while; the
    patient is told when it is first written (``scheduling.services.consult_note_write``)."""

    def appointment(self, reference, appointment_id):
        case = self.case(reference)
        rights = self.rights(case)
        appointment = schedule_selectors.case_appointment(case, appointment_id)
        if appointment is None:
            raise exceptions.NotFound
        institution_id = appointment.slot.institution_id
        writer = permissions.may_write_consult_note(self.request.user, institution_id)
        if not (writer or schedule_selectors.consult_note_readable(rights, institution_id)):
            raise exceptions.NotFound
        return case, rights, appointment, writer

    def note(self, reference, appointment_id):
        case, rights, appointment, _writer = self.appointment(reference, appointment_id)
        try:
            note = appointment.consult_note
        except ConsultNote.DoesNotExist as exc:
            raise exceptions.NotFound(_("The institution has not written its consult note yet.")) from exc
        self.log_opening(case, rights, CaseAccess.What.PAGE, appointment.pk)
        return note

    @extend_schema(responses=ConsultNoteSerializer)
    def get(self, request, reference, appointment_id):
        return Response(ConsultNoteSerializer(self.note(reference, appointment_id)).data)

    @extend_schema(request=ConsultNoteInputSerializer, responses={200: ConsultNoteSerializer, 201: ConsultNoteSerializer})
    def put(self, request, reference, appointment_id):
        _case, _rights, appointment, writer = self.appointment(reference, appointment_id)
        if not writer:
            raise exceptions.PermissionDenied
        payload = ConsultNoteInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        existed = ConsultNote.objects.filter(appointment=appointment).exists()
        note = schedule_services.consult_note_write(appointment_id=appointment.pk, actor=request.user, **payload.validated_data)
        return Response(ConsultNoteSerializer(note).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class ConsultNoteTranslation(ConsultNoteView):
    """The note machine-translated into the request's language (Accept-Language), as on the page."""

    http_method_names = ["get", "head", "options"]

    @extend_schema(responses=ConsultNoteTranslationSerializer)
    def get(self, request, reference, appointment_id):
        note = self.note(reference, appointment_id)
        target = translation.get_language()
        text, problem = None, ""
        try:
            text = translate_text(note.text, target=target, source=note.language)
        except TranslationUnavailable:
            problem = _("Machine translation is not available on this hub. The original is shown.")
        except TranslationError:
            problem = _("The translation service did not answer. The original is shown.")
        answer = {"language": target, "text": text, "problem": problem, "original": note}
        return Response(ConsultNoteTranslationSerializer(answer).data)
