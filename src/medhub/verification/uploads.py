"""The check a renewed certificate passes before it is kept: a PDF, JPEG or PNG judged by its content,
with the shared checks of medhub.core.files (markup anywhere in the file, strict decoding, the errors a
hostile file can raise). It is the rule cases/uploads.py applies to patients' documents, said again
here because verification sits below the cases app and may not import it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader

from medhub.core.files import PARSE_ERRORS, digest_and_markup, strict_decoding
from medhub.core.names import clean_file_name

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
SIGNATURES = {b"%PDF-": PDF, b"\xff\xd8\xff": JPEG, b"\x89PNG\r\n\x1a\n": PNG}
FORMATS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
EXTENSIONS = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}


def _unreadable(name: str, content_type: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” could not be opened as a %(kind)s file; it may be damaged. Scan or save it again.")
        % {"name": name, "kind": FORMATS[content_type]},
        code="damaged",
    )


def _open_pdf(upload, name: str) -> None:
    reader = PdfReader(upload, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValidationError(
            _("“%(name)s” is protected by a password. Send a copy without the password.") % {"name": name},
            code="password",
        )
    if not reader.pages or any(p.mediabox.width <= 0 or p.mediabox.height <= 0 for p in reader.pages):
        raise _unreadable(name, PDF)


def _open_image(upload, name: str, content_type: str) -> None:
    limit = settings.MEDHUB_UPLOAD_MAX_PIXELS
    with strict_decoding(), Image.open(upload, formats=[FORMATS[content_type]]) as image:
        width, height = image.size
        if width * height > limit:
            raise ValidationError(
                _("“%(name)s” is too large an image (more than %(limit)d megapixels). Send a smaller copy.")
                % {"name": name, "limit": limit // 1_000_000},
                code="pixels",
            )
        image.load()


def check_certificate(upload) -> tuple[object, str, str]:
    """(file, content type, SHA-256) of an acceptable certificate; a translated error naming the file otherwise."""
    upload.name = name = clean_file_name(upload.name or "")
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
            _("“%(name)s” is not a PDF, JPEG or PNG file. Send the certificate as one of those.") % {"name": name},
            code="type",
        )
    extension = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    if extension and extension not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("The name of “%(name)s” does not match what it contains, a %(kind)s file. Rename it or send the right one.")
            % {"name": name, "kind": FORMATS[content_type]},
            code="mismatch",
        )
    checksum, has_markup = digest_and_markup(upload)
    if has_markup:
        raise ValidationError(
            _("“%(name)s” contains web page code (HTML, SVG or script) and cannot be accepted.") % {"name": name},
            code="markup",
        )
    try:
        upload.seek(0)
        if content_type == PDF:
            _open_pdf(upload, name)
        else:
            _open_image(upload, name, content_type)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _unreadable(name, content_type) from exc
    except PARSE_ERRORS as exc:
        raise _unreadable(name, content_type) from exc
    finally:
        upload.seek(0)
    if not extension:
        upload.name = clean_file_name(name + EXTENSIONS[content_type][0])
    return upload, content_type, checksum
