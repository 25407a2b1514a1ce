"""A staff session counts only once it has passed TOTP in this session.

Whatever door a staff member came in by (the sign-in page, a link, any other), until the session
holds an MFA step it may reach only the sign-in, sign-out and enrolment pages:

- staff with an authenticator are signed out and sent to sign in again (password, then TOTP);
- staff without one are sent to enrol, which first asks for a code emailed to their address.

API requests get a 403 in JSON instead of a redirect. Patients are not staff and pass through.
"""

from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from medhub.accounts.mfa import enrol_proven, passed_mfa
from medhub.accounts.selectors import has_totp, is_staff_member

# Pages a staff session may open before it passed MFA (URL names).
OPEN_BEFORE_MFA = {
    "account_login",
    "account_reauthenticate",
    "account_request_login_code",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_confirm_login_code",
    "account_logout",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_email_verification_sent",
    "mfa_authenticate",
    "mfa-enrol",
    "set_language",
    "healthz",
    "robots",
}
# Enrolling an authenticator needs the emailed proof first.
ENROL_PAGES = {"mfa_activate_totp"}


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/static/"):
            return self.get_response(request)
        if not is_staff_member(user) or passed_mfa(request, user):
            return self.get_response(request)
        name = _url_name(request.path_info)
        if name in OPEN_BEFORE_MFA:
            return self.get_response(request)
        totp = has_totp(user)
        if name in ENROL_PAGES and not totp and enrol_proven(request, user):
            return self.get_response(request)
        is_api = request.path.startswith("/api/")
        if totp:
            # A password-only session of an account that has TOTP: it never counts. Start again.
            logout(request)
            if is_api:
                return JsonResponse({"detail": _("Sign in with two-factor authentication (TOTP) first.")}, status=403)
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
        if is_api:
            return JsonResponse({"detail": _("Set up two-factor authentication (TOTP) before using the API.")}, status=403)
        return redirect("mfa-enrol")
