"""Schedule pages: institutions publish slots; patients book; calendars subscribe."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.cases import access
from medhub.cases import selectors as case_selectors
from medhub.cases.models import Case, CaseAccess
from medhub.cases.services import case_access_log
from medhub.cases.translation import TranslationError, TranslationUnavailable, translate_text, translation_backend
from medhub.core import throttle
from medhub.scheduling import ical, selectors, services
from medhub.scheduling.forms import ConsultNoteForm, SlotCancelForm, SlotForm
from medhub.scheduling.models import Appointment, ConsultNote, Slot
from medhub.scheduling.templatetags.scheduling import SCHEDULE_MESSAGE


def _institutions(request) -> set[int]:
    permissions.require(permissions.may_publish_slots(request.user))
    return permissions.institution_ids(request.user)


@login_required
@require_http_methods(["GET", "POST"])
def slots(request):
    institutions = _institutions(request)
    institution_id = min(institutions)
    form = SlotForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.slots_publish(institution_id=institution_id, actor=request.user, **form.cleaned_data)
                return redirect("slots")
            except ValidationError as exc:
                form.add_error(None, exc)
    context = {
        "form": form,
        "slots": selectors.institution_slots(institutions),
        "today": timezone.localdate(),
        "feed_url": request.build_absolute_uri(f"/ical/{ical.feed_token('institution', institution_id)}.ics"),
    }
    return render(request, "scheduling/slots.html", context, status=status)


@login_required
@require_GET
def slots_day(request, day=None):
    """The institution's slots of one day (Korean time), with the days before and after."""
    institutions = _institutions(request)
    if day is None:
        day = timezone.localdate()
    else:
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError as exc:
            raise Http404 from exc
    context = {
        "day": day,
        "previous": day - datetime.timedelta(days=1),
        "next": day + datetime.timedelta(days=1),
        "slots": selectors.day_slots(institutions, day),
        "now": timezone.now(),
    }
    return render(request, "scheduling/slots_day.html", context)


def _back(request, slot):
    """Back to the day of the slot, or to the list it was acted on from."""
    if request.POST.get("from") == "day":
        return redirect("slots-day", day=timezone.localtime(slot.starts_at).date().isoformat())
    return redirect("slots")


