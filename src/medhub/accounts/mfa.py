"""Whether *this session* passed the second factor, and the proof a first enrolment needs.

Having TOTP set up says nothing about the session at hand: a password-only session (from any
door) must never count as a staff session. allauth records each authentication step of a session
(``account_authentication_methods``); a staff session counts once it holds an ``mfa`` step.

A staff account without an authenticator may not enrol one with its password alone (a stolen
password would otherwise let the thief bind their own phone): first it proves it owns the
account's address with a code emailed to it (``send_enrol_code`` / ``check_enrol_code``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from medhub.core import crypto

ENROL_CODE_KEY = "medhub_enrol_code"
ENROL_PROOF_KEY = "medhub_enrol_proof"
ENROL_CODE_SECONDS = 10 * 60
ENROL_CODE_ATTEMPTS = 5
ENROL_PROOF_SECONDS = 15 * 60


def passed_mfa(request, user) -> bool:
    """Whether this session completed a second-factor step for this user."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def record_mfa(request, user, authenticator) -> None:
    """The user just proved a fresh TOTP code (on activation): the session has passed MFA."""
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted with the field keys."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        if encrypted_text.startswith(crypto.PREFIX):
            return crypto.decrypt(encrypted_text)
        return encrypted_text  # stored before encryption (the migration encrypts these)


def _digest(request, code: str) -> str:
    key = f"{settings.SECRET_KEY}:{request.session.session_key}".encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def send_enrol_code(request, user) -> None:
    """Email a six-digit code to the account's address; the session keeps only its digest."""
    from medhub.accounts import services

    if not request.session.session_key:
        request.session.save()
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[ENROL_CODE_KEY] = {
        "user": user.pk,
        "digest": _digest(request, code),
        "expires": time.time() + ENROL_CODE_SECONDS,
        "attempts": 0,
    }
    request.session.pop(ENROL_PROOF_KEY, None)
    services.email_enrol_code(user_id=user.pk, code=code)


def check_enrol_code(request, user, code: str) -> None:
    """Raises a translated ValidationError unless ``code`` is the one just emailed (5 tries, 10 minutes)."""
    pending = request.session.get(ENROL_CODE_KEY)
    if not pending or pending.get("user") != user.pk or pending.get("expires", 0) < time.time():
        request.session.pop(ENROL_CODE_KEY, None)
        raise ValidationError(_("That code has expired. Ask for a new one."))
    if pending["attempts"] >= ENROL_CODE_ATTEMPTS:
        request.session.pop(ENROL_CODE_KEY, None)
        raise ValidationError(_("Too many wrong codes. Ask for a new one."))
    code = "".join(ch for ch in code if ch.isdigit())
    if not hmac.compare_digest(pending["digest"], _digest(request, code)):
        pending["attempts"] += 1
        request.session[ENROL_CODE_KEY] = pending
        raise ValidationError(_("That code is not right. Check the email and try again."))
    request.session.pop(ENROL_CODE_KEY, None)
    request.session[ENROL_PROOF_KEY] = {"user": user.pk, "expires": time.time() + ENROL_PROOF_SECONDS}


def enrol_proven(request, user) -> bool:
    proof = request.session.get(ENROL_PROOF_KEY)
    return bool(proof) and proof.get("user") == user.pk and proof.get("expires", 0) >= time.time()
