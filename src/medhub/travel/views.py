"""Travel pages: the coordinator's travel page of a case, the partners' bookings and rooms, the
patient's itinerary (page, PDF, ICS)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medhub.accounts import permissions
from medhub.cases import selectors as case_selectors
from medhub.cases import services as case_services
from medhub.cases.models import Case
from medhub.core.confirm import Reason, confirm_page, confirmed
from medhub.core.forms import form_errors
from medhub.core.i18n import pick
from medhub.core.views import private_download
from medhub.directory.models import Organization
from medhub.travel import documents, rules, selectors, services
from medhub.travel.forms import (
    AnswerForm,
    PickupAnswerForm,
    PickupForm,
    RoomForm,
    StayBookForm,
    StaySearchForm,
    TravellerForm,
    TripForm,
    VisaForm,
    VisaStatusForm,
)
from medhub.travel.models import BookingStatus, Pickup, Room, SensitiveAccess, Stay, Traveller, VisaApplication
from medhub.travel.workflow import BOOKING, VISA


def _hub_case(request, reference) -> Case:
    permissions.require(permissions.may_run_cases(request.user))
    return get_object_or_404(case_selectors.cases_visible_to(request.user), reference=reference)


def _travel_action(request, case) -> None:
    """Runs the form the coordinator sent; a ValidationError carries the translated reason."""
    action = request.POST.get("action", "")
    language = translation.get_language()
    user = request.user
    if action == "trip":
        form = TripForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        services.trip_save(case_id=case.id, actor=user, **form.cleaned_data)
    elif action == "visa":
        form = VisaForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        services.visa_save(case_id=case.id, actor=user, **form.cleaned_data)
    elif action == "checklist":
        ids = [int(pk) for pk in request.POST.getlist("item") if pk.isdigit()]
        services.visa_checklist_update(case_id=case.id, item_ids=ids, actor=user)
    elif action == "visa_status":
        form = VisaStatusForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        services.visa_status_set(case_id=case.id, actor=user, **form.cleaned_data)
    elif action == "traveller":
        form = TravellerForm(request.POST, language=language)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        pk = request.POST.get("traveller", "")
        services.traveller_save(
            case_id=case.id, actor=user, data=form.cleaned_data, traveller_id=int(pk) if pk.isdigit() else None
        )
    elif action == "traveller_remove":
        pk = request.POST.get("traveller", "")
        services.traveller_remove(case_id=case.id, traveller_id=int(pk) if pk.isdigit() else 0, actor=user)
    elif action == "stay":
        form = StayBookForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        data = dict(form.cleaned_data)
        services.stay_book(case_id=case.id, room_id=data.pop("room"), actor=user, **data)
    elif action == "pickup":
        form = PickupForm(request.POST, companies=selectors.transport_companies())
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        data = dict(form.cleaned_data)
        services.pickup_book(case_id=case.id, company_id=data.pop("company"), data=data, actor=user)
    elif action == "cancel":
        pk = request.POST.get("booking", "")
        services.booking_cancel(
            case_id=case.id,
            kind=request.POST.get("kind", ""),
            pk=int(pk) if pk.isdigit() else 0,
            actor=user,
            reason=request.POST.get("reason", ""),
        )
    else:
        raise ValidationError(_("Choose what to do."))


def _confirm_cancel(request, case, error: str = ""):
    """Cancelling a stay or a pickup cannot be undone and affects the partner and the patient:
    asked once more, with the reason they are told (kept as typed when refused)."""
    pickup = request.POST.get("kind") == "pickup"
    return confirm_page(
        request,
        title=_("Cancel this airport pickup?") if pickup else _("Cancel this hotel stay?"),
        consequence=_("A cancelled booking cannot be restored: book again if it is needed after all."),
        told=(
            _("The transport company and the patient are told, with the reason you give.")
            if pickup
            else _("The hotel and the patient are told, with the reason you give.")
        ),
        button=_("Yes, cancel the booking"),
        back=f"{reverse('case-travel', kwargs={'reference': case.reference})}#{'pickup' if pickup else 'stay'}",
        fields=request.POST,
        reason=Reason(
            "reason", _("Why the booking is cancelled (sent to the partner and the patient)"), request.POST.get("reason", "")
        ),
        danger=True,
        error=error,
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_travel(request, reference):
    case = _hub_case(request, reference)
    language = translation.get_language()
    error = None
    if request.method == "POST":
        cancelling = request.POST.get("action") == "cancel"
        if cancelling and not confirmed(request):
            return _confirm_cancel(request, case)
        try:
            _travel_action(request, case)
            return redirect(f"{request.path}#{request.POST.get('action', '')}")
        except ValidationError as exc:
            error = " ".join(m for m in exc.messages if m)
            if cancelling:
                return _confirm_cancel(request, case, error=error)
    data = selectors.case_travel(case)
    trip, visa = data["trip"], data["visa"]
    revealed = request.GET.get("reveal") == "1" and data["travellers"]
    if revealed:
        data["travellers"] = services.sensitive_reveal(case=case, user=request.user, purpose=SensitiveAccess.Purpose.VIEW)
    search = StaySearchForm(
        request.GET if "check_in" in request.GET else None,
        initial={
            "check_in": trip.arrival_date if trip else None,
            "check_out": trip.departure_date if trip else None,
            "guests": case.companions + 1,
        },
    )
    if search.is_bound and search.is_valid():
        rooms = selectors.rooms_for_dates(
            search.cleaned_data["check_in"], search.cleaned_data["check_out"], search.cleaned_data["guests"]
        )
        stay_dates = search.cleaned_data
    elif trip:
        rooms = selectors.rooms_for_dates(trip.arrival_date, trip.departure_date, case.companions + 1)
        stay_dates = {"check_in": trip.arrival_date, "check_out": trip.departure_date, "guests": case.companions + 1}
    else:
        rooms, stay_dates = [], {}
    companies = list(selectors.transport_companies())
    # The form that failed comes back with everything typed; the others start afresh.
    failed = request.POST.get("action", "") if error else ""

    def typed(action: str):
        return request.POST if failed == action else None

    has_patient = any(t.role == Traveller.Role.PATIENT for t in data["travellers"])
    context = {
        "case": case,
        **data,
        "error": error,
        "revealed": bool(revealed),
        "trip_form": TripForm(
            typed("trip"),
            initial={
                "arrival_date": trip.arrival_date if trip else case.desired_from,
                "departure_date": trip.departure_date if trip else case.desired_to,
                "treatment": trip.treatment if trip else (pick(case.specialty.name, language) if case.specialty else ""),
            },
        ),
        "suggested_visa": rules.suggested_visa(trip.stay_days) if trip else None,
        "allowed_entries": rules.allowed_entries(
            visa.visa_type if visa else rules.suggested_visa(trip.stay_days), case.nationality
        )
        if trip
        else [],
        "visa_form": VisaForm(typed("visa"), initial={"visa_type": visa.visa_type, "entries": visa.entries} if visa else None),
        "status_form": VisaStatusForm(),
        "next_statuses": VISA.next_states(visa.status) if visa else [],
        "traveller_form": TravellerForm(
            typed("traveller"),
            language=language,
            initial={
                "nationality": case.nationality,
                "role": Traveller.Role.COMPANION if has_patient else Traveller.Role.PATIENT,
                "name_native": "" if has_patient else case.full_name,
            },
        ),
        "search_form": search,
        "rooms": rooms,
        "stay_dates": stay_dates,
        "pickup_form": PickupForm(
            typed("pickup"),
            companies=companies,
            initial={"passengers": case.companions + 1, "destination": ""},
        ),
        "has_companies": bool(companies),
        "accesses": SensitiveAccess.objects.filter(case=case).select_related("user")[:20],
        "letter_languages": documents.LETTER_LANGUAGES,
    }
    case_services.case_page_opened(case=case, user=request.user, page="case-travel")
    return render(request, "travel/case_travel.html", context, status=400 if error else 200)


@login_required
@require_GET
def invitation_letter(request, reference, language):
    case = _hub_case(request, reference)
    if language not in documents.LETTER_LANGUAGES:
        raise Http404
    try:
        pdf = documents.invitation_letter(case, language=language, user=request.user)
    except documents.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("case-travel", reference=case.reference)
    return private_download(pdf, content_type="application/pdf", filename=f"invitation-{case.reference}-{language}.pdf")


# -- the patient's itinerary --------------------------------------------------------------------


def _itinerary_case(request, reference) -> Case:
    """The patient of the case and the hub's staff read the itinerary; nobody else."""
    case = get_object_or_404(case_selectors.cases_visible_to(request.user), reference=reference)
    if not permissions.may_follow_trip(request.user, case):
        raise Http404
    return case


