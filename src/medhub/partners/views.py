"""Pages of partner applications.

Public: the application form (every language, no account), its confirmation, the signed answer
link, and the invited staff member's password page. Workspace (hub staff, after TOTP): the
list, one application with its checks, scores, documents and history, the actions behind
confirmation pages, and the administrator's criteria."""

from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.accounts.permissions import require
from medhub.core import throttle
from medhub.core.confirm import Reason, confirm_page, confirmed
from medhub.core.views import protect_private_file
from medhub.partners import checks, selectors, services
from medhub.partners.filters import ApplicationFilter
from medhub.partners.forms import DOCUMENT_FIELDS, AnswerForm, ApplicationForm, CriterionForm, kinds_needing
from medhub.partners.links import info_request_from_token, invited_user
from medhub.partners.models import ApplicationDocument, Criterion, InfoRequest, Kind, Status
from medhub.partners.workflow import APPLICATION

SENT_KEY = "partner_application_sent"
PAGE_SIZE = 50


def _private(response):
    """Pages with an applicant's details are never stored by a browser or a proxy."""
    patch_cache_control(response, private=True, no_store=True)
    return response


# -- public -----------------------------------------------------------------------------------


def _form_page(request, form, *, status=200):
    documents = []
    for kind in DOCUMENT_FIELDS:
        codes = kinds_needing(kind)
        # The tourism services are named once ("Hotel, Restaurant, Shop, Transport").
        documents.append((form.document_field(kind), [str(Kind(code).label) for code in codes], codes))
    files_sent = request.method == "POST" and any(request.FILES.values())
    return _private(
        render(request, "partners/apply.html", {"form": form, "documents": documents, "files_sent": files_sent}, status=status)
    )


