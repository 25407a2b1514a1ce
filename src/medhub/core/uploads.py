"""The one check of an uploaded file by its content: size, count and type, the type judged by
parsing the file. Patients' documents (cases), applicants' and renewed certificates (partners,
verification) and the documents of complaints and the council all pass it; it sits in core so
that every app, whatever its place on the app map, calls the same rule.

A file is accepted only when it is what it says it is, all the way through:

* its first bytes are those of a PDF, JPEG or PNG, and its name and declared type (when they
  declare one) say the same;
* nowhere in it is markup a browser would run or render as a page (HTML, SVG, XML, script):
  a file that is a valid PDF and also a web page (a polyglot) is refused;
* a PDF opens in pypdf, with at least one page whose size can be read. A PDF that needs a
  password to open is refused, since nobody who must read it could; one that is only protected
  against printing or editing (it opens with an empty password) is accepted;
* an image decodes completely in Pillow, and its width times height, read from the header
  before anything is decoded, is within MEDHUB_UPLOAD_MAX_PIXELS.

The stored name is the sent name without invisible characters, given the extension of its
type when it has none.

Two messages depend on the door the file comes through, and the caller may pass its own: who
must read the file (a password-protected PDF: "so that the hospital can read it" or "the hub"),
and what to send instead of a file of another type. Every other message is the same everywhere.
"""

import mimetypes
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from PIL import Image
from pypdf import PdfReader

from medhub.core.files import PARSE_ERRORS, digest_and_markup, strict_decoding
from medhub.core.names import clean_file_name

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"

# What a file starts with, for each type medhub accepts.
SIGNATURES = {
    b"%PDF-": PDF,
    b"\xff\xd8\xff": JPEG,
    b"\x89PNG\r\n\x1a\n": PNG,
}
KINDS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}

# Other names clients give the same types.
TYPE_ALIASES = {
    "application/x-pdf": PDF,
    "application/acrobat": PDF,
    "application/vnd.pdf": PDF,
    "image/jpg": JPEG,
    "image/pjpeg": JPEG,
    "image/x-png": PNG,
}
# Content types a client sends when it does not know: they declare nothing.
UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})

# Python's own table of extensions, never the machine's, so that every server judges alike.
_EXTENSION_TYPES = mimetypes.MimeTypes()

# Who must read a file once it is kept, as a password-protected PDF's message says it: the
# hospital (a patient's documents, the default) or the hub (a partner's certificates).
READ_BY_THE_HOSPITAL = gettext_lazy(
    "“%(name)s” is protected by a password. Send a copy without the password so that the hospital can read it."
)
READ_BY_THE_HUB = gettext_lazy(
    "“%(name)s” is protected by a password. Send a copy without the password so that the hub can read it."
)
# A file of another type: what to send instead (a door that takes one kind of file says which).
OTHER_FILES_REFUSED = gettext_lazy("“%(name)s” is not a PDF, JPEG or PNG file. Other files cannot be accepted.")


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def _type_by_name(name: str) -> str | None:
    """The type a file's extension declares; None when it has none or one nobody knows."""
    extension = os.path.splitext(name)[1].lower()
    by_name = _EXTENSION_TYPES.guess_type(f"file{extension}")[0] if extension else None
    return TYPE_ALIASES.get(by_name, by_name) if by_name else None


def _declared_types(upload) -> set[str]:
    """The types the client's content type and the file's extension declare (none, one or two)."""
    declared = set()
    sent = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if sent not in UNKNOWN_TYPES:
        declared.add(TYPE_ALIASES.get(sent, sent))
    by_name = _type_by_name(upload.name)
    if by_name:
        declared.add(by_name)
    return declared


def _damaged(name: str, content_type: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” could not be opened as a %(kind)s file; it may be damaged. Save or scan it again and send the new file.")
        % {"name": name, "kind": KINDS[content_type]},
        code="damaged",
    )


def _check_pdf(upload, name: str, password) -> None:
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(str(password) % {"name": name}, code="password")
        pages = reader.pages
        if len(pages) == 0:
            raise _damaged(name, PDF)
        for page in pages:
            if page.mediabox.width <= 0 or page.mediabox.height <= 0:
                raise _damaged(name, PDF)
    except PARSE_ERRORS as exc:
        raise _damaged(name, PDF) from exc
    finally:
        upload.seek(0)


def _too_many_pixels(name: str, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is too large an image (more than %(limit)d megapixels). Send a smaller copy of it.")
        % {"name": name, "limit": limit // 1_000_000},
        code="pixels",
    )


def _open_image(upload, content_type: str):
    upload.seek(0)
    return Image.open(upload, formats=[KINDS[content_type]])


def _check_image(upload, name: str, content_type: str) -> None:
    limit = settings.MEDHUB_UPLOAD_MAX_PIXELS
    try:
        with strict_decoding():
            with _open_image(upload, content_type) as image:
                width, height = image.size  # from the header: nothing is decoded yet
                if width * height > limit:
                    raise _too_many_pixels(name, limit)
                if content_type == PNG:
                    image.verify()  # every chunk and its checksum, through to the end
            with _open_image(upload, content_type) as image:
                if content_type == JPEG:
                    # Every byte of the JPEG is still decoded, but into an eighth of the width
                    # and height: the check needs only as much memory as a thumbnail.
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(name, limit) from exc
    except PARSE_ERRORS as exc:
        raise _damaged(name, content_type) from exc
    finally:
        upload.seek(0)


def check_upload(upload, *, read_by=READ_BY_THE_HOSPITAL, not_accepted=OTHER_FILES_REFUSED) -> tuple[object, str, str]:
    """(file, content type, SHA-256) for one file; raises a translated error naming the file.

    read_by and not_accepted are the two messages a door may word its own way (translatable
    strings with a %(name)s placeholder, lazy so that they speak the language of the request)."""
    upload.name = name = clean_file_name(upload.name)
    if upload.size > settings.MEDHUB_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB.")
            % {"name": name, "limit": settings.MEDHUB_UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    if content_type is None:
        raise ValidationError(str(not_accepted) % {"name": name}, code="type")
    if _declared_types(upload) - {content_type}:
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
        _check_pdf(upload, name, read_by)
    else:
        _check_image(upload, name, content_type)
    if _type_by_name(name) is None:
        upload.name = clean_file_name(name + EXTENSIONS[content_type])
    return upload, content_type, checksum


def check_uploads(files, **wording) -> list[tuple[object, str, str]]:
    """(file, content type, SHA-256) for each file; raises a translated error naming the file.
    wording: check_upload's read_by and not_accepted."""
    if len(files) > settings.MEDHUB_UPLOAD_MAX_FILES:
        raise ValidationError(
            ngettext("Send at most %(count)d file.", "Send at most %(count)d files.", settings.MEDHUB_UPLOAD_MAX_FILES)
            % {"count": settings.MEDHUB_UPLOAD_MAX_FILES}
        )
    return [check_upload(upload, **wording) for upload in files]
