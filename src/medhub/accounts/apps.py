from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "medhub.accounts"
    label = "accounts"
