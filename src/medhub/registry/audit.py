"""The registry's audit actions (medhub.core.audit). Entries themselves are not audited one by
one (an import writes tens of thousands); each applied import is one row with its counts, and
each organization held or released is a row of its own."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "registry.import.uploaded": _("Registry file uploaded"),
        "registry.import.queued": _("Registry import applied (queued)"),
        "registry.import.applied": _("Registry import applied"),
        "registry.import.failed": _("Registry import failed"),
        "registry.organization.held": _("Held out of search by the registry"),
        "registry.organization.released": _("Registry hold cleared"),
    }
)