@login_required
@require_GET
def itinerary(request, reference):
    case = _itinerary_case(request, reference)
    language = translation.get_language()
    visa = VisaApplication.objects.filter(case=case).select_related("case").first()
    travellers = list(Traveller.objects.filter(case=case))
    is_patient = permissions.is_case_patient(request.user, case)
    revealed = is_patient and request.GET.get("reveal") == "1" and travellers
    if revealed:
        travellers = services.sensitive_reveal(case=case, user=request.user, purpose=SensitiveAccess.Purpose.VIEW)
    context = {
        "case": case,
        "plan": selectors.itinerary(case, language=language),
        "visa": visa,
        "checklist": selectors.visa_checklist(visa, language=language, travellers=travellers) if visa else [],
        "travellers": travellers,
        "revealed": bool(revealed),
        "is_patient": is_patient,
    }
    case_services.case_page_opened(case=case, user=request.user, page="itinerary")
    return render(request, "travel/itinerary.html", context)


@login_required
@require_GET
def itinerary_pdf(request, reference):
    case = _itinerary_case(request, reference)
    pdf = documents.itinerary_pdf(case, language=_document_language(request, case))
    return private_download(pdf, content_type="application/pdf", filename=f"itinerary-{case.reference}.pdf")


def _document_language(request, case) -> str:
    """Files made for the patient are in the patient's language unless ?lang= asks for another."""
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else case.preferred_language


