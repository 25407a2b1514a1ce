"""Encryption at rest for sensitive identifiers (passport numbers, birth dates).

Values are encrypted with Fernet (AES-128-CBC with an HMAC-SHA256, from the `cryptography`
package) before they reach the database, and decrypted only when read. `MEDHUB_FIELD_KEYS`
holds one or more keys, newest first: the first encrypts, all of them decrypt, so keys can be
rotated without rewriting rows at once. Outside production a key is derived from the secret
key so that development needs no setup; production refuses to start without its own keys.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.MEDHUB_FIELD_KEYS)
    if not keys:
        if settings.PRODUCTION:
            raise ImproperlyConfigured("MEDHUB_FIELD_KEYS must be set in production.")
        digest = hashlib.sha256(f"medhub-field-key:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured("MEDHUB_FIELD_KEYS must be Fernet keys (32 url-safe base64 bytes each).") from exc


def forget_keys() -> None:
    """Tests that change the keys call this so the next value uses them."""
    _fernet.cache_clear()


def encrypt(value: str) -> str:
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("An encrypted value cannot be read with the configured MEDHUB_FIELD_KEYS.") from exc


class EncryptedTextField(models.TextField):
    """A text value stored encrypted. It cannot be searched or ordered in SQL, by design."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return value


def mask(value: str, *, keep: int = 2) -> str:
    """``M1234567`` → ``M1••••••``: enough to recognise, not enough to use."""
    if not value:
        return ""
    return value[:keep] + "•" * max(len(value) - keep, 4)
