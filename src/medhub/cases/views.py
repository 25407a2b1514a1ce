"""Case pages: the public inquiry, the patient's case page, the coordinator's board."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.accounts.models import Role
from medhub.accounts.permissions import is_hub_admin
from medhub.accounts.selectors import roles
from medhub.cases import access, selectors, services, workflow
from medhub.cases.filters import CaseBoardFilter
from medhub.cases.forms import InquiryForm, MessageForm, QuoteForm, TransitionForm, TriageForm
from medhub.cases.journey import journey
from medhub.cases.links import case_from_token
from medhub.cases.models import CaseAccess, CaseDocument, CaseState, MessageAttachment, Quote
from medhub.core import throttle
from medhub.core.confirm import Reason, confirm_page, confirmed
from medhub.core.money import visitor_currency
from medhub.core.selectors import hub_languages
from medhub.core.views import protect_private_file
from medhub.directory.selectors import specialty_by_id

# How many of the latest openings the coordinator's case page lists.
RECENT_ACCESSES = 20


def private_file_response(stored) -> FileResponse:
    """A private file (case document, message attachment) as a download nobody caches or runs."""
    response = FileResponse(
        stored.file.open("rb"), content_type=stored.content_type, as_attachment=True, filename=stored.original_name
    )
    return protect_private_file(response)


# The session key that carries a sent inquiry's reference to the "sent" page (no personal data
# in the URL; reloading that page shows it again and creates nothing).
INQUIRY_SENT_KEY = "inquiry_sent"


@require_http_methods(["GET", "POST"])
def inquiry_new(request):
    language = translation.get_language()
    form = InquiryForm(
        request.POST or None,
        request.FILES or None,
        initial=InquiryForm.initial_from_query(request.GET) if request.method == "GET" else None,
        language=language,
        hub_languages=hub_languages(),
    )
    context = {"form": form}
    if request.method == "POST":
        if form.is_bot:
            # Software filled the hidden field: answer as if all went well, keep nothing.
            request.session.pop(INQUIRY_SENT_KEY, None)
            return redirect("inquiry-sent")
        if form.is_valid():
            try:
                case = services.inquiry_submit(
                    data=form.cleaned_data,
                    documents=form.cleaned_data["documents"],
                    language=language,
                    sender=request.user,
                    client=throttle.client_address(request),
                )
            except throttle.Throttled as error:
                # Refused for now, but nothing typed is lost: the form comes back filled in.
                form.add_error(None, error)
                response = render(request, "cases/inquiry_form.html", context, status=429)
                response["Retry-After"] = str(error.retry_after)
                return response
            except services.Ineligible as error:
                context["ineligible"] = error.reason
                return render(request, "cases/inquiry_form.html", context)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[INQUIRY_SENT_KEY] = {"reference": case.reference, "email": case.contact_email}
                return redirect("inquiry-sent")
        return render(request, "cases/inquiry_form.html", context, status=400)
    return render(request, "cases/inquiry_form.html", context)


@require_GET
def inquiry_sent(request):
    """After the inquiry's POST: shows the reference kept in the session, creates nothing."""
    sent = request.session.get(INQUIRY_SENT_KEY) or {}
    return render(request, "cases/inquiry_sent.html", {"reference": sent.get("reference"), "email": sent.get("email")})


