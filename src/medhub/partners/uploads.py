"""The check of an applicant's certificates and of the files sent with an answer: the one content
check of medhub.core.uploads (type judged by the bytes, agreeing with the name; no markup; a PDF
that opens without a password; an image that decodes within the pixel limit), worded for files
the hub reads."""

from medhub.core.uploads import READ_BY_THE_HUB, check_upload, check_uploads


def check_document(upload) -> tuple[object, str, str]:
    """(file, content type, SHA-256) for one file; a translated error naming the file otherwise."""
    return check_upload(upload, read_by=READ_BY_THE_HUB)


def check_documents(files) -> list[tuple[object, str, str]]:
    """check_document for each file, no more of them than MEDHUB_UPLOAD_MAX_FILES."""
    return check_uploads(files, read_by=READ_BY_THE_HUB)
