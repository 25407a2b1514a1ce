from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "medhub.accounts"
    label = "accounts"
    verbose_name = _("People and sign-in")

    def ready(self):
        from medhub.accounts import signals  # noqa: F401  (connects the receivers)
