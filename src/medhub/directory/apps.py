from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "medhub.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from medhub.directory import audit  # noqa: F401  (registers the app's audit actions)
