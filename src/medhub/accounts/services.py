"""Writes about accounts: API tokens, the enrolment code email."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from medhub.accounts.models import ApiToken

TOKEN_PREFIX = "mh_"  # noqa: S105 - a marker that makes leaked tokens recognisable, not a secret


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user, name: str) -> tuple[ApiToken, str]:
    """A new API token for ``user``: the clear value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip()[:100], prefix=raw[:10], digest=token_digest(raw))
    return token, raw


def token_revoke(*, user, token_id: int) -> bool:
    return bool(ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def token_user(raw: str):
    """The active token matching ``raw`` (its user selected), or None; notes when it was last used."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def email_enrol_code(*, user_id: int, code: str) -> None:
    """The code that proves a staff member owns the account before they enrol an authenticator.

    Sent at once (not queued): the person is waiting for it on the page."""
    user = get_user_model().objects.get(pk=user_id)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"user": user, "code": code, "minutes": 10}
        subject = render_to_string("accounts/email/enrol_code_subject.txt", context).strip()
        body = render_to_string("accounts/email/enrol_code.txt", context)
    send_mail(subject, body, None, [user.email])
