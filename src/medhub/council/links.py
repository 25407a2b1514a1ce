"""The signed link in each invitation: it names one invitation, answers it without signing in and
downloads the meeting's calendar file. It works for MEDHUB_COUNCIL_LINK_DAYS (default 90) and only
while the meeting is still to come; a tampered or expired link is refused."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "medhub.council.invitation"


def max_age() -> int:
    return int(getattr(settings, "MEDHUB_COUNCIL_LINK_DAYS", 90)) * 24 * 3600


def invitation_token(invitation_id: int) -> str:
    return signing.dumps({"i": invitation_id}, salt=SALT, compress=True)


def invitation_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=SALT, max_age=max_age())["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def absolute(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        path = reverse(name, kwargs=kwargs)
    return f"{settings.MEDHUB_BASE_URL}{path}"


def reply_url(invitation_id: int, language: str, answer: str = "") -> str:
    url = absolute("council-reply", language, token=invitation_token(invitation_id))
    return f"{url}?answer={answer}" if answer else url


def ics_url(invitation_id: int, language: str) -> str:
    return absolute("council-reply-ics", language, token=invitation_token(invitation_id))
