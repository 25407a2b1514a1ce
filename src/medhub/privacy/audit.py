"""The privacy app's audit actions (medhub.core.audit): a patient's deletion request and its
decision are on each of their cases' timelines."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "privacy.deletion.requested": _("Patient asked for deletion of their data"),
        "privacy.deletion.decided": _("Deletion of the patient's data decided"),
    },
    timeline=True,
)
register({"privacy.data.erased": _("Personal data erased")})
