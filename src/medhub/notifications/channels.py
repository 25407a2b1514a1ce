"""The messengers, as real HTTP integrations behind settings (decision 0015).

Each sender posts one text message and returns the messenger's id for it, or raises
``SendError`` (the outbox then retries). A channel the hub has not configured is not offered.
Request shapes follow the public API references:

- Telegram Bot API: ``POST {base}/bot{token}/sendMessage`` with ``{"chat_id", "text"}``;
  answers ``{"ok": true, "result": {"message_id": …}}``.
- WhatsApp Cloud API: ``POST {base}/{version}/{phone_number_id}/messages`` with a bearer token and
  ``{"messaging_product": "whatsapp", "to", "type": "text", "text": {"body"}}``; answers
  ``{"messages": [{"id": "wamid…"}]}``. WhatsApp takes free-form text only within 24 hours of the
  person's last message to the hub; outside that window only an approved template. medhub does
  not receive WhatsApp messages (no webhook records them), so it cannot know the window: with
  ``MEDHUB_WHATSAPP_TEMPLATE`` set, every notification goes as that template
  (``"type": "template"``, ``{"name", "language": {"code"}, "components": [{"type": "body",
  "parameters": [title, link]}]}``) in the recipient's language where the template is approved
  in it (``MEDHUB_WHATSAPP_TEMPLATE_LANGUAGES``), else in English.
- LINE Messaging API: ``POST {base}/v2/bot/message/push`` with a bearer token, an
  ``X-Line-Retry-Key`` (a UUID per delivery: LINE sends a retried request once) and
  ``{"to", "messages": [{"type": "text", "text"}]}``; answers ``{"sentMessages": [{"id": …}]}``.
"""

import json
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core.mail import send_mail

from medhub.notifications.models import Channel

# The longest text each messenger takes (Telegram 4096, WhatsApp 4096, LINE 5000 characters).
MAX_TEXT = 4000


class SendError(Exception):
    """The messenger refused or could not be reached; the delivery is tried again later."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def configured(channel: str) -> bool:
    """Whether the hub has set this channel up (email always is)."""
    if channel == Channel.EMAIL:
        return True
    if channel == Channel.TELEGRAM:
        return bool(settings.MEDHUB_TELEGRAM_BOT_TOKEN)
    if channel == Channel.WHATSAPP:
        return bool(settings.MEDHUB_WHATSAPP_TOKEN and settings.MEDHUB_WHATSAPP_PHONE_NUMBER_ID)
    if channel == Channel.LINE:
        return bool(settings.MEDHUB_LINE_CHANNEL_ACCESS_TOKEN)
    return False


def available() -> list[str]:
    return [channel for channel in Channel.values if configured(channel)]


def connectable() -> list[str]:
    """The messengers a person can link from the settings page through the bot's webhook."""
    found = []
    if configured(Channel.TELEGRAM) and settings.MEDHUB_TELEGRAM_BOT_USERNAME and settings.MEDHUB_TELEGRAM_WEBHOOK_SECRET:
        found.append(Channel.TELEGRAM.value)
    if configured(Channel.LINE) and settings.MEDHUB_LINE_CHANNEL_SECRET:
        found.append(Channel.LINE.value)
    return found


def _post_json(url: str, payload: dict, headers: dict | None = None) -> dict:
    if not url.startswith(("https://", "http://")):
        raise SendError(f"not an HTTP address: {url.split('/bot')[0]}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MEDHUB_MESSENGER_TIMEOUT) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace")
        raise SendError(f"HTTP {exc.code}: {detail}", exc.code) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SendError(f"unreachable: {exc}") from exc
    try:
        return json.loads(body or b"{}")
    except ValueError as exc:
        raise SendError("the answer is not JSON") from exc


# WhatsApp's codes for the hub's languages where they differ from ours.
WHATSAPP_LANGUAGE_CODES = {"zh-hans": "zh_CN"}
# A template's text parameter: no line breaks or tabs, at most four spaces in a row, and short.
TEMPLATE_PARAMETER_MAX = 1000


