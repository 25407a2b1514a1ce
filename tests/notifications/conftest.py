"""A local fake of each messenger's HTTP API: it records every request and answers like the real
one (or fails first, to prove a retry), so the senders are tested over real HTTP."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakeMessenger:
    def __init__(self):
        self.requests = []
        self.failures = 0  # answer this many requests with a 500 first
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, payload: dict) -> dict:
        if path.endswith("/sendMessage"):  # Telegram Bot API
            return {"ok": True, "result": {"message_id": len(self.requests), "chat": {"id": int(payload["chat_id"])}}}
        if path.endswith("/messages"):  # WhatsApp Cloud API
            return {
                "messaging_product": "whatsapp",
                "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                "messages": [{"id": f"wamid.TEST{len(self.requests)}"}],
            }
        if path == "/v2/bot/message/push":  # LINE Messaging API
            return {"sentMessages": [{"id": str(1000 + len(self.requests)), "quoteToken": "q"}]}
        return {}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "json": payload})
                if fake.failures:
                    fake.failures -= 1
                    status, body = 500, {"message": "temporary failure"}
                else:
                    status, body = 200, fake.answer(self.path, payload)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def messenger(settings):
    """Every messenger configured against one local fake server."""
    fake = FakeMessenger()
    settings.MEDHUB_TELEGRAM_BOT_TOKEN = "123:telegram-test-token"
    settings.MEDHUB_TELEGRAM_API_BASE = fake.base
    settings.MEDHUB_WHATSAPP_TOKEN = "whatsapp-test-token"
    settings.MEDHUB_WHATSAPP_PHONE_NUMBER_ID = "106540352242922"
    settings.MEDHUB_WHATSAPP_API_BASE = fake.base
    settings.MEDHUB_WHATSAPP_API_VERSION = "v21.0"
    settings.MEDHUB_LINE_CHANNEL_ACCESS_TOKEN = "line-test-token"
    settings.MEDHUB_LINE_API_BASE = fake.base
    settings.MEDHUB_BASE_URL = "http://hub.test"
    yield fake
    fake.close()


@pytest.fixture
def no_messengers(settings):
    settings.MEDHUB_TELEGRAM_BOT_TOKEN = ""
    settings.MEDHUB_WHATSAPP_TOKEN = ""
    settings.MEDHUB_LINE_CHANNEL_ACCESS_TOKEN = ""