@require_http_methods(["GET", "POST"])
@throttle.limit("link")
def case_verify(request, token):
    """The emailed link. Opening it (GET) changes nothing — mail scanners open links too; the
    patient confirms with a button (POST), which uses the link up. It signs in only a patient
    account with no password of its own; anyone else is asked to sign in."""
    case_id = case_from_token(token)
    if case_id is None:
        return render(request, "cases/link_invalid.html", status=400)
    if request.method == "GET":
        response = render(request, "cases/verify_confirm.html", {"token": token})
        response["Cache-Control"] = "no-store"
        return response
    outcome = services.case_verify_email(case_id=case_id, token=token)
    if outcome.case is None:
        return render(request, "cases/link_invalid.html", status=400)
    target = reverse("case", kwargs={"reference": outcome.case.reference})
    if outcome.used:
        messages.info(request, _("This link has already been used. Sign in to see your case."))
    elif outcome.sign_in:
        if request.user.is_authenticated and request.user.pk != outcome.case.patient_id:
            logout(request)
        if not request.user.is_authenticated:
            login(request, outcome.case.patient, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(target)
    else:
        messages.success(request, _("Your email address is confirmed. Sign in to see your case."))
    if request.user.is_authenticated and request.user.pk == outcome.case.patient_id:
        return redirect(target)
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, reference):
    case = get_object_or_404(selectors.cases_visible_to(request.user).select_related("specialty"), reference=reference)
    if case.patient_id != request.user.pk:
        raise Http404  # staff use the workspace page
    rights = access.rights_for(request.user, case)
    error = None
    if request.method == "POST" and request.POST.get("to_state") == CaseState.CANCELLED:
        return _patient_cancel(request, case)
    if request.method == "POST":
        quote_id = request.POST.get("accept", "")
        try:
            if not quote_id.isdigit():
                raise services.CaseError(_("Choose the quote you accept."))
            if not confirmed(request):
                return _confirm_accept(request, case, int(quote_id))
            services.quote_accept(case_id=case.id, quote_id=int(quote_id), actor=request.user)
            return redirect("case", reference=case.reference)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    display_currency = (case.budget_amount and case.budget_currency) or visitor_currency(request)
    context = {
        "case": case,
        "events": selectors.case_timeline(case),
        "documents": case.documents.all(),
        "quotes": selectors.quotes_for_case(case, display_currency=display_currency),
        "journey": journey(case, rights),
        "can_cancel": workflow.allowed(case.state, CaseState.CANCELLED),
        **_thread_context(case, rights, request),
        "error": error,
        "now": timezone.now(),
    }
    _log_opening(request, case, rights, CaseAccess.What.PAGE)  # the patient's own: never logged
    return render(request, "cases/case_detail.html", context, status=400 if error else 200)


@login_required
@require_GET
def document_download(request, reference, document_id):
    case, rights = _case_and_rights(request, reference)
    if not rights.documents:
        raise Http404  # minimum necessary: not theirs to open (docs/personal-data.md)
    document = get_object_or_404(CaseDocument, case=case, pk=document_id)
    _log_opening(request, case, rights, CaseAccess.What.DOCUMENT, document.id)
    return private_file_response(document)


@login_required
@require_GET
def my_cases(request):
    """Every case of the signed-in patient, newest first, with where each stands."""
    cases = selectors.cases_visible_to(request.user).filter(patient=request.user).select_related("specialty")
    return render(request, "cases/my_cases.html", {"cases": cases})


@login_required
@require_GET
def work_home(request):
    if permissions.is_hub_staff(request.user):
        return redirect("case-board")
    if permissions.institution_ids(request.user):
        return redirect("inbox")
    if permissions.agency_ids(request.user):
        return redirect("referrals")
    if permissions.partner_ids(request.user):
        return redirect("partner-bookings")
    if Role.INTERPRETER in roles(request.user):
        return redirect("interpreter-home")
    # A patient with one case lands on it; with several, on the list of them ("My cases").
    own = list(request.user.cases.order_by("-created_at").values_list("reference", flat=True)[:2])
    if len(own) > 1:
        return redirect("my-cases")
    if own:
        return redirect("case", reference=own[0])
    return render(request, "cases/work_home.html")


def _case_and_rights(request, reference):
    """The case by its reference among those the user may see, and what they may do with it."""
    case = get_object_or_404(selectors.cases_visible_to(request.user), reference=reference)
    rights = access.rights_for(request.user, case)
    if rights is None:
        raise Http404
    return case, rights


def _log_opening(request, case, rights, what: str, object_id: int | None = None) -> None:
    """One row of the access log for this page or download (none for the patient themself)."""
    match = request.resolver_match
    services.case_access_log(
        case=case,
        user=request.user,
        rights=rights,
        what=what,
        door=CaseAccess.Door.WEB,
        page=match.url_name if match else "",
        object_id=object_id,
    )


def _thread_context(case, rights, request=None) -> dict:
    from medhub.cases.translation import translation_backend

    conversations = selectors.conversations(case, rights, reader_language=translation.get_language())
    access.label_authors(case, rights, [m for c in conversations for m in c.messages])
    return {
        "conversations": conversations,
        "writable_conversations": [c for c in conversations if c.writable],
        "sees_all_conversations": rights.sees_all_conversations,
        "attachments_closed": rights.standing == access.FACILITATOR,
        # A message that was refused comes back as typed (message_new re-renders the page).
        "message_form": getattr(request, "refused_message_form", None) or MessageForm(),
        "can_translate": translation_backend() is not None,
    }


