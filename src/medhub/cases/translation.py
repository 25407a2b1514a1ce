"""Machine translation of messages, through a pluggable backend.

Off by default. With MEDHUB_TRANSLATION_URL set, medhub calls a self-hosted server that speaks
LibreTranslate's API (POST /translate with q, source, target, format; answers translatedText).
The original message is always kept and shown; a translation is an aid beside it.
"""

import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings

# LibreTranslate names Chinese "zh" and has no Mongolian or Kazakh models in every install;
# codes it does not know are sent as they are and may be refused by the server.
LIBRETRANSLATE_CODES = {"zh-hans": "zh"}


class TranslationError(Exception):
    pass


class TranslationBackend(Protocol):
    name: str

    def translate(self, text: str, *, source: str, target: str) -> str: ...


class LibreTranslateBackend:
    name = "libretranslate"

    def __init__(self, url: str, api_key: str = "", timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, text: str, *, source: str, target: str) -> str:
        payload = {
            "q": text,
            "source": LIBRETRANSLATE_CODES.get(source, source),
            "target": LIBRETRANSLATE_CODES.get(target, target),
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
            f"{self.url}/translate",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read().decode())
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise TranslationError(str(exc)) from exc
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str):
            raise TranslationError("the server gave no translatedText")
        return translated


def translation_backend() -> TranslationBackend | None:
    """The configured backend, or None when machine translation is off."""
    url = getattr(settings, "MEDHUB_TRANSLATION_URL", "")
    if not url:
        return None
    return LibreTranslateBackend(url, getattr(settings, "MEDHUB_TRANSLATION_API_KEY", ""))
