"""Phone numbers checked and stored in E.164 (+821012345678) with Google's libphonenumber
metadata (the `phonenumbers` package; docs/decisions/0008-phonenumbers.md)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A number written without a country code is read as a Korean one: the hub's drivers,
# interpreters and partners are in Korea.
DEFAULT_REGION = "KR"


def to_e164(raw: str, *, region: str = DEFAULT_REGION, field: str | None = None) -> str:
    """The number in E.164, or a ValidationError (on ``field`` when given) saying what to type."""
    message = _("Enter a phone number that can be called, for example 010-1234-5678 or +82 10 1234 5678.")
    try:
        number = phonenumbers.parse((raw or "").strip(), region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError({field: message} if field else message)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
