"""Enrolling an authenticator proves a fresh TOTP code: that session has passed MFA."""

from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver

from medhub.accounts.mfa import ENROL_PROOF_KEY, record_mfa


@receiver(authenticator_added)
def _session_passed_mfa(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type == authenticator.Type.TOTP:
        request.session.pop(ENROL_PROOF_KEY, None)
        record_mfa(request, user, authenticator)
