"""Interpretation pages: the coordinator books interpreters for a case's appointments, the
interpreter answers and logs hours, the administrator decides subsidy claims."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.cases import selectors as case_selectors
from medhub.cases import services as case_services
from medhub.core.confirm import Reason, confirm_page, confirmed
from medhub.core.forms import form_errors
from medhub.core.views import private_download
from medhub.interpreting import reports, selectors, services
from medhub.interpreting.forms import (
    AvailabilityForm,
    BookingForm,
    DeclineForm,
    HoursForm,
    LanguageForm,
    ProgramForm,
    RejectForm,
)
from medhub.interpreting.models import InterpreterBooking, SubsidyClaim
from medhub.interpreting.workflow import BOOKING


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def case_interpreters(request, reference):
    permissions.require(permissions.may_run_cases(request.user))
    case = get_object_or_404(case_selectors.cases_visible_to(request.user), reference=reference)
    error = None
    language_form = LanguageForm(
        request.GET if "language" in request.GET else None, initial={"language": case.preferred_language}
    )
    language = case.preferred_language
    if language_form.is_bound:
        if language_form.is_valid():
            language = language_form.cleaned_data["language"]
        else:
            error = form_errors(language_form)
    appointments = selectors.case_appointments(request.user, case)
    suggestions = selectors.suggest_interpreters(appointments, language=language)
    here = f"{reverse('case-interpreters', kwargs={'reference': case.reference})}?{urlencode({'language': language})}"
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "book":
                candidates = {i.id: i for found in suggestions.values() for i in found}
                form = BookingForm(request.POST, appointments=appointments, interpreters=candidates.values())
                if not form.is_valid():
                    raise services.InterpretingError(form_errors(form))
                data = form.cleaned_data
                appointment = next(a for a in appointments if a.id == data["appointment"])
                services.booking_create(
                    appointment_id=appointment.id,
                    interpreter_id=data["interpreter"],
                    purpose=data["purpose"],
                    language=data["language"],
                    minutes=data["minutes"],
                    actor=request.user,
                )
                return redirect(here)
            if action == "cancel":
                booking_id = _int(request.POST.get("booking"))
                if booking_id is None or not selectors.case_bookings(request.user, case).filter(pk=booking_id).exists():
                    raise Http404
                if not confirmed(request):
                    return _confirm_cancel(request, case)
                try:
                    services.booking_cancel(booking_id=booking_id, actor=request.user, reason=request.POST.get("reason", ""))
                except ValidationError as exc:
                    return _confirm_cancel(request, case, error=" ".join(exc.messages))
                return redirect(here)
            raise services.InterpretingError(_("Choose what to do."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    for appointment in appointments:
        appointment.suggested = suggestions.get(appointment.id, [])
        # The window each suggested interpreter entered that covers the appointment (shown beside them).
        appointment.suggested_windows = [
            (i, next(b for b in i.blocks if b.starts_at <= appointment.slot.starts_at and b.ends_at >= appointment.slot.ends_at))
            for i in appointment.suggested
        ]
    context = {
        "case": case,
        "appointments": appointments,
        "language": language,
        "language_form": language_form,
        "purposes": BookingForm.base_fields["purpose"].choices,
        "error": error,
        "now": timezone.now(),
    }
    case_services.case_page_opened(case=case, user=request.user, page="case-interpreters")
    return render(request, "interpreting/case_interpreters.html", context, status=400 if error else 200)


def _confirm_cancel(request, case, error: str = ""):
    """Cancelling an interpreter cannot be undone and affects the interpreter and the patient:
    asked once more, with the reason they are told (kept as typed when refused)."""
    return confirm_page(
        request,
        title=_("Cancel this interpreter booking?"),
        consequence=_("A cancelled booking cannot be restored: book an interpreter again if one is needed after all."),
        told=_("The interpreter and the patient are told, with the reason you give."),
        button=_("Yes, cancel the booking"),
        back=reverse("case-interpreters", kwargs={"reference": case.reference}),
        fields=request.POST,
        reason=Reason(
            "reason", _("Why the booking is cancelled (sent to the interpreter and the patient)"), request.POST.get("reason", "")
        ),
        danger=True,
        error=error,
        status=400 if error else 200,
    )


def _may_decline(user, booking_id: int) -> bool:
    """The interpreter's own booking, still open to a decline (else the service says why not)."""
    booking = selectors.own_bookings(user).filter(pk=booking_id).first()
    return booking is not None and BOOKING.allowed(booking.status, InterpreterBooking.Status.DECLINED)


