"""Writes to notifications. ``notify`` is the one way anyone is told of anything: in the caller's
transaction it stores the in-app notification, worded in the recipient's language, and enqueues
one delivery per channel the person chose (and the hub configured) through the outbox, so a
failed send is retried and never lost, and a re-delivered task sends nothing twice."""

import base64
import datetime
import functools
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from medhub.core.audit import log_action
from medhub.core.i18n import pick
from medhub.core.selectors import hub_settings
from medhub.notifications import channels, tasks
from medhub.notifications.kinds import template_base
from medhub.notifications.models import Channel, Delivery, LinkCode, Notification, Preference
from medhub.notifications.selectors import count_one_more, forget_unread
from medhub.outbox import services as outbox


def _paragraphs(text: str, *, signature: str) -> str:
    """The text without its closing signature and the empty lines left by what was taken out."""
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) > 1 and lines[-1].strip() == signature:
        lines.pop()
    return "\n".join(lines)


def preference_of(user) -> Preference:
    """The person's choice, or the default (email only) when they never chose."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def notify(user, kind: str, context: dict | None = None, link=None) -> Notification | None:
    """Tells ``user`` of an event of ``kind`` (``<app>.<event>``, see kinds.py). ``link`` is the path of a page the
    recipient can open, or a callable ``link(user)`` reversed here in their language. A
    ``reason`` in the context is always in the text. Returns the notification (None for an
    inactive user)."""
    if user is None or not user.is_active:
        return None
    base = template_base(kind)
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = link(user) if callable(link) else (link or "")
        context = {
            **(context or {}),
            "hub_name": pick(hub_settings().name, language) or "medhub",
            "hub_zone": settings.TIME_ZONE,
            "url": f"{settings.MEDHUB_BASE_URL}{path}" if path else settings.MEDHUB_BASE_URL,
        }
        title = " ".join(render_to_string(f"{base}_subject.txt", context).split())[:300]
        message = render_to_string(f"{base}.txt", context).strip()
        # In the app the page is one button away and the hub's name is on every page.
        body = _paragraphs(render_to_string(f"{base}.txt", {**context, "url": ""}), signature=context["hub_name"])
        reason = str(context.get("reason") or "").strip()
        if reason and reason not in message:
            said = _("Reason: %(reason)s") % {"reason": reason}
            message, body = f"{said}\n\n{message}", f"{body}\n\n{said}"
    notification = Notification.objects.create(
        recipient=user, kind=kind, title=title, body=body, message=message, link=path, language=language
    )
    # The header's cached count goes up once the notification is there for others to read.
    transaction.on_commit(functools.partial(count_one_more, user.pk))
    preference = preference_of(user)
    for channel in preference.chosen():
        address = preference.address(channel, user)
        if not address or not channels.configured(channel):
            continue
        delivery = Delivery.objects.create(notification=notification, channel=channel, address=address)
        outbox.enqueue(tasks.deliver_notification, delivery.id)
    return notification


@transaction.atomic
def preferences_save(*, user, data: dict) -> Preference:
    """Stores the channels a person chose and their addresses (already checked by the form or
    the serializer). A channel the hub has not configured stays off."""
    preference = Preference.objects.select_for_update().filter(user=user).first() or Preference(user=user)
    before = {field: getattr(preference, field) for field in data}
    for field, value in data.items():
        setattr(preference, field, value)
    for channel in Channel.values:
        if not channels.configured(channel):
            setattr(preference, channel, False)
    preference.save()
    changed = sorted(field for field in data if getattr(preference, field) != before[field])
    log_action(
        preference, "notifications.settings.changed", actor=user, data={"changed": changed, "channels": preference.chosen()}
    )
    return preference


def mark_read(*, user, notification_id: int) -> bool:
    """Marks one of the user's own notifications read. Returns whether it was theirs."""
    mine = Notification.objects.filter(recipient=user, pk=notification_id)
    if mine.filter(read_at__isnull=True).update(read_at=timezone.now()):
        forget_unread(user.pk)
    return mine.exists()


def mark_all_read(*, user) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread(user.pk)
    return marked


def email_once(*, key: str, address: str, subject: str, text: str) -> bool:
    """Sends an email to an address rather than an account (no in-app notification: there is no
    account to show it to) through the same delivery as notify's email channel. Called from an
    outbox task: ``key`` names the message (e.g. ``cases.inquiry_received:12``), so a task run
    again finds the same delivery and sends nothing twice; a failure raises and the outbox
    retries. Returns whether this call sent it."""
    if not address:
        return False
    delivery, _created = Delivery.objects.get_or_create(
        key=key[:200],
        defaults={"channel": Channel.EMAIL, "address": address, "subject": " ".join(subject.split())[:300], "text": text},
    )
    return tasks.deliver(delivery.id)


# -- linking a messenger account without typing its id --------------------------------------------

LINE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a screen, typed on a phone


def _digest(raw: str) -> str:
    return hashlib.sha256(f"medhub-link\0{raw}".encode()).hexdigest()


def _signature(raw: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"medhub-telegram-link\0{raw}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")[:22]


def link_code_create(*, user, channel: str) -> str:
    """A new one-time code for linking ``channel`` to ``user``: for Telegram a signed token for
    the bot's start link (at most 64 characters of A-Z, a-z, 0-9, _ and -), for LINE a short
    code to type to the hub's account. Earlier unused codes of the same channel stop working."""
    LinkCode.objects.filter(user=user, channel=channel, used_at__isnull=True).delete()
    if channel == Channel.TELEGRAM:
        raw = secrets.token_urlsafe(18)
        code = raw + _signature(raw)
    else:
        raw = code = "".join(secrets.choice(LINE_CODE_ALPHABET) for _n in range(8))
    LinkCode.objects.create(user=user, channel=channel, digest=_digest(raw))
    return code


def _raw_of(channel: str, code: str) -> str | None:
    code = (code or "").strip()
    if channel == Channel.TELEGRAM:
        raw, signature = code[:24], code[24:]
        if len(raw) != 24 or not hmac.compare_digest(signature.encode(), _signature(raw).encode()):
            return None
        return raw
    code = code.upper().replace("-", "").replace(" ", "")
    return code if len(code) == 8 and set(code) <= set(LINE_CODE_ALPHABET) else None


@transaction.atomic
def messenger_link(*, channel: str, code: str, address: str):
    """Links the messenger account ``address`` (a Telegram chat id, a LINE user id) to the person
    whose one-time ``code`` it is, turns the channel on and tells them there. A code that is
    unknown, forged, expired or used does nothing (returns None): the caller answers the same
    way, so the hook tells nobody which codes exist."""
    raw = _raw_of(channel, code)
    if raw is None or not address or not channels.configured(channel):
        return None
    since = timezone.now() - datetime.timedelta(minutes=settings.MEDHUB_MESSENGER_LINK_MINUTES)
    link = (
        LinkCode.objects.select_for_update()
        .select_related("user")
        .filter(digest=_digest(raw), channel=channel, used_at__isnull=True, created_at__gte=since)
        .first()
    )
    if link is None or not link.user.is_active:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    user = link.user
    preference = Preference.objects.select_for_update().filter(user=user).first() or Preference(user=user)
    setattr(preference, Preference.ADDRESS_FIELDS[channel], address)
    setattr(preference, channel, True)
    preference.save()
    log_action(preference, "notifications.messenger.linked", actor=user, data={"channel": channel})
    outbox.enqueue(tasks.confirm_link, channel, user.id)
    return user
