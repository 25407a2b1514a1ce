"""Schedule pages: institutions publish slots; patients book; calendars subscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.cases import selectors as case_selectors
from medhub.cases.models import Case
from medhub.core import throttle
from medhub.scheduling import ical, selectors, services
from medhub.scheduling.forms import SlotForm
from medhub.scheduling.models import Appointment


@login_required
@require_http_methods(["GET", "POST"])
def slots(request):
    institutions = permissions.institution_ids(request.user)
    if not institutions:
        raise PermissionDenied
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
        "feed_url": request.build_absolute_uri(f"/ical/{ical.feed_token('institution', institution_id)}.ics"),
    }
    return render(request, "scheduling/slots.html", context, status=status)


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
        messages.error(request, " ".join(m for m in exc.messages if m) or str(exc))
    target = "case" if case.patient_id == request.user.pk else "work-case"
    return redirect(target, reference=case.reference)


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
