"""Checks on files patients send: size, count and type, the type judged by content."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# What a file starts with, for each type medhub accepts.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def check_uploads(files) -> list[tuple[object, str, str]]:
    """(file, content type, SHA-256) for each file; raises a translated error naming the file."""
    if len(files) > settings.MEDHUB_UPLOAD_MAX_FILES:
        raise ValidationError(
            ngettext("Send at most %(count)d file.", "Send at most %(count)d files.", settings.MEDHUB_UPLOAD_MAX_FILES)
            % {"count": settings.MEDHUB_UPLOAD_MAX_FILES}
        )
    checked = []
    for upload in files:
        if upload.size > settings.MEDHUB_UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("“%(name)s” is larger than %(limit)d MB.")
                % {"name": upload.name, "limit": settings.MEDHUB_UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        upload.seek(0)
        content_type = sniff(upload.read(16))
        if content_type is None:
            raise ValidationError(
                _("“%(name)s” is not a PDF, JPEG or PNG file. Other files cannot be accepted.") % {"name": upload.name}
            )
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append((upload, content_type, digest.hexdigest()))
    return checked
