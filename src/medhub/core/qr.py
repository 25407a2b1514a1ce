"""QR codes for printed documents: a link a phone's camera opens (the itinerary's map links).

The `qrcode` package (pure Python; already installed with django-allauth's MFA) draws the
code; Pillow writes it as a PNG that is embedded in the document as a data URI, so the PDF
needs nothing from outside."""

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

# One module is BOX pixels; the quiet zone is BORDER modules (the standard asks for four).
BOX = 8
BORDER = 4


def qr_matrix(text: str) -> list[list[bool]]:
    """The code's modules (True is dark), without the quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def qr_png(text: str) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=BOX, border=BORDER)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


def qr_data_uri(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode("ascii")