@login_required
@require_GET
def itinerary_ics(request, reference):
    from medhub.travel.ical import itinerary_calendar

    case = _itinerary_case(request, reference)
    language = _document_language(request, case)
    with translation.override(language):
        plan = selectors.itinerary(case, language=language)
        body = itinerary_calendar(plan, name=_("Trip %(reference)s") % {"reference": case.reference})
    return private_download(body, content_type="text/calendar; charset=utf-8", filename=f"itinerary-{case.reference}.ics")


# -- partners -----------------------------------------------------------------------------


def _partner_only(request) -> set[int]:
    organizations = permissions.partner_ids(request.user)
    if not organizations:
        raise PermissionDenied
    return organizations


@login_required
@require_GET
def partner_bookings(request):
    return _partner_bookings_page(request, _partner_only(request))


def _partner_bookings_page(request, organizations, *, refused_stay=None, refused_pickup=None, form=None):
    """The partner's bookings; after a refused answer, drawn again (400) with what was typed in
    the answer that failed (``form``), the others empty."""
    kinds = set(Organization.objects.filter(pk__in=organizations).values_list("kind", flat=True))
    context = {
        "stays": list(selectors.partner_stays(request.user)) if Organization.Kind.HOTEL in kinds else [],
        "pickups": list(selectors.partner_pickups(request.user)) if Organization.Kind.TRANSPORT in kinds else [],
        "is_hotel": Organization.Kind.HOTEL in kinds,
        "is_transport": Organization.Kind.TRANSPORT in kinds,
        "answer_form": form if refused_stay else AnswerForm(),
        "pickup_form": form if refused_pickup else PickupAnswerForm(),
        "refused_stay": refused_stay,
        "refused_pickup": refused_pickup,
    }
    failed = refused_stay or refused_pickup
    return render(request, "travel/partner_bookings.html", context, status=400 if failed else 200)


