"""Machine translation of messages and quotes, through a pluggable backend.

Off by default. With MEDHUB_TRANSLATION_URL set, medhub calls a self-hosted server that speaks
LibreTranslate's API (POST /translate with q, source, target, format; answers translatedText;
MEDHUB_TRANSLATION_API_KEY is sent as api_key). The original is always kept and shown; a
translation is an aid beside it. Without a server the pages still offer "Translate" and say that
machine translation is not available on this hub.

``translate_text`` keeps each answer in the cache per (hash of the source language and text,
target language), so a text is sent once whoever reads it; messages also keep their translation
as a row (``MessageTranslation``).
"""

import hashlib
import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.cache import cache

# LibreTranslate names Chinese "zh" and has no Mongolian or Kazakh models in every install;
# codes it does not know are sent as they are and may be refused by the server.
LIBRETRANSLATE_CODES = {"zh-hans": "zh"}


class TranslationError(Exception):
    pass


class TranslationUnavailable(TranslationError):
    """No translation server is configured on this hub."""


CACHE_SECONDS = 30 * 24 * 3600


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


def translate_text(text: str, *, target: str, source: str = "auto") -> str:
    """``text`` in ``target``, from the cache or the server. Raises TranslationUnavailable
    without a server, TranslationError when it fails (nothing is cached then)."""
    if not text.strip():
        return text
    backend = translation_backend()
    if backend is None:
        raise TranslationUnavailable("no translation server")
    digest = hashlib.sha256(f"{source}\0{text}".encode()).hexdigest()
    key = f"medhub:translation:{digest}:{target}"
    kept = cache.get(key)
    if isinstance(kept, str):
        return kept
    translated = backend.translate(text, source=source, target=target)
    cache.set(key, translated, CACHE_SECONDS)
    return translated


def translated_quote_version(version, *, target: str) -> dict:
    """The reader's-language texts of a quote version: plan, item labels, included, excluded."""
    return {
        "plan": translate_text(version.plan, target=target),
        "items": [{**item, "label": translate_text(str(item.get("label", "")), target=target)} for item in version.items or []],
        "included": translate_text(version.included, target=target),
        "excluded": translate_text(version.excluded, target=target),
    }
