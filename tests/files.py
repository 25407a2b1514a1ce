"""Real, tiny files for tests that upload documents, made once per run with pypdf and Pillow.

The upload check parses what it receives, so a test's "valid PDF" must be one."""

import functools
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


@functools.cache
def pdf_bytes() -> bytes:
    """A one-page A4 PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@functools.cache
def encrypted_pdf_bytes(*, user_password: str) -> bytes:
    """A one-page PDF under pypdf's AES encryption, with an owner password that restricts
    printing and editing; with an empty user password, anyone can open it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128", permissions_flag=0)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_bytes(image_format: str, size=(32, 24)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 90))
    out = io.BytesIO()
    image.save(out, format=image_format)
    return out.getvalue()


@functools.cache
def jpeg_bytes() -> bytes:
    return _image_bytes("JPEG")


@functools.cache
def png_bytes() -> bytes:
    return _image_bytes("PNG")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height pixels, with a few bytes of image data: the
    shape of a decompression bomb, without anyone allocating it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "report.pdf") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(), "application/pdf")


def jpeg_upload(name: str = "photo.jpg") -> SimpleUploadedFile:
    return upload(name, jpeg_bytes(), "image/jpeg")


def png_upload(name: str = "scan.png") -> SimpleUploadedFile:
    return upload(name, png_bytes(), "image/png")
