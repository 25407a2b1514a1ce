"""The messengers' webhooks: outside the language prefix, called by Telegram's and LINE's servers."""

from django.urls import path

from medhub.notifications import hooks

urlpatterns = [
    path("telegram/", hooks.telegram, name="hook-telegram"),
    path("line/", hooks.line, name="hook-line"),
]