@login_required
@require_http_methods(["POST"])
def slot_delete(request, slot_id):
    institutions = _institutions(request)
    slot = get_object_or_404(Slot, pk=slot_id, institution_id__in=list(institutions))
    try:
        services.slot_delete(slot_id=slot.id, institution_ids=institutions, actor=request.user)
        messages.success(request, _("Slot deleted."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, slot)


@login_required
@require_http_methods(["GET", "POST"])
def slot_cancel(request, slot_id):
    """Cancelling a booked slot: asked once more, with the reason the patient is told."""
    institutions = _institutions(request)
    slot = get_object_or_404(Slot.objects.select_related("appointment__case"), pk=slot_id, institution_id__in=list(institutions))
    form = SlotCancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.slot_cancel(
                    slot_id=slot.id, institution_ids=institutions, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Booking cancelled. The patient is told the reason."))
                return _back(request, slot)
            except ValidationError as exc:
                form.add_error(None, exc)
    booked = getattr(slot, "appointment", None)
    context = {"slot": slot, "form": form, "case": booked.case if booked else None, "from": request.GET.get("from", "")}
    return render(request, "scheduling/slot_cancel.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def book(request, reference):
    case = get_object_or_404(case_selectors.cases_visible_to(request.user), reference=reference)
    if not permissions.may_follow_trip(request.user, case):
        raise Http404
    slot_id = request.POST.get("slot", "")
    try:
        if not slot_id.isdigit():
            raise ValidationError("")
        services.appointment_book(case_id=case.id, slot_id=int(slot_id), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(m for m in exc.messages if m) or str(exc), extra_tags=SCHEDULE_MESSAGE)
    else:
        messages.success(request, _("Your appointment is booked."), extra_tags=SCHEDULE_MESSAGE)
    # Back to the case page's schedule. With htmx the form posted from that page, the browser
    # followed this redirect and htmx takes #schedule out of the page it was given.
    target = "case" if case.patient_id == request.user.pk else "work-case"
    return HttpResponseRedirect(reverse(target, args=[case.reference]) + "#schedule")


@require_GET
@throttle.limit("link")
def feed(request, token):
    found = ical.read_token(token)
    if found is None:
        raise Http404
    kind, pk = found
    appointments = Appointment.objects.select_related("slot__institution", "case")
    if kind == "case":
        case = get_object_or_404(Case, pk=pk)
        appointments = appointments.filter(case=case)
        language, name = case.preferred_language, case.reference
    elif kind == "institution":
        appointments = appointments.filter(slot__institution_id=pk)
        language, name = translation.get_language() or "en", f"medhub {pk}"
    else:
        raise Http404
    body = ical.calendar_for(appointments, name=name, language=language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


# -- consult notes ------------------------------------------------------------------------------


def note_of(appointment: Appointment) -> ConsultNote | None:
    try:
        return appointment.consult_note
    except ConsultNote.DoesNotExist:
        return None


def _appointment_for_note(request, reference, appointment_id):
    """The appointment of a case the user may see, if they may read its note or write it (else
    404): the case, the user's rights on it, the appointment, its note and whether they write it."""
    case = get_object_or_404(case_selectors.cases_visible_to(request.user), reference=reference)
    rights = access.rights_for(request.user, case)
    appointment = selectors.case_appointment(case, appointment_id)
    if rights is None or appointment is None:
        raise Http404
    institution_id = appointment.slot.institution_id
    writer = permissions.may_write_consult_note(request.user, institution_id)
    if not (writer or selectors.consult_note_readable(rights, institution_id)):
        raise Http404
    return case, rights, appointment, note_of(appointment), writer


def _log_note_opening(request, case, rights, appointment) -> None:
    match = request.resolver_match
    case_access_log(
        case=case,
        user=request.user,
        rights=rights,
        what=CaseAccess.What.PAGE,
        door=CaseAccess.Door.WEB,
        page=match.url_name if match else "consult-note",
        object_id=appointment.pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consult_note(request, reference, appointment_id):
    """The consult note of one appointment: read by the patient, the hub and the institution;
    written (and corrected for a while) by the institution once the appointment has started."""
    case, rights, appointment, note, writer = _appointment_for_note(request, reference, appointment_id)
    started = appointment.slot.starts_at <= timezone.now()
    status = 200
    form = None
    if request.method == "POST":
        if not writer:
            raise Http404
        form = ConsultNoteForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.consult_note_write(
                    appointment_id=appointment.pk,
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    language=form.cleaned_data["language"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The consult note is saved. The patient can read it on their case page."))
                return redirect("consult-note", reference=case.reference, appointment_id=appointment.pk)
    elif writer and started and services.note_editable(note):
        initial = {"text": note.text, "language": note.language} if note else {"language": request.user.preferred_language}
        form = ConsultNoteForm(initial=initial)
    if note is not None:
        _log_note_opening(request, case, rights, appointment)
    context = {
        "case": case,
        "appointment": appointment,
        "note": note,
        "form": form,
        "writer": writer,
        "started": started,
        "editable_until": services.note_editable_until(note) if note else None,
        "can_translate": translation_backend() is not None,
        "back": access.page_of(rights, case),
    }
    return render(request, "scheduling/consult_note.html", context, status=status)


@login_required
@require_GET
def consult_note_translation(request, reference, appointment_id):
    """The note machine-translated into the reader's language beside the original; where no
    translation server is set (or it fails) the page says so and shows the original."""
    case, rights, appointment, note, _writer = _appointment_for_note(request, reference, appointment_id)
    if note is None:
        raise Http404
    target = translation.get_language()
    translated, problem = None, ""
    try:
        translated = translate_text(note.text, target=target, source=note.language)
    except TranslationUnavailable:
        problem = _("Machine translation is not available on this hub. The original is shown.")
    except TranslationError:
        problem = _("The translation service did not answer. The original is shown.")
    _log_note_opening(request, case, rights, appointment)
    context = {
        "case": case,
        "appointment": appointment,
        "note": note,
        "translated": translated,
        "problem": problem,
        "target": target,
        "back": access.page_of(rights, case),
    }
    return render(request, "scheduling/consult_note_translation.html", context)
