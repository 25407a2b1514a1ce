"""Linking Telegram and LINE without typing an id: the settings page's one-time code, the
messengers' webhooks (requests shaped like Telegram's and LINE's), the confirmation sent back
over real HTTP to the fake messenger, and the refusals (wrong secret or signature, unknown,
used or expired codes, throttling)."""

import base64
import datetime
import hashlib
import hmac
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.core.models import LogEntry
from medhub.notifications import services
from medhub.notifications.models import LinkCode, Preference
from tests.cases.conftest import make_user

pytestmark = pytest.mark.django_db

HOOK_SECRET = "tg-webhook-secret-123"
LINE_SECRET = "line-channel-secret"
LINE_USER = "U" + "fedcba9876543210" * 2


@pytest.fixture
def hooks(messenger, settings):
    settings.MEDHUB_TELEGRAM_BOT_USERNAME = "medhub_test_bot"
    settings.MEDHUB_TELEGRAM_WEBHOOK_SECRET = HOOK_SECRET
    settings.MEDHUB_LINE_CHANNEL_SECRET = LINE_SECRET
    return messenger


@pytest.fixture
def patient(db):
    user = make_user("pat", Role.PATIENT)
    user.preferred_language = "ru"
    user.save()
    return user


def telegram_update(text, chat_id=555000111, chat_type="private"):
    return {
        "update_id": 10000,
        "message": {
            "message_id": 1365,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat", "language_code": "ru"},
            "chat": {"id": chat_id, "first_name": "Pat", "type": chat_type},
            "date": 1764770000,
            "text": text,
            "entities": [{"offset": 0, "length": 6, "type": "bot_command"}],
        },
    }


def post_telegram(client, update, secret=HOOK_SECRET, **extra):
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret is not None else {}
    return client.post("/hooks/telegram/", json.dumps(update), content_type="application/json", **headers, **extra)


def line_body(text, user_id=LINE_USER):
    return json.dumps(
        {
            "destination": "U" + "1" * 32,
            "events": [
                {
                    "type": "message",
                    "message": {"type": "text", "id": "468789577898262530", "quoteToken": "q", "text": text},
                    "webhookEventId": "01H810YECXQQZ37VAXPF6H9E6T",
                    "deliveryContext": {"isRedelivery": False},
                    "timestamp": 1692251666727,
                    "source": {"type": "user", "userId": user_id},
                    "replyToken": "38ef843bde154d9b91c21320ffd17a0f",
                    "mode": "active",
                }
            ],
        }
    ).encode()


