from django.urls import path

from medhub.notifications import api

urlpatterns = [
    path("notifications/", api.MyNotifications.as_view(), name="api-notifications"),
    path("notifications/read-all/", api.NotificationsReadAll.as_view(), name="api-notifications-read-all"),
    path("notifications/<int:notification_id>/read/", api.NotificationRead.as_view(), name="api-notification-read"),
    path("me/notification-settings/", api.MyNotificationSettings.as_view(), name="api-notification-settings"),
]
