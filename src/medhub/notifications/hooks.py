"""The messengers' webhooks: a person links their Telegram chat or LINE account by sending the
one-time code from their notification settings page (decision 0015).

- Telegram calls ``POST /hooks/telegram/`` with the update as JSON and the secret given to
  ``setWebhook`` in ``X-Telegram-Bot-Api-Secret-Token``; ``/start <token>`` carries the code.
- LINE calls ``POST /hooks/line/`` with ``X-Line-Signature``: the base64 HMAC-SHA256 of the raw
  body with the channel secret; a text ``message`` event carries the code.

A wrong secret or signature answers 403; everything else answers 200 whatever it held (an
unknown code, another command, a malformed event), so the hooks tell nobody which codes exist
and the messengers do not resend. Throttled per client address, and wrong codes per account.
"""

import base64
import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from medhub.core import throttle
from medhub.notifications import rules, services
from medhub.notifications.models import Channel

logger = logging.getLogger(__name__)

MAX_BODY = 256 * 1024


def _ok() -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def _json(request) -> dict | None:
    if len(request.body) > MAX_BODY:
        return None
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _link(channel: str, code: str, address: str) -> None:
    # Wrong codes are counted per messenger account: guessing from one account stops soon.
    if throttle.peek("messenger-code", f"{channel}:{address}") >= throttle.limit_of("messenger-code")[0]:
        return
    if services.messenger_link(channel=channel, code=code, address=address) is None:
        throttle.hit("messenger-code", f"{channel}:{address}")


@csrf_exempt
@require_POST
@throttle.limit("messenger-hook", methods=("POST",))
def telegram(request):
    secret = settings.MEDHUB_TELEGRAM_WEBHOOK_SECRET
    if not secret or not settings.MEDHUB_TELEGRAM_BOT_TOKEN:
        return HttpResponseNotFound()
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return HttpResponseForbidden()
    update = _json(request) or {}
    message = update.get("message")
    if not isinstance(message, dict):
        return _ok()
    chat, text = message.get("chat"), message.get("text")
    # Only a private chat with the bot: a group's chat id would send a person's news to a group.
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(text, str):
        return _ok()
    command, _space, code = text.strip().partition(" ")
    chat_id = chat.get("id")
    if command.split("@")[0] != "/start" or not code or not isinstance(chat_id, int):
        return _ok()
    _link(Channel.TELEGRAM, code.strip(), str(chat_id))
    return _ok()


@csrf_exempt
@require_POST
@throttle.limit("messenger-hook", methods=("POST",))
def line(request):
    secret = settings.MEDHUB_LINE_CHANNEL_SECRET
    if not secret or not settings.MEDHUB_LINE_CHANNEL_ACCESS_TOKEN:
        return HttpResponseNotFound()
    expected = base64.b64encode(hmac.new(secret.encode(), request.body, hashlib.sha256).digest())
    if not hmac.compare_digest(request.headers.get("X-Line-Signature", "").encode(), expected):
        return HttpResponseForbidden()
    events = (_json(request) or {}).get("events")
    # LINE's "Verify" button sends no events; it only wants a 200.
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict) or event.get("type") != "message":
            continue
        message, source = event.get("message"), event.get("source")
        if not isinstance(message, dict) or message.get("type") != "text" or not isinstance(source, dict):
            continue
        user_id = source.get("userId")
        if source.get("type") != "user" or not isinstance(user_id, str) or not rules.LINE_USER_ID.match(user_id):
            continue
        _link(Channel.LINE, str(message.get("text") or "")[:40], user_id)
    return _ok()
