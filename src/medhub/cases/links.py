"""Signed links sent by email: they prove the holder received the message."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

VERIFY_SALT = "medhub.cases.verify-email"
# The link verifies once (medhub.core.links.use_once) and only within two days.
VERIFY_MAX_AGE = 60 * 60 * 48


def verify_token(case_id: int) -> str:
    return signing.dumps({"case": case_id}, salt=VERIFY_SALT, compress=True)


def case_from_token(token: str) -> int | None:
    try:
        return signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)["case"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def verify_url(case_id: int, language: str) -> str:
    with translation.override(language):
        path = reverse("case-verify", kwargs={"token": verify_token(case_id)})
    return f"{settings.MEDHUB_BASE_URL}{path}"
