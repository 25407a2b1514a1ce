"""Links sent to applicants and to invited staff.

- The answer link of a request for more information: a signed token naming the request, good for
  ``MEDHUB_APPLICATION_LINK_DAYS``; it answers once (an answered request refuses a second answer).
- The invitation link of an approved organization's first staff member: Django's password-reset
  token for that account, which stops working once the password is set (the token covers the
  password hash) and after ``PASSWORD_RESET_TIMEOUT``.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

ANSWER_SALT = "medhub.partners.answer"


def answer_token(info_request_id: int) -> str:
    return signing.dumps({"r": info_request_id}, salt=ANSWER_SALT, compress=True)


def info_request_from_token(token: str) -> int | None:
    """The request's id, or None for a tampered, foreign or expired token."""
    try:
        value = signing.loads(token, salt=ANSWER_SALT, max_age=settings.MEDHUB_APPLICATION_LINK_DAYS * 24 * 3600)
        return int(value["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def answer_url(info_request_id: int, language: str) -> str:
    with translation.override(language):
        path = reverse("partner-application-answer", kwargs={"token": answer_token(info_request_id)})
    return f"{settings.MEDHUB_BASE_URL}{path}"


def invitation_url(user, language: str) -> str:
    with translation.override(language):
        path = reverse(
            "partner-welcome",
            kwargs={"uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
        )
    return f"{settings.MEDHUB_BASE_URL}{path}"


def invited_user(uid: str, token: str):
    """The account an invitation link names, if the link is still good; None otherwise."""
    from django.contrib.auth import get_user_model

    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user
