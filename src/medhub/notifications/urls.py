from django.urls import path

from medhub.notifications import views

urlpatterns = [
    path("account/notifications/", views.notification_list, name="notifications"),
    path("account/notifications/<int:notification_id>/read/", views.notification_read, name="notification-read"),
    path("account/notifications/read-all/", views.notification_read_all, name="notifications-read-all"),
    path("account/notifications/settings/", views.notification_settings, name="notification-settings"),
    path(
        "account/notifications/connect/telegram/",
        views.messenger_connect,
        {"channel": "telegram"},
        name="notification-connect-telegram",
    ),
    path("account/notifications/connect/line/", views.messenger_connect, {"channel": "line"}, name="notification-connect-line"),
]
