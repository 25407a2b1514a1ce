"""API v1 for the caller's own notifications and notification settings (session or token;
TOTP for staff). Nothing here takes a user id: each answer is the caller's own."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from medhub.accounts.authentication import StaffHaveMFA
from medhub.core.api import Pagination
from medhub.notifications import rules, selectors, services
from medhub.notifications.serializers import NotificationSerializer, PreferenceSerializer


class NotificationPagination(Pagination):
    """The usual page, with the caller's unread count beside it."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread"] = selectors.unread_count(self.request.user)
        return response

    def get_paginated_response_schema(self, schema):
        page = super().get_paginated_response_schema(schema)
        page["properties"]["unread"] = {"type": "integer", "example": 2}
        page.setdefault("required", []).append("unread")
        return page


class MyNotifications(generics.ListAPIView):
    """The caller's notifications, newest first, with the unread count."""

    permission_classes = [StaffHaveMFA]
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self):
        return selectors.notifications_of(self.request.user)


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
