from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The patient's rights over their data (a copy of all of it, deletion), across every app.

    It sits above the feature apps (cases, scheduling, interpreting, travel): it reads and erases
    what each holds about a patient, so no feature app has to import another for it. Its records
    (DeletionRequest, the access log) are the cases app's models."""

    name = "medhub.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from medhub.privacy import audit  # noqa: F401  (registers the app's audit actions)
