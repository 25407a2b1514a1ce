"""Signed links for complainants without an account: the confirmation link (works once, within
two days) and the status link (read-only, shows where the complaint stands)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

VERIFY_SALT = "medhub.complaints.verify-email"
STATUS_SALT = "medhub.complaints.status"
VERIFY_MAX_AGE = 60 * 60 * 48


def verify_token(complaint_id: int) -> str:
    return signing.dumps({"complaint": complaint_id}, salt=VERIFY_SALT, compress=True)


def complaint_from_verify_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)["complaint"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def status_token(complaint_id: int) -> str:
    return signing.dumps({"complaint": complaint_id}, salt=STATUS_SALT, compress=True)


def complaint_from_status_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=STATUS_SALT)["complaint"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _absolute(name: str, token: str, language: str) -> str:
    with translation.override(language):
        path = reverse(name, kwargs={"token": token})
    return f"{settings.MEDHUB_BASE_URL}{path}"


def verify_url(complaint_id: int, language: str) -> str:
    return _absolute("complaint-verify", verify_token(complaint_id), language)


def status_url(complaint_id: int, language: str) -> str:
    return _absolute("complaint-status", status_token(complaint_id), language)
