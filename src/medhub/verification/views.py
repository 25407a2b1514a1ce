"""Pages of verification: "Registration and certificates" for an organization's staff (what expires
when, and the renewed certificates they send), and the hub administrator's queue of renewals."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.core.confirm import confirm_page, confirmed
from medhub.core.forms import form_errors
from medhub.core.i18n import pick
from medhub.core.money import format_amount
from medhub.core.views import protect_private_file
from medhub.directory.models import Organization
from medhub.verification import selectors, services
from medhub.verification.forms import RejectForm, RenewalForm
from medhub.verification.models import Renewal


def _organization(request) -> tuple[Organization, list[Organization]]:
    """The organization the page is about (``?organization=<slug>`` among several) and all of the user's."""
    own = permissions.verification_organization_ids(request.user)
    permissions.require(bool(own))
    organizations = selectors.organizations_with_accreditations(own)
    slug = request.GET.get("organization") or request.POST.get("organization") or ""
    org = next((o for o in organizations if o.slug == slug), None) if slug else organizations[0] if organizations else None
    if org is None:
        raise Http404
    permissions.require(permissions.may_renew(request.user, org.pk))
    return org, organizations


@login_required
@require_http_methods(["GET", "POST"])
def renewals_mine(request):
    org, organizations = _organization(request)
    institution = org.kind == Organization.Kind.INSTITUTION
    here = reverse("verification")
    if len(organizations) > 1:
        here = f"{here}?organization={org.slug}"
    form = RenewalForm(institution=institution, initial={"item": request.GET.get("item", "")})
    error = ""
    if request.method == "POST":
        form = RenewalForm(request.POST, request.FILES, institution=institution)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.renewal_submit(
                    organization_id=org.pk,
                    actor=request.user,
                    item=data["item"],
                    upload=data["upload"],
                    expires_on=data["expires_on"],
                    cover_krw=data.get("cover_krw"),
                    body=data.get("body") or "",
                    certificate_number=data["certificate_number"],
                )
                return redirect(f"{here}{'&' if '?' in here else '?'}sent=1#renewals")
            except ValidationError as exc:
                error = " ".join(exc.messages)
        else:
            error = form_errors(form)
    context = {
        "organization": org,
        "organizations": organizations,
        "items": selectors.watched_items(org),
        "renewals": Renewal.objects.filter(organization=org).select_related("submitted_by")[:50],
        "form": form,
        "error": error,
        "sent": request.GET.get("sent") == "1" and not error,
        "institution": institution,
    }
    return render(request, "verification/mine.html", context, status=400 if error else 200)


def _confirm_renewal(request, renewal_id: int):
    """Say it once (decision 0014): what confirming changes, before it does."""
    renewal = get_object_or_404(Renewal.objects.select_related("organization"), pk=renewal_id)
    check = selectors.cover_check(renewal)
    consequence = _("%(organization)s: %(item)s becomes valid until %(date)s at once, in search and matching too.") % {
        "organization": pick(renewal.organization.name),
        "item": renewal.get_item_display(),
        "date": date_format(renewal.expires_on, "DATE_FORMAT"),
    }
    if check and not check["meets_minimum"]:
        consequence += " " + _("The cover stated is below the legal minimum for its class (%(minimum)s).") % {
            "minimum": format_amount(check["minimum_krw"], "KRW")
        }
    return confirm_page(
        request,
        title=_("Confirm this renewed certificate?"),
        consequence=consequence,
        told=_("The staff member who sent it is told."),
        button=_("Yes, confirm it"),
        back=reverse("verification-queue"),
        fields=request.POST,
    )


@login_required
@require_http_methods(["GET", "POST"])
def renewal_queue(request):
    permissions.require(permissions.may_confirm_renewals(request.user))
    error, error_for = "", None
    if request.method == "POST":
        pk = request.POST.get("renewal", "")
        if not pk.isdigit():
            raise Http404
        try:
            if "confirm" in request.POST:
                if not confirmed(request):
                    return _confirm_renewal(request, int(pk))
                services.renewal_confirm(renewal_id=int(pk), actor=request.user)
            elif "reject" in request.POST:
                form = RejectForm(request.POST)
                if not form.is_valid():
                    raise services.VerificationError(form_errors(form))
                services.renewal_reject(renewal_id=int(pk), actor=request.user, reason=form.cleaned_data["reason"])
            else:
                raise Http404
            return redirect("verification-queue")
        except ValidationError as exc:
            error, error_for = " ".join(exc.messages), int(pk)
    waiting = list(selectors.renewal_queue())
    for renewal in waiting:
        renewal.cover = selectors.cover_check(renewal)
        renewal.long_term = selectors.beyond_registration_term(renewal)
    if error_for not in {renewal.pk for renewal in waiting}:
        error_for = None  # decided meanwhile: the error goes at the top of the page
    decided = selectors.renewal_queue(state="").exclude(state=Renewal.State.SUBMITTED).order_by("-decided_at", "-id")[:20]
    context = {
        "waiting": waiting,
        "decided": decided,
        "expiring": selectors.expiring_across_hub(),
        "error": error,
        "error_for": error_for,
        "today": timezone.localdate(),
    }
    return render(request, "verification/queue.html", context, status=400 if error else 200)


@login_required
@require_GET
def renewal_file(request, renewal_id):
    renewal = get_object_or_404(Renewal, pk=renewal_id)
    if not permissions.may_open_renewal(request.user, renewal.organization_id):
        raise Http404
    response = FileResponse(
        renewal.file.open("rb"), content_type=renewal.content_type, as_attachment=True, filename=renewal.original_name
    )
    return protect_private_file(response)
