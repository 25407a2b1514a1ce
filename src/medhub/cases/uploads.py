"""The check of the files patients send (with an inquiry, in a case's thread): the one content
check of medhub.core.uploads, worded for documents the hospital reads (its default). Complaints
and the council check their documents through here too."""

from medhub.core.uploads import check_upload, check_uploads

__all__ = ["check_upload", "check_uploads"]
