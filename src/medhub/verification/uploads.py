"""The check a renewed certificate passes before it is kept: the one content check of
medhub.core.uploads, worded for a certificate the hub reads."""

from django.utils.translation import gettext_lazy as _

from medhub.core.uploads import READ_BY_THE_HUB, check_upload

NOT_A_CERTIFICATE_FILE = _("“%(name)s” is not a PDF, JPEG or PNG file. Send the certificate as one of those.")


def check_certificate(upload) -> tuple[object, str, str]:
    """(file, content type, SHA-256) of an acceptable certificate; a translated error naming the file otherwise."""
    return check_upload(upload, read_by=READ_BY_THE_HUB, not_accepted=NOT_A_CERTIFICATE_FILE)
