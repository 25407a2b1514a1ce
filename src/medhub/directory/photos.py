"""Photos of the directory: checked by content, resized into public copies, served lazily.

* **Checked** as patients' documents are (cases/uploads.py, with the same pieces from
  core/files.py): the first bytes say what the file
  is, the name and declared type must agree, no markup anywhere in it, and the image must
  decode completely within ``MEDHUB_UPLOAD_MAX_PIXELS``. Only JPEG, PNG and WebP are photos.
* **Kept**: the original in the private storage (like case files, outside the web root);
  the public copies (``PHOTO_WIDTHS``, never wider than the original) as WebP and JPEG in
  ``MEDHUB_PHOTOS_DIR`` (default ``<var>/photos``), without the original's metadata (EXIF
  location and camera data are dropped), served at ``/photos/<key>-<width>.<webp|jpg>``.
* **Shown** with ``<picture>``: WebP first, JPEG for browsers without it, ``srcset`` and
  ``sizes`` so a phone fetches the 320 or 640 px copy, width and height against layout shift,
  ``loading="lazy"`` and the alt text in the reader's language (templatetags/photos.py).
"""

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from medhub.core.files import PARSE_ERRORS, digest_and_markup, strict_decoding
from medhub.core.names import clean_file_name

JPEG, PNG, WEBP = "image/jpeg", "image/png", "image/webp"
KINDS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
EXTENSION_TYPES = {".jpg": JPEG, ".jpeg": JPEG, ".jpe": JPEG, ".png": PNG, ".webp": WEBP}
TYPE_ALIASES = {"image/jpg": JPEG, "image/pjpeg": JPEG, "image/x-png": PNG}
UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})
PHOTO_WIDTHS = (320, 640, 1280)
PUBLIC_NAME = re.compile(r"^(?P<key>[0-9a-f]{20})-(?P<width>\d{2,4})\.(?P<ext>webp|jpg)$")
WEBP_QUALITY, JPEG_QUALITY = 78, 82


def sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _declared_types(upload) -> set[str]:
    declared = set()
    sent = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if sent not in UNKNOWN_TYPES:
        declared.add(TYPE_ALIASES.get(sent, sent))
    extension = os.path.splitext(upload.name)[1].lower()
    if extension:
        declared.add(EXTENSION_TYPES.get(extension, f"extension {extension}"))
    return declared


def _not_a_photo(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP image. Only photos in these formats can be accepted.") % {"name": name},
        code="type",
    )


def check_photo(upload) -> tuple[object, str, str]:
    """(file, content type, SHA-256) of a real photo; raises a translated error naming the file."""
    upload.name = name = clean_file_name(upload.name or "photo")
    if upload.size > settings.MEDHUB_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB.")
            % {"name": name, "limit": settings.MEDHUB_UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    if content_type is None or _declared_types(upload) - {content_type}:
        raise _not_a_photo(name)
    checksum, has_markup = digest_and_markup(upload)
    if has_markup:
        raise _not_a_photo(name)
    limit = settings.MEDHUB_UPLOAD_MAX_PIXELS
    try:
        with strict_decoding():
            upload.seek(0)
            with Image.open(upload, formats=[KINDS[content_type]]) as image:
                if image.size[0] * image.size[1] > limit:
                    raise ValidationError(
                        _("“%(name)s” is too large an image (more than %(limit)d megapixels). Send a smaller copy of it.")
                        % {"name": name, "limit": limit // 1_000_000},
                        code="pixels",
                    )
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _not_a_photo(name) from exc
    except PARSE_ERRORS as exc:
        raise ValidationError(
            _("“%(name)s” could not be opened as an image; it may be damaged.") % {"name": name}, code="damaged"
        ) from exc
    finally:
        upload.seek(0)
    return upload, content_type, checksum


def public_root() -> Path:
    return Path(getattr(settings, "MEDHUB_PHOTOS_DIR", "") or settings.VAR_DIR / "photos")


def public_storage() -> FileSystemStorage:
    return FileSystemStorage(location=public_root(), base_url="/photos/")


def public_name(key: str, width: int, ext: str) -> str:
    return f"{key}-{width}.{ext}"


def widths_for(original_width: int) -> list[int]:
    """The copies' widths: the standard ones up to the original's width, at least one."""
    widths = [w for w in PHOTO_WIDTHS if w <= original_width]
    return widths or [original_width]


def make_copies(upload, key: str) -> tuple[int, int, list[int]]:
    """Writes the public copies of a checked photo; returns its (upright) width, height and the widths."""
    storage = public_storage()
    upload.seek(0)
    with Image.open(upload) as opened:
        image = ImageOps.exif_transpose(opened)  # upright as the camera meant it; metadata is not copied
        image.load()
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "P") else "RGB")
    width, height = image.size
    flat = image
    if image.mode == "RGBA":  # JPEG has no transparency: the copy sits on white
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
    widths = widths_for(width)
    for target in widths:
        size = (target, max(1, round(height * target / width)))
        for source, ext, options in (
            (image, "webp", {"format": "WEBP", "quality": WEBP_QUALITY, "method": 4}),
            (flat, "jpg", {"format": "JPEG", "quality": JPEG_QUALITY, "optimize": True, "progressive": True}),
        ):
            copy = source.resize(size, Image.Resampling.LANCZOS) if size != source.size else source
            out = io.BytesIO()
            copy.save(out, **options)
            name = public_name(key, target, ext)
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, out)
    upload.seek(0)
    return width, height, widths


def delete_copies(key: str, widths: list[int]) -> None:
    storage = public_storage()
    for width in widths:
        for ext in ("webp", "jpg"):
            storage.delete(public_name(key, width, ext))


def srcset(key: str, widths: list[int], ext: str) -> str:
    return ", ".join(f"/photos/{public_name(key, w, ext)} {w}w" for w in widths)


@dataclass(frozen=True)
class PhotoRef:
    """What showing a photo needs, kept in the search index for the cards (no query per card)."""

    key: str
    sizes: tuple[int, ...]
    width: int
    height: int
    alt: dict


def describe(photo, language: str | None = None) -> dict:
    """A photo as the API and the pages give it: its copies, size and alt text in ``language``."""
    from medhub.core.i18n import pick

    widths = list(photo.sizes)
    middle = widths[min(1, len(widths) - 1)]
    return {
        "alt": pick(photo.alt, language),
        "width": photo.width,
        "height": photo.height,
        "src": f"/photos/{public_name(photo.key, middle, 'jpg')}",
        "srcset_webp": srcset(photo.key, widths, "webp"),
        "srcset_jpeg": srcset(photo.key, widths, "jpg"),
    }
