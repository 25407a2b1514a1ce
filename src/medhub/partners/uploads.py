"""The content check of an applicant's certificates: a PDF, JPEG or PNG that is what it says it
is, all the way through.

The same rules as patients' documents (cases/uploads.py), built on the shared pieces of
medhub.core.files: the type is judged by the first bytes and must agree with the name and the
declared type; markup anywhere in the file (a polyglot) is refused; a PDF must open in pypdf
without a password and have a page; an image must decode completely within the pixel limit.
cases.uploads sits above this app on the app map, so it cannot be imported from here.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader

from medhub.core.files import PARSE_ERRORS, digest_and_markup, strict_decoding
from medhub.core.names import clean_file_name

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
SIGNATURES = {b"%PDF-": PDF, b"\xff\xd8\xff": JPEG, b"\x89PNG\r\n\x1a\n": PNG}
KINDS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
EXTENSIONS = {PDF: {".pdf"}, JPEG: {".jpg", ".jpeg", ".jpe"}, PNG: {".png"}}
ALIASES = {"image/jpg": JPEG, "image/pjpeg": JPEG, "application/x-pdf": PDF, "image/x-png": PNG}
UNKNOWN = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})


def _damaged(name: str, content_type: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” could not be opened as a %(kind)s file; it may be damaged. Save or scan it again and send the new file.")
        % {"name": name, "kind": KINDS[content_type]},
        code="damaged",
    )


def _check_pdf(upload, name: str) -> None:
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("“%(name)s” is protected by a password. Send a copy without the password so that the hub can read it.")
                % {"name": name},
                code="password",
            )
        if len(reader.pages) == 0 or any(p.mediabox.width <= 0 or p.mediabox.height <= 0 for p in reader.pages):
            raise _damaged(name, PDF)
    except PARSE_ERRORS as exc:
        raise _damaged(name, PDF) from exc
    finally:
        upload.seek(0)


def _check_image(upload, name: str, content_type: str) -> None:
    limit = settings.MEDHUB_UPLOAD_MAX_PIXELS
    too_big = ValidationError(
        _("“%(name)s” is too large an image (more than %(limit)d megapixels). Send a smaller copy of it.")
        % {"name": name, "limit": limit // 1_000_000},
        code="pixels",
    )
    try:
        with strict_decoding():
            upload.seek(0)
            with Image.open(upload, formats=[KINDS[content_type]]) as image:
                if image.size[0] * image.size[1] > limit:
                    raise too_big
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_big from exc
    except PARSE_ERRORS as exc:
        raise _damaged(name, content_type) from exc
    finally:
        upload.seek(0)


def check_document(upload) -> tuple[object, str, str]:
    """(file, content type, SHA-256) for one certificate; a translated error naming the file otherwise."""
    upload.name = name = clean_file_name(upload.name)
    if upload.size > settings.MEDHUB_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB.")
            % {"name": name, "limit": settings.MEDHUB_UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = next((kind for signature, kind in SIGNATURES.items() if head.startswith(signature)), None)
    if content_type is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file. Other files cannot be accepted.") % {"name": name}, code="type"
        )
    sent = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    sent = ALIASES.get(sent, sent)
    extension = os.path.splitext(name)[1].lower()
    if (sent not in UNKNOWN and sent != content_type) or (extension and extension not in EXTENSIONS[content_type]):
        raise ValidationError(
            _(
                "The name or the type of “%(name)s” does not match what it contains, a %(kind)s file. "
                "Rename the file or send the right one."
            )
            % {"name": name, "kind": KINDS[content_type]},
            code="mismatch",
        )
    checksum, has_markup = digest_and_markup(upload)
    if has_markup:
        raise ValidationError(
            _(
                "“%(name)s” contains web page code (HTML, SVG or script) and cannot be accepted. "
                "Send a plain PDF, JPEG or PNG file."
            )
            % {"name": name},
            code="markup",
        )
    if content_type == PDF:
        _check_pdf(upload, name)
    else:
        _check_image(upload, name, content_type)
    if not extension:
        upload.name = clean_file_name(name + {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}[content_type])
    return upload, content_type, checksum