def _hub_staff_only(request):
    if not permissions.is_hub_staff(request.user):
        raise PermissionDenied


@login_required
@require_GET
def case_board(request):
    _hub_staff_only(request)
    board = CaseBoardFilter(request.GET or None, queryset=selectors.case_board(request.user), request=request)
    valid = not board.is_bound or board.is_valid()
    # A bad parameter is shown on its field (400) over the unfiltered board.
    cases = list((board.qs if valid else selectors.case_board(request.user))[:200])
    now = timezone.now()
    context = {
        "form": board.form,
        "cases": cases,
        "now": now,
        "is_hub_admin": is_hub_admin(request.user),
        "may_assign": permissions.may_assign_cases(request.user),
        "owners": list(selectors.possible_owners()),
        "followed": selectors.followed_case_ids(request.user, [c.id for c in cases]),
        "back": request.get_full_path(),
    }
    return render(request, "cases/board.html", context, status=200 if valid else 400)


def _back_to_board(request):
    """Back to the board as it was (its filters and sort), never to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("case-board")


@login_required
@require_http_methods(["POST"])
def case_assign(request, reference):
    permissions.require(permissions.may_assign_cases(request.user))
    case = get_object_or_404(selectors.cases_visible_to(request.user), reference=reference)
    owner = request.POST.get("owner", "")
    try:
        if owner and not owner.isdigit():
            raise services.CaseError(_("Choose a member of the hub's staff."))
        services.case_assign(case_id=case.id, owner_id=int(owner) if owner else None, actor=request.user)
        messages.success(request, _("Case %(reference)s: owner saved.") % {"reference": case.reference})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to_board(request)


@login_required
@require_http_methods(["POST"])
def case_follow(request, reference):
    permissions.require(permissions.may_follow_cases(request.user))
    case = get_object_or_404(selectors.cases_visible_to(request.user), reference=reference)
    services.case_follow(case_id=case.id, user=request.user, follow=request.POST.get("follow") != "0")
    return _back_to_board(request)


@login_required
@require_http_methods(["GET", "POST"])
def work_case(request, reference):
    _hub_staff_only(request)
    case = get_object_or_404(selectors.cases_visible_to(request.user).select_related("specialty", "owner"), reference=reference)
    rights = access.rights_for(request.user, case)
    suggestions = selectors.triage_suggestions(case.problem)
    by_id = specialty_by_id()
    suggested = suggestions[0] if suggestions else None
    initial = case.specialty_id or (suggested.specialty_id if suggested else case.requested_specialty_id)
    triage_form = TriageForm(initial={"specialty": initial})
    error = None
    if request.method == "POST":
        try:
            if "share" in request.POST:
                ids = [int(pk) for pk in request.POST.getlist("institution") if pk.isdigit()]
                services.case_share(case_id=case.id, institution_ids=ids, actor=request.user)
                return redirect("work-case", reference=case.reference)
            if "withdraw" in request.POST:
                institution_id = request.POST["withdraw"]
                if not institution_id.isdigit():
                    raise services.CaseError(_("Choose the institution to withdraw the case from."))
                services.case_share_withdraw(case_id=case.id, institution_id=int(institution_id), actor=request.user)
                return redirect("work-case", reference=case.reference)
            if "specialty" in request.POST:
                triage_form = TriageForm(request.POST)
                if triage_form.is_valid():
                    services.case_triage(
                        case_id=case.id,
                        specialty=triage_form.cleaned_data["specialty"],
                        actor=request.user,
                        suggested_code=suggested.code if suggested else "",
                    )
                    return redirect("work-case", reference=case.reference)
            else:
                transition = TransitionForm(request.POST)
                to_state = transition.cleaned_data["to_state"] if transition.is_valid() else ""
                if to_state in services.ENDINGS and workflow.allowed(case.state, to_state):
                    # Ends the case for the patient: confirmed on a second page, with a reason they are told.
                    reason = request.POST.get("reason", "")
                    if not confirmed(request):
                        return _confirm_end(request, case, to_state, reason)
                    try:
                        services.case_end(case_id=case.id, to_state=to_state, actor=request.user, reason=reason)
                    except ValidationError as exc:
                        return _confirm_end(request, case, to_state, reason, error=" ".join(exc.messages), status=400)
                    return redirect("work-case", reference=case.reference)
                if to_state in CaseState.values and workflow.by_hand(case.state, to_state):
                    services.case_transition(case_id=case.id, to_state=to_state, actor=request.user)
                    return redirect("work-case", reference=case.reference)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        "case": case,
        "events": selectors.case_timeline(case),
        "documents": case.documents.all(),
        "suggestions": [(by_id[s.specialty_id], s.words) for s in suggestions],
        "triage_form": triage_form,
        "next_states": [
            CaseState(s)
            for s in workflow.next_states(case.state)
            if s not in (CaseState.TRIAGED, CaseState.SHARED) and workflow.by_hand(case.state, s)
        ],
        "recommendations": selectors.recommend_institutions(case)
        if case.state in (CaseState.TRIAGED, CaseState.SHARED, CaseState.QUOTED)
        else [],
        "shares": case.shares.select_related("institution"),
        "in_case": selectors.institutions_in_case(case),
        "quotes": selectors.quotes_for_case(case, display_currency="KRW"),
        "journey": journey(case, rights),
        "asked_about": selectors.asked_about(case),
        **_thread_context(case, rights, request),
        "error": error,
        "now": timezone.now(),
    }
    _log_opening(request, case, rights, CaseAccess.What.PAGE)
    context["accesses"] = CaseAccess.objects.filter(case=case).select_related("user")[:RECENT_ACCESSES]
    context["recent_accesses"] = RECENT_ACCESSES
    return render(request, "cases/work_case.html", context, status=400 if error else 200)


def _confirm_accept(request, case, quote_id: int):
    """Accepting a quote cannot be undone and declines the others: asked once more."""
    quote = get_object_or_404(Quote.objects.select_related("institution"), case=case, pk=quote_id)
    return confirm_page(
        request,
        title=_("Accept this quote?"),
        consequence=_(
            "You accept the quote of %(institution)s. This cannot be undone: every other quote is declined "
            "and those institutions are told you chose another."
        )
        % {"institution": quote.institution},
        told=_("The institution and your coordinator are told, and the hub starts booking your appointment."),
        button=_("Yes, accept this quote"),
        back=reverse("case", kwargs={"reference": case.reference}),
        fields=request.POST,
    )


def _patient_cancel(request, case):
    """The patient cancels their own case: confirmed on a second page, with the reason their
    coordinator and the institutions are told (the service requires it)."""
    permissions.require(permissions.may_end_case(request.user, case, CaseState.CANCELLED))
    reason = request.POST.get("reason", "")
    if not workflow.allowed(case.state, CaseState.CANCELLED):
        messages.error(request, _("This case can no longer be cancelled."))
        return redirect("case", reference=case.reference)
    if not confirmed(request):
        return _confirm_end(request, case, CaseState.CANCELLED, reason, by_patient=True)
    try:
        services.case_end(case_id=case.id, to_state=CaseState.CANCELLED, actor=request.user, reason=reason)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        return _confirm_end(request, case, CaseState.CANCELLED, reason, by_patient=True, error=error, status=400)
    return redirect("case", reference=case.reference)


def _confirm_end(request, case, to_state: str, reason: str, *, by_patient: bool = False, error: str = "", status: int = 200):
    """Declining, cancelling or losing a case: confirmed, with the reason the others are told."""
    titles = {
        CaseState.DECLINED: _("Decline this case?"),
        CaseState.CANCELLED: _("Cancel this case?"),
        CaseState.LOST: _("Close this case as lost?"),
    }
    return confirm_page(
        request,
        title=titles[to_state],
        consequence=_("The case becomes “%(state)s”. This cannot be undone: the case takes no further step.")
        % {"state": CaseState(to_state).label},
        told=_("Your coordinator and the institutions still in your case are told, with the reason you give.")
        if by_patient
        else _("The patient and the institutions still in the case are told by email, with the reason you give."),
        button=_("Yes: %(state)s") % {"state": CaseState(to_state).label},
        back=reverse("case" if by_patient else "work-case", kwargs={"reference": case.reference}),
        fields=request.POST,
        reason=Reason(
            "reason",
            _("Why you cancel (sent to your coordinator and the institutions)")
            if by_patient
            else _("Reason (sent to the patient)"),
            reason,
        ),
        danger=True,
        error=error,
        status=status,
    )


def _provider_only(request) -> set[int]:
    institutions = permissions.institution_ids(request.user)
    if not institutions:
        raise PermissionDenied
    return institutions


@login_required
@require_GET
def inbox(request):
    _provider_only(request)
    cases = list(selectors.shared_cases(request.user)[:200])
    return render(request, "cases/inbox.html", {"cases": cases})


@login_required
@require_http_methods(["GET", "POST"])
def inbox_case(request, reference):
    _provider_only(request)
    case = get_object_or_404(selectors.shared_cases(request.user), reference=reference)
    rights = access.rights_for(request.user, case)
    if rights is None or rights.standing != access.INSTITUTION:
        raise Http404
    institution_id = rights.default_conversation
    own = Quote.objects.filter(case=case, institution_id=institution_id).first()
    latest = own.versions.order_by("-number").first() if own else None
    form = QuoteForm(request.POST or None, initial=QuoteForm.initial_from(latest))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.quote_submit(case_id=case.id, institution_id=institution_id, actor=request.user, data=form.cleaned_data)
            return redirect("inbox-case", reference=case.reference)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {
        "case": case,
        "documents": case.documents.all(),
        "form": form,
        "quote": own,
        "versions": own.versions.order_by("number") if own else [],
        "referred": bool(case.referred_by_id),
        "journey": journey(case, rights),
        **_thread_context(case, rights, request),
        "error": error,
    }
    _log_opening(request, case, rights, CaseAccess.What.PAGE)
    status = 400 if (request.method == "POST") else 200
    return render(request, "cases/inbox_case.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def message_new(request, reference):
    case, rights = _case_and_rights(request, reference)
    form = MessageForm(request.POST, request.FILES)
    conversation = request.POST.get("conversation", "")
    if form.is_valid():
        try:
            if conversation and not conversation.isdigit():
                raise services.CaseError(_("Choose the conversation to write in."))
            services.message_post(
                case_id=case.id,
                author=request.user,
                body=form.cleaned_data["body"],
                language=translation.get_language(),
                attachments=form.cleaned_data["attachments"],
                conversation=int(conversation) if conversation else services.DEFAULT_CONVERSATION,
            )
            return redirect(f"{access.page_of(rights, case)}#thread")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _case_page_with_refused_message(request, case, rights, form)


def _case_page_with_refused_message(request, case, rights, form):
    """The case page the user reads, drawn again with the refused message and its errors, so
    that nothing typed is lost (a file cannot be kept: the error names the one refused)."""
    view = {access.PATIENT: case_detail, access.HUB: work_case, access.FACILITATOR: referral}.get(rights.standing, inbox_case)
    request.refused_message_form = form
    # The page is drawn as on a GET: its own forms must not read the message's fields.
    request.method = "GET"
    request.POST = QueryDict()
    response = view(request, case.reference)
    response.status_code = 400
    return response


@login_required
@require_http_methods(["POST"])
def message_translate(request, reference, message_id):
    case, rights = _case_and_rights(request, reference)
    message = get_object_or_404(case.messages, pk=message_id)
    if not rights.can_read(message.institution_id):
        raise Http404
    try:
        services.message_translate(message=message, target=translation.get_language())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{access.page_of(rights, case)}#message-{message.id}")


@login_required
@require_GET
def message_attachment(request, reference, message_id, attachment_id):
    case, rights = _case_and_rights(request, reference)
    attachment = get_object_or_404(
        MessageAttachment.objects.select_related("message"), message__case=case, message_id=message_id, pk=attachment_id
    )
    if not rights.can_open_attachment(attachment):
        raise Http404
    _log_opening(request, case, rights, CaseAccess.What.ATTACHMENT, attachment.id)
    return private_file_response(attachment)


@login_required
@require_GET
def referrals(request):
    if not permissions.agency_ids(request.user):
        raise PermissionDenied
    return render(request, "cases/referrals.html", {"cases": list(selectors.referred_cases(request.user)[:200])})


@login_required
@require_GET
def referral(request, reference):
    if not permissions.agency_ids(request.user):
        raise PermissionDenied
    case = get_object_or_404(selectors.referred_cases(request.user), reference=reference)
    rights = access.rights_for(request.user, case)
    if rights is None:
        raise Http404
    context = {
        "case": case,
        "events": selectors.case_timeline(case),
        "quotes": selectors.quotes_for_case(case, display_currency="KRW"),
        "journey": journey(case, rights),
        **_thread_context(case, rights, request),
    }
    _log_opening(request, case, rights, CaseAccess.What.PAGE)
    return render(request, "cases/referral.html", context)
