"""Checks any uploaded file needs, whatever it is for: the markup a browser would run or render
as a page, found anywhere in the file (with its SHA-256, in one pass), strict image decoding and
what a hostile file can make a parser raise. Every uploaded document (core/uploads.py) and the
directory's photos (directory/photos.py) are checked with them."""

import hashlib
import re
import struct
import threading
import warnings
import zlib
from contextlib import contextmanager

from PIL import Image, ImageFile
from pypdf.errors import PyPdfError

# Markup a browser sniffs as a page or an image it renders (a tag name, then what ends it).
# Short names (<a>, <p>) are left out: they occur by chance in compressed data.
MARKUP = re.compile(
    rb"<(?:!doctype|\?xml|\?xml-stylesheet|html|head|body|script|iframe|frame|frameset|svg|style|title|object"
    rb"|embed|img|meta|link|base|form|math|xsl:stylesheet)[\s/>:]",
    re.IGNORECASE,
)
MARKUP_OVERLAP = 32  # longer than any pattern, so markup split between two chunks is still found

# What a damaged or hostile file can make a parser raise. Parsers meeting bytes crafted against
# them fail in many ways; each of these means "not a file we can accept".
PARSE_ERRORS = (
    PyPdfError,
    OSError,  # includes PIL.UnidentifiedImageError and "image file is truncated"
    SyntaxError,  # Pillow's "not a PNG file" and broken chunks
    EOFError,
    ValueError,  # includes UnicodeDecodeError
    TypeError,
    LookupError,  # KeyError, IndexError
    ArithmeticError,  # a division by a zero or an overflow read from the file
    AttributeError,
    AssertionError,
    RuntimeError,  # includes RecursionError (a PDF page tree that loops) and NotImplementedError (a filter name garbled)
    struct.error,
    zlib.error,
)

# Pillow reads LOAD_TRUNCATED_IMAGES, a setting of the whole process, on every decode, and
# WeasyPrint turns it on when imported; a check must see every damaged image, so decoding for a
# check turns it off for as long as it runs, one check at a time.
STRICT_DECODING = threading.Lock()


@contextmanager
def strict_decoding():
    with STRICT_DECODING:
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def digest_and_markup(upload) -> tuple[str, bool]:
    """SHA-256 of the content, and whether markup occurs anywhere in it, in one pass."""
    digest = hashlib.sha256()
    tail = b""
    found = False
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        window = tail + chunk
        if not found and MARKUP.search(window):
            found = True
        tail = window[-MARKUP_OVERLAP:]
    upload.seek(0)
    return digest.hexdigest(), found
