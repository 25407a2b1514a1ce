from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from medhub.core import throttle


class AccountAdapter(DefaultAccountAdapter):
    """Every sign-in (the sign-in page is the only password door; the admin's login sends here)
    counts against two limits shared by every app process: per account and per address. Each try
    is counted before the password is checked, so concurrent tries cannot slip past the limit; a
    successful one is given back."""

    def get_login_redirect_url(self, request):
        return reverse("work-home")

    def pre_authenticate(self, request, **credentials):
        self._medhub_counted = []
        for door, who in (("signin-account", _account_key(credentials)), ("signin-address", throttle.client_address(request))):
            verdict = throttle.hit(door, who)
            self._medhub_counted.append((door, who))
            if not verdict.allowed:
                minutes = max(1, (verdict.retry_after + 59) // 60)
                raise ValidationError(
                    _("Too many sign-in attempts. Try again in %(minutes)d minutes.") % {"minutes": minutes},
                    code="too_many_login_attempts",
                )
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            for door, who in getattr(self, "_medhub_counted", []):
                throttle.hit(door, who, cost=-1)
        return user


def _account_key(credentials) -> str:
    """One counter per account, whether it is named by username or by email address."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    login = str(credentials.get("email") or credentials.get("username") or "").strip()
    user_id = (
        get_user_model().objects.filter(Q(username__iexact=login) | Q(email__iexact=login)).values_list("pk", flat=True).first()
    )
    return f"user:{user_id}" if user_id else f"login:{login.lower()}"
