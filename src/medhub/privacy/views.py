"""The patient's own data: a copy of all of it, and a request for its deletion that the hub's
administrator decides (pages; the same services answer the API)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.cases.forms import DeletionDecisionForm, DeletionRequestForm
from medhub.cases.models import Case, DeletionRequest
from medhub.core.views import private_download
from medhub.privacy import services


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    """The patient's own data: download all of it, or ask for its deletion."""
    form = DeletionRequestForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.deletion_request(user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Your request has been sent. The hub's administrator will decide and email you."))
            return redirect("my-data")
    context = {
        "form": form,
        "error": error,
        "cases": list(request.user.cases.order_by("-created_at")),
        "requests": list(DeletionRequest.objects.filter(user=request.user)),
    }
    return render(request, "privacy/my_data.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def my_data_export(request):
    body = services.patient_export(request.user)
    return private_download(body, content_type="application/zip", filename=f"my-data-{timezone.localdate():%Y%m%d}.zip")


def _hub_admin_only(request):
    if not permissions.may_decide_deletions(request.user):
        raise PermissionDenied


@login_required
@require_GET
def deletion_requests(request):
    _hub_admin_only(request)
    requests = list(DeletionRequest.objects.select_related("decided_by").order_by("-status", "-requested_at")[:200])
    requests.sort(key=lambda r: r.status != DeletionRequest.Status.PENDING)  # pending first, newest first within
    return render(request, "privacy/deletion_requests.html", {"requests": requests})


@login_required
@require_http_methods(["GET", "POST"])
def deletion_request(request, request_id):
    _hub_admin_only(request)
    asked = get_object_or_404(DeletionRequest.objects.select_related("user", "decided_by"), pk=request_id)
    form = DeletionDecisionForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.deletion_decide(
                request_id=asked.id,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The decision is recorded and the patient is emailed."))
            return redirect("deletion-request", request_id=asked.id)
    context = {
        "asked": asked,
        "cases": list(Case.objects.filter(patient=asked.user).order_by("-created_at")),
        "outcome": services.outcome_lines(asked.outcome),
        "form": form,
        "error": error,
    }
    return render(request, "privacy/deletion_request.html", context, status=400 if request.method == "POST" else 200)
