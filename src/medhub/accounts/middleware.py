"""Staff must set up TOTP before they see any case or the admin."""

import re

from django.shortcuts import redirect

from medhub.accounts.selectors import has_totp, is_staff_member

# Pages that show cases or administer the hub; the MFA and account pages stay reachable.
PROTECTED = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:work|admin|cases)/|^/api/v1/(?:cases|interpreting|travel)")


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and PROTECTED.match(request.path)
            and is_staff_member(user)
            and not request.session.get("medhub_mfa_ok")
        ):
            if not has_totp(user):
                return redirect("mfa_activate_totp")
            request.session["medhub_mfa_ok"] = True
        return self.get_response(request)
