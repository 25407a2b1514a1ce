"""API v1 for the caller's own notifications and notification settings (session or token;
TOTP for staff). Nothing here takes a user id: each answer is the caller's own."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts.authentication import StaffHaveMFA
from medhub.notifications import rules, selectors, services
from medhub.notifications.serializers import NotificationSerializer, PreferenceSerializer


class MyNotifications(generics.ListAPIView):
    """The caller's notifications, newest first, with the unread count."""

    permission_classes = [StaffHaveMFA]
    serializer_class = NotificationSerializer

    def get_queryset(self):
        return selectors.notifications_of(self.request.user)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response.data["unread"] = selectors.unread_count(request.user)
        return response


class NotificationRead(APIView):
    """Marks one of the caller's notifications read."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, notification_id: int):
        if not services.mark_read(user=request.user, notification_id=notification_id):
            raise exceptions.NotFound
        return Response(NotificationSerializer(selectors.notifications_of(request.user).get(pk=notification_id)).data)


class NotificationsReadAll(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}})
    def post(self, request):
        return Response({"marked": services.mark_all_read(user=request.user), "unread": 0})


class MyNotificationSettings(APIView):
    """The caller's channels and messenger addresses; only channels the hub configured can be on."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=PreferenceSerializer)
    def get(self, request):
        preference = services.preference_of(request.user)
        return Response(PreferenceSerializer(preference).data)

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def put(self, request):
        preference = services.preference_of(request.user)
        payload = PreferenceSerializer(preference, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        try:
            current = {
                field: getattr(preference, field) for field in PreferenceSerializer.Meta.fields if field != "available_channels"
            }
            data = rules.clean_choices({**current, **payload.validated_data})
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from exc
        saved = services.preferences_save(user=request.user, data=data)
        return Response(PreferenceSerializer(saved).data)

    patch = put