def post_line(client, body, secret=LINE_SECRET):
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    return client.post("/hooks/line/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signature)


def telegram_token(client, user):
    client.force_login(user)
    response = client.post("/ru/account/notifications/connect/telegram/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert (url.scheme, url.netloc, url.path) == ("https", "t.me", "/medhub_test_bot")
    [token] = parse_qs(url.query)["start"]
    assert len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)  # what Telegram's start takes
    client.logout()
    return token


def line_code(client, user):
    client.force_login(user)
    page = client.post("/ru/account/notifications/connect/line/", follow=True).content.decode()
    code = LinkCode.objects.get(user=user, channel="line")
    assert code.used_at is None
    client.logout()
    # The code is shown once, on the page: read it from there as the person would.
    [shown] = re.findall(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", page)
    return shown


def test_settings_page_offers_the_connect_buttons_only_when_set_up(client, patient, hooks, settings):
    client.force_login(patient)
    html = client.get("/en/account/notifications/settings/").content.decode()
    assert "/en/account/notifications/connect/telegram/" in html
    assert "/en/account/notifications/connect/line/" in html
    settings.MEDHUB_TELEGRAM_WEBHOOK_SECRET = ""
    settings.MEDHUB_LINE_CHANNEL_SECRET = ""
    html = client.get("/en/account/notifications/settings/").content.decode()
    assert "connect/telegram" not in html and "connect/line" not in html
    assert client.post("/en/account/notifications/connect/telegram/").status_code == 404


def test_connect_needs_a_signed_in_person_and_a_post(client, hooks):
    assert client.post("/en/account/notifications/connect/telegram/").status_code == 302  # to sign-in
    assert not LinkCode.objects.exists()


def test_telegram_start_links_the_chat_and_confirms_there(client, patient, hooks, django_capture_on_commit_callbacks):
    token = telegram_token(client, patient)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_telegram(client, telegram_update(f"/start {token}"))
    assert response.status_code == 200
    preference = Preference.objects.get(user=patient)
    assert (preference.telegram, preference.telegram_chat_id) == (True, "555000111")
    [confirmation] = hooks.requests
    assert confirmation["path"] == "/bot123:telegram-test-token/sendMessage"
    assert confirmation["json"]["chat_id"] == "555000111"
    assert len(confirmation["json"]["text"]) > 20  # says where notifications will come, in the person's language
    entry = LogEntry.objects.get(action="notifications.messenger.linked")
    assert entry.actor == patient and entry.data == {"channel": "telegram"}

    # Single use: the same start again (Telegram resends, or someone copied the link) does nothing.
    hooks.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_telegram(client, telegram_update(f"/start {token}", chat_id=777)).status_code == 200
    assert Preference.objects.get(user=patient).telegram_chat_id == "555000111"
    assert hooks.requests == []


def test_telegram_wrong_secret_is_refused(client, patient, hooks):
    token = telegram_token(client, patient)
    assert post_telegram(client, telegram_update(f"/start {token}"), secret="nope").status_code == 403
    assert post_telegram(client, telegram_update(f"/start {token}"), secret=None).status_code == 403
    assert not Preference.objects.filter(user=patient, telegram=True).exists()
    assert LinkCode.objects.get(user=patient).used_at is None


@pytest.mark.parametrize(
    "text",
    ["/start", "/start nothing-like-a-token", "hello", "/help", "/start " + "A" * 24 + "B" * 22],
)
def test_telegram_unknown_or_forged_tokens_do_nothing_and_answer_200(client, patient, hooks, text):
    telegram_token(client, patient)
    assert post_telegram(client, telegram_update(text)).status_code == 200
    assert not Preference.objects.filter(user=patient, telegram=True).exists()
    assert hooks.requests == []


def test_telegram_tampered_and_expired_tokens_do_nothing(client, patient, hooks, django_capture_on_commit_callbacks):
    token = telegram_token(client, patient)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert post_telegram(client, telegram_update(f"/start {tampered}")).status_code == 200
    LinkCode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_telegram(client, telegram_update(f"/start {token}")).status_code == 200
    assert not Preference.objects.filter(user=patient, telegram=True).exists()
    assert hooks.requests == []


def test_telegram_group_chats_are_not_linked(client, patient, hooks):
    token = telegram_token(client, patient)
    assert post_telegram(client, telegram_update(f"/start {token}", chat_id=-100123, chat_type="group")).status_code == 200
    assert not Preference.objects.filter(user=patient, telegram=True).exists()


def test_malformed_updates_answer_200(client, hooks):
    for body in ("not json", "[]", json.dumps({"message": "x"}), json.dumps({"message": {"chat": 1, "text": 2}})):
        response = client.post(
            "/hooks/telegram/", body, content_type="application/json", HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=HOOK_SECRET
        )
        assert response.status_code == 200


def test_a_new_code_replaces_the_old_one(client, patient, hooks):
    first = telegram_token(client, patient)
    second = telegram_token(client, patient)
    assert post_telegram(client, telegram_update(f"/start {first}")).status_code == 200
    assert not Preference.objects.filter(user=patient, telegram=True).exists()
    assert post_telegram(client, telegram_update(f"/start {second}")).status_code == 200
    assert Preference.objects.get(user=patient).telegram


def test_line_code_links_the_user_id_and_confirms_by_push(client, patient, hooks, django_capture_on_commit_callbacks):
    code = line_code(client, patient)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_line(client, line_body(f" {code.lower()} ")).status_code == 200
    preference = Preference.objects.get(user=patient)
    assert (preference.line, preference.line_user_id) == (True, LINE_USER)
    [confirmation] = hooks.requests
    assert confirmation["path"] == "/v2/bot/message/push"
    assert confirmation["json"]["to"] == LINE_USER
    assert confirmation["headers"]["Authorization"] == "Bearer line-test-token"
    assert LogEntry.objects.filter(action="notifications.messenger.linked", data={"channel": "line"}).count() == 1
    # Used once.
    with django_capture_on_commit_callbacks(execute=True):
        assert post_line(client, line_body(code, user_id="U" + "a" * 32)).status_code == 200
    assert Preference.objects.get(user=patient).line_user_id == LINE_USER


def test_line_bad_signature_is_refused(client, patient, hooks):
    code = line_code(client, patient)
    assert post_line(client, line_body(code), secret="other-secret").status_code == 403
    response = client.post("/hooks/line/", line_body(code), content_type="application/json")
    assert response.status_code == 403
    assert not Preference.objects.filter(user=patient, line=True).exists()


def test_line_verify_and_other_events_answer_200(client, patient, hooks):
    line_code(client, patient)
    assert post_line(client, json.dumps({"destination": "U" + "1" * 32, "events": []}).encode()).status_code == 200
    follow = {"events": [{"type": "follow", "source": {"type": "user", "userId": LINE_USER}}]}
    assert post_line(client, json.dumps(follow).encode()).status_code == 200
    assert post_line(client, line_body("WRONGCODE")).status_code == 200
    assert post_line(client, b"{broken").status_code == 200
    assert not Preference.objects.filter(user=patient, line=True).exists()


def test_line_wrong_codes_from_one_account_are_counted(client, patient, hooks, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "messenger-code": (3, 3600)}
    code = line_code(client, patient)
    for guess in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"):
        assert post_line(client, line_body(guess)).status_code == 200
    # Even the right code is not tried any more from that account this hour.
    assert post_line(client, line_body(code)).status_code == 200
    assert not Preference.objects.filter(user=patient, line=True).exists()


def test_hooks_are_throttled_per_address(client, hooks, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "messenger-hook": (2, 60)}
    answers = [post_telegram(client, telegram_update("hello")).status_code for _n in range(3)]
    assert answers == [200, 200, 429]


def test_hooks_are_off_without_their_secrets(client, messenger, settings):
    settings.MEDHUB_TELEGRAM_WEBHOOK_SECRET = ""
    settings.MEDHUB_LINE_CHANNEL_SECRET = ""
    assert post_telegram(client, telegram_update("/start x"), secret="").status_code == 404
    assert post_line(client, line_body("AAAA-AAAA"), secret="").status_code == 404


def test_codes_are_kept_only_as_hashes(patient, hooks):
    code = services.link_code_create(user=patient, channel="line")
    stored = LinkCode.objects.get(user=patient)
    assert code not in stored.digest