def _asks_to_confirm_decline(request, model, pk: int, field: str, organizations) -> bool:
    """A decline not yet confirmed, of a booking of the partner's that can still be declined (an
    answer that cannot happen goes on to the service, which says why)."""
    if request.POST.get("answer") != "decline" or confirmed(request):
        return False
    booking = model.objects.filter(pk=pk, **{f"{field}__in": list(organizations)}).first()
    return booking is not None and BOOKING.allowed(booking.status, BookingStatus.DECLINED)


def _confirm_decline(request, note: str):
    """Declining a booking cannot be undone and leaves the patient without it: asked once more,
    with the reason the coordinator and the patient are told."""
    return confirm_page(
        request,
        title=_("Decline this booking?"),
        consequence=_("A declined booking cannot be confirmed later: the coordinator has to book elsewhere."),
        told=_("The coordinator and the patient are told, with the reason you give."),
        button=_("Yes, decline"),
        back=reverse("partner-bookings"),
        fields=request.POST,
        reason=Reason("note", _("Why you decline (sent to the coordinator and the patient)"), note),
        danger=True,
    )


@login_required
@require_POST
def partner_stay_answer(request, stay_id):
    organizations = _partner_only(request)
    form = AnswerForm(request.POST)
    if _asks_to_confirm_decline(request, Stay, stay_id, "room__hotel_id", organizations):
        return _confirm_decline(request, form.data.get("note", ""))
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        services.stay_respond(
            stay_id=stay_id,
            organization_ids=organizations,
            confirm=request.POST.get("answer") == "confirm",
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _partner_bookings_page(request, organizations, refused_stay=stay_id, form=form)
    return redirect("partner-bookings")


@login_required
@require_POST
def partner_pickup_answer(request, pickup_id):
    organizations = _partner_only(request)
    form = PickupAnswerForm(request.POST)
    if _asks_to_confirm_decline(request, Pickup, pickup_id, "company_id", organizations):
        return _confirm_decline(request, form.data.get("note", ""))
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        services.pickup_respond(
            pickup_id=pickup_id,
            organization_ids=organizations,
            confirm=request.POST.get("answer") == "confirm",
            data=form.cleaned_data,
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _partner_bookings_page(request, organizations, refused_pickup=pickup_id, form=form)
    return redirect("partner-bookings")


@login_required
@require_http_methods(["GET", "POST"])
def partner_rooms(request):
    organizations = _partner_only(request)
    hotels = list(Organization.objects.filter(pk__in=organizations, kind=Organization.Kind.HOTEL).order_by("id"))
    if not hotels:
        raise PermissionDenied
    room_id = request.GET.get("room") or request.POST.get("room") or ""
    editing = Room.objects.filter(hotel__in=hotels, pk=room_id).first() if room_id.isdigit() else None
    initial = (
        {
            "name": editing.name,
            "capacity": editing.capacity,
            "rooms_available": editing.rooms_available,
            "rack_rate_krw": editing.rack_rate_krw,
            "medical_rate_krw": editing.medical_rate_krw,
            "is_active": editing.is_active,
        }
        if editing
        else None
    )
    form = RoomForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.room_save(
                    hotel_id=editing.hotel_id if editing else hotels[0].id,
                    room_id=editing.id if editing else None,
                    data=form.cleaned_data,
                    actor=request.user,
                )
                return redirect("partner-rooms")
            except ValidationError as exc:
                form.add_error(None, exc)
    context = {"form": form, "editing": editing, "rooms": list(selectors.hotel_rooms([h.id for h in hotels])), "hotels": hotels}
    return render(request, "travel/partner_rooms.html", context, status=status)
