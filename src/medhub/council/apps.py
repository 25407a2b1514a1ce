from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "medhub.council"
    verbose_name = _("The council")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from medhub.council import audit  # noqa: F401 - registers the audit actions
        from medhub.council.menu import remember_on_login

        user_logged_in.connect(remember_on_login, dispatch_uid="council-menu")
