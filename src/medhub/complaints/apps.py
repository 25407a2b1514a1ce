from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "medhub.complaints"
    verbose_name = _("Complaints")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from medhub.complaints import audit  # noqa: F401 - registers the audit actions
