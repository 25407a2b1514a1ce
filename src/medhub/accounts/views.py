"""Account pages of medhub's own: the emailed proof before a first authenticator, API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from medhub.accounts import mfa, services
from medhub.accounts.models import ApiToken
from medhub.accounts.selectors import has_totp, is_staff_member
from medhub.core import throttle


def _masked_email(email: str) -> str:
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 3)}@{domain}"


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Step one of a staff member's first enrolment: a code emailed to the account's address."""
    user = request.user
    if has_totp(user) or not is_staff_member(user):
        return redirect("mfa_index")
    error = None
    sent = bool(request.session.get(mfa.ENROL_CODE_KEY))
    if request.method == "POST":
        if request.POST.get("action") == "send":
            verdict = throttle.hit("enrol-code", str(user.pk))
            if not verdict.allowed:
                error = _("Too many codes asked for. Try again in %(minutes)d minutes.") % {
                    "minutes": max(1, (verdict.retry_after + 59) // 60)
                }
            else:
                mfa.send_enrol_code(request, user)
                messages.info(request, _("We emailed you a code."))
                return redirect("mfa-enrol")
        else:
            try:
                mfa.check_enrol_code(request, user, request.POST.get("code", ""))
            except ValidationError as exc:
                error = " ".join(exc.messages)
                sent = bool(request.session.get(mfa.ENROL_CODE_KEY))
            else:
                return redirect("mfa_activate_totp")
    context = {"email": _masked_email(user.email), "sent": sent, "error": error}
    return render(request, "accounts/enrol.html", context, status=400 if error else 200)


NEW_TOKEN_SESSION_KEY = "api_token_created"  # noqa: S105 - a session key, not a secret


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """A staff member's API tokens: create one (shown once), see when each was last used, revoke."""
    user = request.user
    if not is_staff_member(user):
        raise PermissionDenied
    created = None
    error = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token_id = request.POST.get("revoke", "")
            if token_id.isdigit():
                services.token_revoke(user=user, token_id=int(token_id))
            return redirect("api-tokens")
        name = request.POST.get("name", "").strip()
        if not name:
            error = _("Give the token a name, such as the system that will use it.")
        else:
            # Post, redirect, get: the clear token waits in the session for the one page that
            # shows it, so a reload neither issues a second token nor shows this one again.
            _token, request.session[NEW_TOKEN_SESSION_KEY] = services.token_issue(user=user, name=name)
            return redirect("api-tokens")
    else:
        created = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    tokens = ApiToken.objects.filter(user=user)
    response = render(
        request, "accounts/api_tokens.html", {"tokens": tokens, "created": created, "error": error}, status=400 if error else 200
    )
    response["Cache-Control"] = "no-store"
    return response


def admin_login(request):
    """The admin's login page sends to the one sign-in, keeping where the admin was going."""
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme, urlencode

    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
