"""Complaint pages: filing (anyone), the complainant's own complaints, the hub's list and
desk, the organization's workspace, and the packet for K-medi. Views parse, authorize through
accounts.permissions and call the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.complaints import packet, selectors, services
from medhub.complaints.filters import ComplaintListFilter
from medhub.complaints.forms import BodyForm, ComplaintForm, KmediOutcomeForm, OutcomeForm, ReferralForm, WithdrawForm
from medhub.complaints.links import complaint_from_status_token, complaint_from_verify_token
from medhub.complaints.models import Complaint, ComplaintStatus
from medhub.complaints.workflow import COMPLAINT
from medhub.core import throttle
from medhub.core.views import protect_private_file
from medhub.directory.models import Organization

SENT_KEY = "complaint_sent"


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the field it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def complaint_home(request):
    """The one door to complaints: the hub's list for its staff, the organization's list for
    partner staff, otherwise the form (with the person's own complaints when signed in)."""
    if permissions.may_handle_complaints(request.user):
        return redirect("complaint-list")
    if request.user.is_authenticated and permissions.complaint_organization_ids(request.user):
        return redirect("complaint-organization")
    if request.user.is_authenticated and selectors.complaints_of(request.user).exists():
        return redirect("complaint-mine")
    return redirect("complaint-new")


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    language = translation.get_language()
    initial = None
    if request.method == "GET" and request.GET.get("organization"):
        # "Make a complaint" from an organization's page: it comes chosen (an unknown slug is ignored).
        slug = str(request.GET["organization"])[:100]
        if Organization.objects.filter(slug=slug).exists():
            initial = {"subject": "organization", "organization": slug}
    form = ComplaintForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    context = {"form": form}
    if request.method == "POST":
        if form.is_bot:
            request.session.pop(SENT_KEY, None)
            return redirect("complaint-sent")
        if form.is_valid():
            try:
                complaint = services.complaint_file(
                    data=form.cleaned_data,
                    documents=form.cleaned_data["documents"],
                    language=language,
                    filer=request.user,
                    client=throttle.client_address(request),
                )
            except throttle.Throttled as error:
                # Refused for now, but nothing typed is lost: the form comes back filled in.
                form.add_error(None, error)
                response = render(request, "complaints/form.html", context, status=429)
                response["Retry-After"] = str(error.retry_after)
                return response
            except ValidationError as error:
                _add_errors(form, error)
            else:
                request.session[SENT_KEY] = {
                    "reference": complaint.reference,
                    "email": complaint.email,
                    "confirm": complaint.status == ComplaintStatus.UNCONFIRMED,
                }
                return redirect("complaint-sent")
        return render(request, "complaints/form.html", context, status=400)
    return render(request, "complaints/form.html", context)


@require_GET
def complaint_sent(request):
    """After the POST: shows what the session kept; reloading creates nothing."""
    return render(request, "complaints/sent.html", {"sent": request.session.get(SENT_KEY) or {}})


@require_http_methods(["GET", "POST"])
@throttle.limit("link")
def complaint_verify(request, token):
    """The emailed link: opening it changes nothing (mail scanners open links); the button
    confirms and uses it up."""
    complaint_id = complaint_from_verify_token(token)
    if complaint_id is None:
        return render(request, "complaints/link_invalid.html", status=400)
    if request.method == "GET":
        response = render(request, "complaints/verify_confirm.html", {"token": token})
        response["Cache-Control"] = "no-store"
        return response
    complaint, used = services.complaint_confirm_email(complaint_id=complaint_id, token=token)
    if complaint is None:
        return render(request, "complaints/link_invalid.html", status=400)
    if used:
        messages.info(request, _("This link has already been used."))
    else:
        messages.success(request, _("Thank you: your email address is confirmed and your complaint is received."))
    from medhub.complaints.links import status_token

    return redirect("complaint-status", token=status_token(complaint.id))


@require_GET
@throttle.limit("link")
def complaint_status(request, token):
    """Where a complaint filed without an account stands (read-only, no personal data)."""
    complaint_id = complaint_from_status_token(token)
    complaint = None
    if complaint_id is not None:
        complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None:
        return render(request, "complaints/link_invalid.html", status=400)
    response = render(request, "complaints/status.html", {"complaint": complaint})
    response["Cache-Control"] = "no-store"
    return response


# -- the complainant ----------------------------------------------------------------------------


@login_required
@require_GET
def complaint_mine(request):
    complaints = list(selectors.complaints_of(request.user).order_by("-filed_at")[:200])
    return render(request, "complaints/mine.html", {"complaints": complaints})


@login_required
@require_http_methods(["GET", "POST"])
def complaint_mine_detail(request, reference):
    complaint = get_object_or_404(selectors.complaints_of(request.user), reference=reference)
    message_form = BodyForm(request.POST if request.POST.get("action") == "message" else None)
    withdraw_form = WithdrawForm(request.POST if request.POST.get("action") == "withdraw" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        form = message_form if action == "message" else withdraw_form if action == "withdraw" else None
        if form is None:
            return HttpResponse(status=400)
        if form.is_valid():
            try:
                if action == "message":
                    services.complaint_message_post(
                        complaint_id=complaint.id, actor=request.user, body=form.cleaned_data["body"], from_hub=False
                    )
                    messages.success(request, _("Your message was sent to the hub."))
                else:
                    services.complaint_withdraw(complaint_id=complaint.id, actor=request.user, note=form.cleaned_data["note"])
                    messages.success(request, _("Your complaint is withdrawn."))
                return redirect("complaint-mine-detail", reference=complaint.reference)
            except ValidationError as error:
                _add_errors(form, error)
        status = 400
    context = {
        "complaint": complaint,
        "documents": list(complaint.documents.all()),
        "thread": list(complaint.messages.select_related("author")),
        "message_form": message_form,
        "withdraw_form": withdraw_form,
        "may_withdraw": COMPLAINT.allowed(complaint.status, ComplaintStatus.WITHDRAWN),
    }
    return render(request, "complaints/mine_detail.html", context, status=status)


# -- the hub ------------------------------------------------------------------------------------


def _hub_only(request):
    if not permissions.may_handle_complaints(request.user):
        raise PermissionDenied


@login_required
@require_GET
def complaint_list(request):
    _hub_only(request)
    listing = ComplaintListFilter(request.GET or None, queryset=selectors.complaints_for_hub(request.user))
    valid = not listing.is_bound or listing.is_valid()
    complaints = list((listing.qs if valid else selectors.complaints_for_hub(request.user).order_by("-filed_at"))[:200])
    now = timezone.now()
    for complaint in complaints:
        complaint.overdue = complaint.is_overdue(now)
    context = {"form": listing.form, "complaints": complaints, "now": now}
    return render(request, "complaints/list.html", context, status=200 if valid else 400)


def _translation(request, complaint) -> dict:
    """The complaint's text in the reader's language, when they ask (``?translate=1``) and the
    hub has a translation server; the original is always shown beside it."""
    from medhub.cases.translation import TranslationError, TranslationUnavailable, translate_text

    target = translation.get_language()
    if request.GET.get("translate") != "1" or complaint.language == target:
        return {"may_translate": complaint.language != target}
    try:
        return {"translated": translate_text(complaint.text, target=target, source=complaint.language)}
    except TranslationUnavailable:
        return {"translation_error": _("Machine translation is not available on this hub.")}
    except TranslationError:
        return {"translation_error": _("The translation service did not answer. The original is shown.")}


def _work_context(request, complaint, **forms):
    return {
        **_translation(request, complaint),
        "complaint": complaint,
        "documents": list(complaint.documents.all()),
        "answers": list(complaint.answers.select_related("organization", "author")),
        "thread": list(complaint.messages.select_related("author")),
        "timeline": list(selectors.timeline(complaint)),
        "overdue": complaint.is_overdue(),
        "may_acknowledge": COMPLAINT.allowed(complaint.status, ComplaintStatus.ACKNOWLEDGED),
        "may_forward": complaint.organization_id is not None and COMPLAINT.allowed(complaint.status, ComplaintStatus.FORWARDED),
        "may_close": COMPLAINT.allowed(complaint.status, ComplaintStatus.RESOLVED),
        "may_refer": COMPLAINT.allowed(complaint.status, ComplaintStatus.REFERRED),
        "outcome_form": forms.get("outcome") or OutcomeForm(),
        "referral_form": forms.get("referral") or ReferralForm(initial={"referred_on": timezone.localdate()}),
        "kmedi_form": forms.get("kmedi")
        or KmediOutcomeForm(
            initial={
                "kmedi_reference": complaint.kmedi_reference,
                "outcome": complaint.kmedi_outcome,
                "outcome_on": complaint.kmedi_outcome_on,
            }
        ),
        "message_form": forms.get("message") or BodyForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def complaint_work(request, reference):
    _hub_only(request)
    complaint = get_object_or_404(selectors.complaints_for_hub(request.user), reference=reference)
    if request.method == "GET":
        return render(request, "complaints/work.html", _work_context(request, complaint))
    action = request.POST.get("action", "")
    forms = {
        "close": ("outcome", OutcomeForm),
        "refer": ("referral", ReferralForm),
        "kmedi": ("kmedi", KmediOutcomeForm),
        "message": ("message", BodyForm),
    }
    try:
        if action == "acknowledge":
            services.complaint_acknowledge(complaint_id=complaint.id, actor=request.user)
            messages.success(request, _("Acknowledged; the complainant is told."))
        elif action == "forward":
            services.complaint_forward(complaint_id=complaint.id, actor=request.user)
            messages.success(request, _("Forwarded to the organization."))
        elif action in forms:
            name, form_class = forms[action]
            form = form_class(request.POST)
            if not form.is_valid():
                context = _work_context(request, complaint, **{name: form})
                return render(request, "complaints/work.html", context, status=400)
            data = form.cleaned_data
            try:
                if action == "close":
                    services.complaint_close(
                        complaint_id=complaint.id, actor=request.user, to_state=data["to_state"], note=data["note"]
                    )
                    messages.success(request, _("Outcome recorded; the complainant is told."))
                elif action == "refer":
                    services.complaint_refer(
                        complaint_id=complaint.id,
                        actor=request.user,
                        referred_on=data["referred_on"],
                        kmedi_reference=data["kmedi_reference"],
                        note=data["note"],
                    )
                    messages.success(request, _("Referral to K-medi recorded."))
                elif action == "kmedi":
                    services.complaint_kmedi_update(
                        complaint_id=complaint.id,
                        actor=request.user,
                        kmedi_reference=data["kmedi_reference"],
                        outcome=data["outcome"],
                        outcome_on=data["outcome_on"],
                    )
                    messages.success(request, _("K-medi's details saved."))
                else:
                    services.complaint_message_post(
                        complaint_id=complaint.id, actor=request.user, body=data["body"], from_hub=True
                    )
                    messages.success(request, _("Message sent."))
            except ValidationError as error:
                _add_errors(form, error)
                if not hasattr(error, "error_dict"):
                    # The form may not be on the page any more (an outcome is final): say it above.
                    messages.error(request, " ".join(error.messages))
                complaint.refresh_from_db()
                context = _work_context(request, complaint, **{name: form})
                return render(request, "complaints/work.html", context, status=400)
        else:
            return HttpResponse(status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("complaint-work", reference=complaint.reference)


@login_required
@require_GET
def complaint_packet(request, reference):
    _hub_only(request)
    complaint = get_object_or_404(selectors.complaints_for_hub(request.user), reference=reference)
    content = packet.packet_zip(complaint)
    services.complaint_read_logged(complaint=complaint, actor=request.user, action="complaints.packet.downloaded")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{packet.packet_file_name(complaint)}"'
    return protect_private_file(response)


# -- the organization concerned ------------------------------------------------------------------


@login_required
@require_GET
def complaint_organization(request):
    if not permissions.complaint_organization_ids(request.user):
        raise PermissionDenied
    complaints = list(selectors.complaints_for_organization(request.user).order_by("-forwarded_at")[:200])
    return render(request, "complaints/organization.html", {"complaints": complaints})


@login_required
@require_http_methods(["GET", "POST"])
def complaint_organization_detail(request, reference):
    complaint = get_object_or_404(selectors.complaints_for_organization(request.user), reference=reference)
    form = BodyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.complaint_answer(complaint_id=complaint.id, actor=request.user, body=form.cleaned_data["body"])
                messages.success(request, _("Your answer was sent to the hub."))
                return redirect("complaint-organization-detail", reference=complaint.reference)
            except ValidationError as error:
                _add_errors(form, error)
        status = 400
    context = {
        **_translation(request, complaint),
        "complaint": complaint,
        "documents": list(complaint.documents.all()),
        "answers": list(complaint.answers.select_related("author")),
        "form": form,
        "may_answer": complaint.status == ComplaintStatus.FORWARDED,
    }
    return render(request, "complaints/organization_detail.html", context, status=status)


# -- documents ------------------------------------------------------------------------------------


@login_required
@require_GET
def complaint_document(request, reference, document_id):
    complaint = get_object_or_404(Complaint, reference=reference)
    if not selectors.may_read_documents(request.user, complaint):
        raise Http404
    document = get_object_or_404(complaint.documents, pk=document_id)
    if not permissions.is_complainant(request.user, complaint):
        services.complaint_read_logged(
            complaint=complaint, actor=request.user, action="complaints.document.opened", data={"document": document.pk}
        )
    response = FileResponse(
        document.file.open("rb"), content_type=document.content_type, as_attachment=True, filename=document.original_name
    )
    return protect_private_file(response)