def whatsapp_template_language(language: str) -> str:
    """The WhatsApp language code of the template for a reader of ``language``: theirs if the
    hub's template is approved in it, else English."""
    approved = settings.MEDHUB_WHATSAPP_TEMPLATE_LANGUAGES
    code = language if language in approved else "en"
    return WHATSAPP_LANGUAGE_CODES.get(code, code)


def _parameter(text: str) -> dict:
    flat = " ".join((text or "").split())
    if len(flat) > TEMPLATE_PARAMETER_MAX:
        flat = flat[: TEMPLATE_PARAMETER_MAX - 1] + "…"
    return {"type": "text", "text": flat or "-"}


def _text(title: str, body: str) -> str:
    text = f"{title}\n\n{body}".strip()
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def send_telegram(chat_id: str, title: str, body: str, *, key: str, language: str = "", link: str = "") -> str:
    base = settings.MEDHUB_TELEGRAM_API_BASE.rstrip("/")
    answer = _post_json(
        f"{base}/bot{settings.MEDHUB_TELEGRAM_BOT_TOKEN}/sendMessage",
        {"chat_id": chat_id, "text": _text(title, body), "disable_web_page_preview": True},
    )
    if not answer.get("ok"):
        raise SendError(f"Telegram refused: {answer.get('description', '')}")
    return str(answer.get("result", {}).get("message_id", ""))


def send_whatsapp(number: str, title: str, body: str, *, key: str, language: str = "", link: str = "") -> str:
    base = settings.MEDHUB_WHATSAPP_API_BASE.rstrip("/")
    url = f"{base}/{settings.MEDHUB_WHATSAPP_API_VERSION}/{settings.MEDHUB_WHATSAPP_PHONE_NUMBER_ID}/messages"
    message = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": number.lstrip("+")}
    template = settings.MEDHUB_WHATSAPP_TEMPLATE
    if template:
        # Outside the 24-hour window only a template is delivered; medhub cannot tell the window.
        message["type"] = "template"
        message["template"] = {
            "name": template,
            "language": {"code": whatsapp_template_language(language or settings.LANGUAGE_CODE)},
            "components": [{"type": "body", "parameters": [_parameter(title), _parameter(link or settings.MEDHUB_BASE_URL)]}],
        }
    else:
        message["type"] = "text"
        message["text"] = {"preview_url": False, "body": _text(title, body)}
    answer = _post_json(url, message, {"Authorization": f"Bearer {settings.MEDHUB_WHATSAPP_TOKEN}"})
    messages = answer.get("messages") or []
    if not messages:
        raise SendError("WhatsApp answered without a message id")
    return str(messages[0].get("id", ""))


def send_line(user_id: str, title: str, body: str, *, key: str, language: str = "", link: str = "") -> str:
    base = settings.MEDHUB_LINE_API_BASE.rstrip("/")
    try:
        answer = _post_json(
            f"{base}/v2/bot/message/push",
            {"to": user_id, "messages": [{"type": "text", "text": _text(title, body)}]},
            {
                "Authorization": f"Bearer {settings.MEDHUB_LINE_CHANNEL_ACCESS_TOKEN}",
                # The same key on every attempt of one delivery: LINE accepts it once.
                "X-Line-Retry-Key": str(uuid.uuid5(uuid.NAMESPACE_URL, f"medhub-notification:{key}")),
            },
        )
    except SendError as exc:
        if exc.status == 409:  # LINE already accepted a request with this retry key: it was sent
            return ""
        raise
    sent = answer.get("sentMessages") or [{}]
    return str(sent[0].get("id", ""))


def send_email(address: str, title: str, body: str, *, key: str, language: str = "", link: str = "") -> str:
    send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [address])
    return ""


SENDERS = {
    Channel.EMAIL: send_email,
    Channel.TELEGRAM: send_telegram,
    Channel.WHATSAPP: send_whatsapp,
    Channel.LINE: send_line,
}