def _confirm_decline(request, reason: str):
    """Declining cannot be undone: asked once more, with the reason the coordinator is told."""
    return confirm_page(
        request,
        title=_("Decline this booking?"),
        consequence=_("A declined booking cannot be accepted later: the coordinator has to find another interpreter."),
        told=_("The case's coordinator is told, with the reason you give."),
        button=_("Yes, decline"),
        back=reverse("interpreter-home"),
        fields=request.POST,
        reason=Reason("reason", _("Why you decline (sent to the coordinator)"), reason),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interpreter_home(request):
    if not permissions.is_interpreter(request.user):
        raise PermissionDenied
    interpreter = selectors.interpreter_for(request.user)
    error = None
    if request.method == "POST" and interpreter is not None:
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                booking_id = _int(request.POST.get("booking"))
                if booking_id is None:
                    raise services.InterpretingError(_("This booking does not exist."))
                services.booking_accept(booking_id=booking_id, actor=request.user)
            elif action == "decline":
                form = DeclineForm(request.POST)
                if not form.is_valid():
                    raise services.InterpretingError(form_errors(form))
                if not confirmed(request) and _may_decline(request.user, form.cleaned_data["booking"]):
                    return _confirm_decline(request, form.cleaned_data["reason"])
                services.booking_decline(
                    booking_id=form.cleaned_data["booking"], actor=request.user, reason=form.cleaned_data["reason"]
                )
            elif action == "hours":
                form = HoursForm(request.POST)
                if not form.is_valid():
                    raise services.InterpretingError(form_errors(form))
                services.hours_log(
                    booking_id=form.cleaned_data["booking"],
                    actor=request.user,
                    hours=form.cleaned_data["hours"],
                    note=form.cleaned_data["note"],
                    over_reason=form.cleaned_data["over_reason"],
                )
            else:
                raise services.InterpretingError(_("Choose what to do."))
            return redirect("interpreter-home")
        except ValidationError as exc:
            error = " ".join(exc.messages)
    upcoming, past = selectors.upcoming_and_past(selectors.own_bookings(request.user))
    context = {
        "interpreter": interpreter,
        "upcoming": upcoming,
        "past": past,
        "error": error,
        "now": timezone.now(),
    }
    return render(request, "interpreting/interpreter_home.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    """The interpreter enters the windows in which they can work, and takes them back."""
    permissions.require(permissions.is_interpreter(request.user))
    interpreter = selectors.interpreter_for(request.user)
    form = AvailabilityForm(request.POST if request.method == "POST" and "remove" not in request.POST else None)
    error = None
    if request.method == "POST" and interpreter is not None:
        try:
            if "remove" in request.POST:
                window_id = _int(request.POST.get("remove"))
                if window_id is None:
                    raise services.InterpretingError(_("This window does not exist."))
                services.availability_remove(actor=request.user, availability_id=window_id)
                return redirect("interpreter-availability")
            if form.is_valid():
                data = form.cleaned_data
                services.availability_add(
                    actor=request.user,
                    starts_at=datetime.datetime.combine(data["day"], data["start"], tzinfo=services.HUB_ZONE),
                    ends_at=datetime.datetime.combine(data["day"], data["end"], tzinfo=services.HUB_ZONE),
                )
                return redirect("interpreter-availability")
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        "interpreter": interpreter,
        "form": form,
        "windows": selectors.own_availability(request.user),
        "error": error,
    }
    failed = request.method == "POST" and (error or form.errors)
    return render(request, "interpreting/availability.html", context, status=400 if failed else 200)


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_claims(request):
    if not permissions.may_decide_subsidies(request.user):
        raise PermissionDenied
    programs = list(selectors.programs_visible_to(request.user))
    editing = None
    edit_id = _int(request.GET.get("edit"))
    if edit_id is not None:
        editing = next((p for p in programs if p.id == edit_id), None)
        if editing is None:
            raise Http404
    program_form = ProgramForm(instance=editing, initial={} if editing else {"year": timezone.localdate().year})
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "approve":
                claim_id = _int(request.POST.get("claim"))
                if claim_id is None:
                    raise services.InterpretingError(_("This claim does not exist."))
                services.claim_approve(claim_id=claim_id, actor=request.user)
                return redirect("subsidy-claims")
            if action == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    raise services.InterpretingError(form_errors(form))
                services.claim_reject(claim_id=form.cleaned_data["claim"], actor=request.user, reason=form.cleaned_data["reason"])
                return redirect("subsidy-claims")
            if action == "program":
                program_form = ProgramForm(request.POST, instance=editing)
                if program_form.is_valid():
                    services.program_save(
                        program=program_form.save(commit=False),
                        institutions=program_form.cleaned_data["institutions"],
                        actor=request.user,
                    )
                    return redirect("subsidy-claims")
                error = _("Check the program's fields.")
            else:
                raise services.InterpretingError(_("Choose what to do."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        "programs": programs,
        "pending": list(selectors.claims_visible_to(request.user, status=SubsidyClaim.Status.PENDING)),
        "decided": list(
            selectors.claims_visible_to(request.user).exclude(status=SubsidyClaim.Status.PENDING).order_by("-decided_at")[:50]
        ),
        "program_form": program_form,
        "editing": editing,
        "error": error,
    }
    return render(request, "interpreting/subsidy_claims.html", context, status=400 if error else 200)


@login_required
@require_GET
def subsidy_report(request, program_id):
    if not permissions.may_decide_subsidies(request.user):
        raise PermissionDenied
    program = get_object_or_404(selectors.programs_visible_to(request.user), pk=program_id)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in reports.FORMATS:
        return HttpResponse(_("Choose the report format: csv or xlsx."), status=400, content_type="text/plain; charset=utf-8")
    return report_response(request.user, program, fmt)


def report_response(user, program, fmt: str) -> HttpResponse:
    """The payment report as a download (shared by the page and the API)."""
    report = reports.payment_report(selectors.report_claims(user, program), language=translation.get_language())
    body = reports.render(report, fmt, title=str(program.year))
    return private_download(body, content_type=reports.FORMATS[fmt], filename=f"subsidy-{program.year}.{fmt}")
