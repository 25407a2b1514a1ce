"""Checks on a person's channel choices, shared by the page's form and the API's serializer."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from medhub.core.phones import to_e164
from medhub.notifications import channels
from medhub.notifications.models import Channel

# Telegram chat ids are integers (negative for groups); LINE user ids are "U" and 32 hex digits.
TELEGRAM_CHAT_ID = re.compile(r"^-?\d{1,20}$")
LINE_USER_ID = re.compile(r"^U[0-9a-f]{32}$")


def clean_choices(data: dict) -> dict:
    """The cleaned choices, or a ValidationError keyed by field saying what to type. A channel
    the hub has not configured cannot be chosen."""
    data = dict(data)
    errors = {}
    for field in ("telegram_chat_id", "whatsapp_number", "line_user_id"):
        if field in data:
            data[field] = (data[field] or "").strip()
    if data.get("telegram_chat_id") and not TELEGRAM_CHAT_ID.match(data["telegram_chat_id"]):
        errors["telegram_chat_id"] = _("A Telegram chat ID is a number, such as 123456789.")
    if data.get("whatsapp_number"):
        try:
            data["whatsapp_number"] = to_e164(data["whatsapp_number"])
        except ValidationError as exc:
            errors["whatsapp_number"] = exc.messages[0]
    if data.get("line_user_id") and not LINE_USER_ID.match(data["line_user_id"]):
        errors["line_user_id"] = _("A LINE user ID starts with U followed by 32 letters and digits.")
    needs = {Channel.TELEGRAM: "telegram_chat_id", Channel.WHATSAPP: "whatsapp_number", Channel.LINE: "line_user_id"}
    for channel, field in needs.items():
        if not data.get(channel):
            continue
        if not channels.configured(channel):
            errors[channel] = _("This hub does not send messages by this channel.")
        elif not data.get(field) and field not in errors:
            errors[field] = _("Give your address on this channel, or turn the channel off.")
    if errors:
        raise ValidationError(errors)
    return data
