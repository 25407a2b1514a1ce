from rest_framework import serializers

from medhub.notifications.models import Notification, Preference


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "language", "created_at", "read_at", "read"]

    def get_read(self, obj) -> bool:
        return obj.read_at is not None


class PreferenceSerializer(serializers.ModelSerializer):
    available_channels = serializers.SerializerMethodField()

    class Meta:
        model = Preference
        fields = [
            "email",
            "telegram",
            "telegram_chat_id",
            "whatsapp",
            "whatsapp_number",
            "line",
            "line_user_id",
            "available_channels",
        ]

    def get_available_channels(self, obj) -> list[str]:
        from medhub.notifications.channels import available

        return available()
