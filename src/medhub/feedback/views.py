"""Feedback pages: the patient's page of a case's feedback (give it, read the answer), and the
workspace list (the hub's staff: all of it, with moderation for the administrator; an
institution's staff: theirs, with the answer)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medhub.accounts import permissions
from medhub.cases.selectors import cases_visible_to
from medhub.core.forms import form_errors
from medhub.core.selectors import latest_rates
from medhub.directory.models import Organization
from medhub.feedback import selectors, services
from medhub.feedback.forms import AnswerForm, FeedbackForm, HideForm, RestoreForm
from medhub.feedback.models import CRITERIA, HideReason


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(str(m) for messages_ in exc.message_dict.values() for m in messages_)
    return " ".join(str(m) for m in exc.messages)


def _currencies(quoted_currency: str) -> list[str]:
    """The currencies a payment may be entered in: the quote's, KRW, and those with a rate."""
    return list(dict.fromkeys([quoted_currency, "KRW", *sorted(latest_rates())]))


@login_required
@require_http_methods(["GET", "POST"])
def case_feedback(request, reference):
    """The patient gives feedback on their case, once, and later reads it with the institution's
    answer. Anyone else who may see the case is sent to the workspace list."""
    case = get_object_or_404(cases_visible_to(request.user), reference=reference)
    if not permissions.may_give_feedback(request.user, case):
        return redirect("work-feedback")
    existing = selectors.feedback_visible_to(request.user).filter(case=case).select_related("institution").first()
    accepted = selectors.accepted_quote(case)
    verdict = selectors.eligibility(request.user, case)
    error = ""
    initial = {"language": translation.get_language()}
    if accepted:
        initial["paid_currency"] = accepted[1].currency
    form = FeedbackForm(initial=initial)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            error = form_errors(form)
        else:
            data = form.cleaned_data
            try:
                services.feedback_give(
                    case_id=case.id,
                    actor=request.user,
                    ratings=form.ratings(),
                    paid_amount=data["paid_amount"],
                    paid_currency=data["paid_currency"],
                    text=data["text"],
                    language=data["language"],
                )
            except ValidationError as exc:
                error = _error_text(exc)
            else:
                messages.success(request, _("Thank you: your feedback was sent to the institution and the hub."))
                return redirect("case-feedback", reference=case.reference)
    context = {
        "case": case,
        "feedback": existing,
        "verdict": verdict,
        "quote": accepted[0] if accepted else None,
        "version": accepted[1] if accepted else None,
        "currencies": _currencies(accepted[1].currency) if accepted else ["KRW"],
        "form": form,
        "rating_fields": [form[c] for c in CRITERIA],
        "error": error,
        "publishing": selectors.publishing_level(),
    }
    return render(request, "feedback/case_feedback.html", context, status=400 if error else 200)


PER_PAGE = 50


def _may_use_workspace(user) -> bool:
    return permissions.may_read_all_feedback(user) or bool(permissions.feedback_institution_ids(user))


@login_required
@require_http_methods(["GET"])
def work_feedback(request):
    """The workspace list: the hub's staff see every feedback (filter by institution, hidden or
    not), an institution's staff their institution's. Patients and outsiders are refused."""
    permissions.require(_may_use_workspace(request.user))
    institution = None
    slug = request.GET.get("institution", "").strip()
    if slug and permissions.may_read_all_feedback(request.user):
        institution = Organization.objects.filter(slug=slug, kind=Organization.Kind.INSTITUTION).first()
    shown = request.GET.get("shown", "")
    hidden = {"hidden": True, "visible": False}.get(shown)
    listed = selectors.work_list(request.user, institution_id=institution.pk if institution else None, hidden=hidden)
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    institutions = {item.institution_id: item.institution for item in items}
    aggregates = selectors.institution_aggregates(institutions) if institutions else {}
    context = {
        "items": items,
        "page": page,
        "query_string": query.urlencode(),
        "summaries": [(institutions[pk], aggregates[pk]) for pk in institutions if pk in aggregates],
        "institution": institution,
        "shown": shown,
        "is_hub": permissions.may_read_all_feedback(request.user),
        "may_moderate": permissions.may_moderate_feedback(request.user),
        "answer_form": AnswerForm(initial={"language": translation.get_language()}),
        "hide_form": HideForm(),
        "restore_form": RestoreForm(),
        "hide_reasons": HideReason.choices,
        "publishing": selectors.publishing_level(),
        "minimum": selectors.minimum_count(),
    }
    return render(request, "feedback/work_feedback.html", context)


def _back(feedback_id: int) -> str:
    return f"{reverse('work-feedback')}#feedback-{feedback_id}"


@login_required
@require_POST
def feedback_answer(request, feedback_id):
    feedback = get_object_or_404(selectors.feedback_visible_to(request.user), pk=feedback_id)
    permissions.require(permissions.may_answer_feedback(request.user, feedback))
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(_back(feedback.pk))
    try:
        services.feedback_answer(feedback_id=feedback.pk, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Your answer was published with the feedback, and the patient was told."))
    return redirect(_back(feedback.pk))


@login_required
@require_POST
def feedback_moderate(request, feedback_id):
    permissions.require(permissions.may_moderate_feedback(request.user))
    feedback = get_object_or_404(selectors.feedback_visible_to(request.user), pk=feedback_id)
    action = request.POST.get("action", "")
    form = HideForm(request.POST) if action == "hide" else RestoreForm(request.POST)
    if action not in ("hide", "restore"):
        messages.error(request, _("Choose what to do."))
    elif not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            if action == "hide":
                services.feedback_hide(feedback_id=feedback.pk, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The feedback is hidden from publication; the patient was told why."))
            else:
                services.feedback_restore(feedback_id=feedback.pk, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The feedback is shown again; the patient was told."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    return redirect(_back(feedback.pk))
