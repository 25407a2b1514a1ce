from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "medhub.verification"
    verbose_name = _("Verification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from medhub.verification import audit  # noqa: F401  (registers the app's audit actions)
