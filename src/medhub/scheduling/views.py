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
from medhub.cases import selectors as case_selectors
from medhub.cases.models import Case
from medhub.core import throttle
from medhub.scheduling import ical, selectors, services
from medhub.scheduling.forms import SlotCancelForm, SlotForm
from medhub.scheduling.models import Appointment, Slot
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