@require_http_methods(["GET", "POST"])
def apply(request):
    language = translation.get_language()
    form = ApplicationForm(request.POST or None, request.FILES or None, language=language)
    if request.method != "POST":
        return _form_page(request, form)
    if form.is_valid():
        try:
            application = services.application_submit(
                data=form.cleaned_data,
                documents=form.cleaned_data["documents"],
                language=language,
                client=throttle.client_address(request),
            )
        except throttle.Throttled as error:
            form.add_error(None, error)
            response = _form_page(request, form, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages_ in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                form.add_error(None, error)
        else:
            request.session[SENT_KEY] = {"reference": application.reference, "email": application.contact_email}
            return redirect("partner-apply-sent")
    return _form_page(request, form, status=400)


@require_GET
def apply_sent(request):
    sent = request.session.get(SENT_KEY) or {}
    return _private(render(request, "partners/apply_sent.html", {"reference": sent.get("reference"), "email": sent.get("email")}))


def _link_invalid(request, *, answered=False):
    return _private(render(request, "partners/link_invalid.html", {"answered": answered}, status=400))


@require_http_methods(["GET", "POST"])
@throttle.limit("link")
def answer(request, token):
    """The applicant's answer to a request for more information, through the emailed link."""
    request_id = info_request_from_token(token)
    info = InfoRequest.objects.select_related("application").filter(pk=request_id).first() if request_id else None
    if info is None:
        return _link_invalid(request)
    if info.answered_at is not None or info.application.status != Status.INFO_REQUESTED:
        return _link_invalid(request, answered=True)
    form = AnswerForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.application_answer(
                    info_request_id=info.id, answer=form.cleaned_data["answer"], documents=form.cleaned_data["files"]
                )
            except ValidationError as error:
                if getattr(error, "code", "") in ("answered", "replaced", "not_found"):
                    return _link_invalid(request, answered=True)
                for field, messages_ in (error.message_dict if hasattr(error, "error_dict") else {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                return _private(render(request, "partners/answer_sent.html", {"application": info.application}))
        status = 400
    context = {"form": form, "info": info, "application": info.application, "files_sent": bool(request.FILES)}
    return _private(render(request, "partners/answer.html", context, status=status))


@require_http_methods(["GET", "POST"])
@throttle.limit("link")
def welcome(request, uid, token):
    """The invited staff member chooses a password (the link works until a password is set)."""
    user = invited_user(uid, token)
    if user is None:
        return _private(render(request, "partners/welcome_invalid.html", status=400))
    form = SetPasswordForm(user, request.POST or None)
    # The rules' wording in the page's language (Django builds it once, when the form is imported).
    form.fields["new_password1"].help_text = password_validation.password_validators_help_text_html()
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, _("Your password is set. Sign in with your email address and the new password."))
        return redirect("account_login")
    context = {"form": form, "invited": user}
    return _private(render(request, "partners/welcome.html", context, status=400 if form.errors else 200))


# -- the workspace ----------------------------------------------------------------------------


@login_required
@require_GET
def application_list(request):
    require(permissions.may_review_applications(request.user))
    base = selectors.application_list(request.user)
    filterset = ApplicationFilter(request.GET, queryset=base)
    rows = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "applications": list(page.object_list),
        "page": page,
        "query_string": query.urlencode(),
        "total": page.paginator.count,
        "now": timezone.now(),
        "is_hub_admin": permissions.is_hub_admin(request.user),
    }
    return _private(render(request, "partners/application_list.html", context, status=200 if filterset.is_valid() else 400))


def _detail_context(request, application, *, score_error=None, score_values=None):
    documents = list(application.documents.all())
    board = selectors.score_board(application)
    mine = next((r for r in board.reviews if r.reviewer_id == request.user.pk), None)
    criteria = [c for c in board.criteria if c.active]
    values = score_values if score_values is not None else (board.values.get(mine.id, {}) if mine else {})
    return {
        "application": application,
        "documents": [d for d in documents if d.info_request_id is None],
        "info_requests": application.info_requests.all(),
        "checks": checks.run_checks(application, documents=documents),
        "board": board,
        "board_rows": list(board.rows()),
        "board_average": list(zip(board.criteria, board.average_cells(), strict=True)),
        "score_fields": [(c, values.get(c.id)) for c in criteria],
        "my_comment": (request.POST.get("comment") if score_values is not None else (mine.comment if mine else "")),
        "score_error": score_error,
        "history": selectors.history(application),
        "may_decide": permissions.may_decide_applications(request.user),
        "is_hub_admin": permissions.is_hub_admin(request.user),
        "next_states": [s.value for s in APPLICATION.next_states(application.status)],
        "profile_gaps": selectors.profile_gaps(application.organization) if application.organization_id else [],
        "now": timezone.now(),
    }


def _confirm(request, application, action: str, *, error: str = ""):
    back = reverse("partner-application", kwargs={"application_id": application.id})
    name = application.display_name
    if action == "approve":
        return confirm_page(
            request,
            title=_("Approve %(name)s?") % {"name": name},
            consequence=_(
                "The organization is created in the directory (hidden until its profile is complete) and its contact "
                "person gets a staff account. An approval cannot be undone."
            ),
            told=_("The applicant is told by email in their language, with an invitation to set a password."),
            button=_("Yes, approve"),
            back=back,
            fields=request.POST,
            error=error,
        )
    if action == "reject":
        return confirm_page(
            request,
            title=_("Reject %(name)s?") % {"name": name},
            consequence=_("A rejection is final; the body may apply again later."),
            told=_("The applicant is told by email in their language, with the reason you give."),
            button=_("Yes, reject"),
            back=back,
            fields=request.POST,
            error=error,
            reason=Reason(
                "reason", _("Reason (sent to the applicant)"), request.POST.get("reason", ""), max_length=services.REASON_MAX
            ),
            danger=True,
        )
    if action == "request_info":
        return confirm_page(
            request,
            title=_("Ask %(name)s for more information?") % {"name": name},
            consequence=_("The application waits for the answer; the applicant answers through a link in the email."),
            told=_("The applicant is told by email in their language, with what you ask."),
            button=_("Yes, send the request"),
            back=back,
            fields=request.POST,
            error=error,
            reason=Reason(
                "message",
                _("What the applicant should send or explain"),
                request.POST.get("message", ""),
                max_length=services.MESSAGE_MAX,
            ),
        )
    return confirm_page(
        request,
        title=_("Publish %(name)s?") % {"name": name},
        consequence=_("The organization appears in search and on public pages at once."),
        button=_("Yes, publish"),
        back=back,
        fields=request.POST,
        error=error,
    )


def _scores_from(post) -> tuple[dict[int, int], dict]:
    scores, bad = {}, {}
    for key, value in post.items():
        if key.startswith("criterion_") and key[10:].isdigit():
            criterion_id = int(key[10:])
            value = value.strip()
            if value.isdigit() and len(value) < 6:
                scores[criterion_id] = int(value)
            elif value:
                bad[key] = [_("Give a whole number.")]
    return scores, bad


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, application_id):
    require(permissions.may_review_applications(request.user))
    application = selectors.application_for_review(request.user, application_id)
    if application is None:
        raise Http404
    if request.method == "GET":
        return _private(render(request, "partners/application_detail.html", _detail_context(request, application)))
    action = request.POST.get("action", "")
    if action in ("approve", "reject", "publish"):
        require(permissions.may_decide_applications(request.user))
    error = None
    try:
        if action == "review":
            services.application_review_start(application_id=application.id, actor=request.user)
            messages.success(request, _("The application is under review."))
        elif action == "score":
            scores, bad = _scores_from(request.POST)
            if bad:
                raise services.ApplicationError(bad)
            services.application_score(
                application_id=application.id, actor=request.user, scores=scores, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("Your scores are saved."))
        elif action in ("approve", "reject", "request_info", "publish"):
            if not confirmed(request):
                return _confirm(request, application, action)
            if action == "approve":
                services.application_approve(application_id=application.id, actor=request.user)
                messages.success(request, _("Approved: the organization is created and its contact person invited."))
            elif action == "reject":
                services.application_reject(
                    application_id=application.id, actor=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Rejected; the applicant is told."))
            elif action == "request_info":
                services.application_request_info(
                    application_id=application.id, actor=request.user, message=request.POST.get("message", "")
                )
                messages.success(request, _("The request is sent to the applicant."))
            else:
                services.organization_publish(application_id=application.id, actor=request.user)
                messages.success(request, _("The organization is published."))
        else:
            raise services.ApplicationError(_("Choose an action."))
    except ValidationError as exc:
        if action in ("reject", "request_info") and hasattr(exc, "error_dict") and set(exc.message_dict) & {"reason", "message"}:
            # The reason is missing: the confirmation page again, with what was typed and the error.
            response = _confirm(request, application, action, error=" ".join(exc.messages))
            response.status_code = 400
            return response
        error = exc
    if error is None:
        return redirect("partner-application", application_id=application.id)
    application = selectors.application_for_review(request.user, application_id)
    score_error = None
    score_values = None
    if action == "score":
        score_error = error
        score_values, _bad = _scores_from(request.POST)
    context = _detail_context(request, application, score_error=score_error, score_values=score_values)
    context["error"] = " ".join(error.messages)
    return _private(render(request, "partners/application_detail.html", context, status=400))


@login_required
@require_GET
def document_download(request, application_id, document_id):
    require(permissions.may_review_applications(request.user))
    document = get_object_or_404(
        ApplicationDocument.objects.select_related("application"),
        application__in=selectors.applications_visible_to(request.user),
        application_id=application_id,
        pk=document_id,
    )
    services.document_opened(document=document, actor=request.user)
    response = FileResponse(
        document.file.open("rb"), content_type=document.content_type, as_attachment=True, filename=document.original_name
    )
    return protect_private_file(response)


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request):
    require(permissions.may_manage_criteria(request.user))
    editing = None
    edit = request.GET.get("edit", "")
    if edit.isdigit():
        editing = get_object_or_404(Criterion, pk=int(edit))
    form = CriterionForm(request.POST or None, instance=editing)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.criterion_save(criterion=form.save(commit=False), actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The criterion is saved."))
                return redirect("partner-criteria")
        status = 400
    context = {
        "form": form,
        "editing": editing,
        "criteria": Criterion.objects.order_by("position", "id"),
        "is_hub_admin": True,
    }
    return _private(render(request, "partners/criteria.html", context, status=status))
