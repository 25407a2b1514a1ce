from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "medhub.accounts"
    label = "accounts"

    def ready(self):
        from medhub.accounts import signals  # noqa: F401  (connects the receivers)
