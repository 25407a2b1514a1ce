from django.urls import path

from medhub.notifications import views

urlpatterns = [
    path("account/notifications/", views.notification_list, name="notifications"),
    path("account/notifications/<int:notification_id>/read/", views.notification_read, name="notification-read"),
    path("account/notifications/read-all/", views.notification_read_all, name="notifications-read-all"),
    path("account/notifications/settings/", views.notification_settings, name="notification-settings"),
]
