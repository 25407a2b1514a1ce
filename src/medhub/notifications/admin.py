"""The notifications tables in the admin, in the staff member's language: notifications and
deliveries are read-only (services write them, the outbox moves them); a person's channel choice
shows their messenger addresses masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from medhub.notifications.models import Delivery, Notification, Preference


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def mask(value: str) -> str:
    """The end of an address, enough to recognise it: ``••••4567``, ``p•••@example.com``."""
    value = value or ""
    if not value:
        return "—"
    if "@" in value:
        name, _at, domain = value.partition("@")
        return f"{name[:1]}•••@{domain}"
    return "••••" + value[-4:] if len(value) > 4 else "••••"


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ("channel", "masked_address", "status", "attempts", "sent_at", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("address"))
    def masked_address(self, obj):
        return mask(obj.address)

    @admin.display(description=_("status"))
    def status(self, obj):
        return obj.status


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    search_fields = ("recipient__email", "kind", "title")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "channel", "masked_address", "what", "status", "attempts", "sent_at")
    list_filter = ("channel", ("sent_at", admin.EmptyFieldListFilter))
    list_select_related = ("notification",)
    exclude = ("address",)

    def get_readonly_fields(self, request, obj=None):
        return [*(f for f in super().get_readonly_fields(request, obj) if f != "address"), "masked_address", "status"]

    @admin.display(description=_("address"))
    def masked_address(self, obj):
        return mask(obj.address)

    @admin.display(description=_("message"))
    def what(self, obj):
        return obj.notification.kind if obj.notification_id else obj.key

    @admin.display(description=_("status"))
    def status(self, obj):
        return obj.status


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    """People choose their channels themselves (audited); the admin shows the choice."""

    list_display = ("user", "email", "telegram", "telegram_address", "whatsapp", "whatsapp_address", "line", "line_address")
    list_filter = ("email", "telegram", "whatsapp", "line")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    exclude = ("telegram_chat_id", "whatsapp_number", "line_user_id")

    def get_readonly_fields(self, request, obj=None):
        hidden = set(self.exclude)
        shown = [f for f in super().get_readonly_fields(request, obj) if f not in hidden]
        return [*shown, "telegram_address", "whatsapp_address", "line_address"]

    @admin.display(description=_("Telegram chat ID"))
    def telegram_address(self, obj):
        return mask(obj.telegram_chat_id)

    @admin.display(description=_("WhatsApp number"))
    def whatsapp_address(self, obj):
        return mask(obj.whatsapp_number)

    @admin.display(description=_("LINE user ID"))
    def line_address(self, obj):
        return mask(obj.line_user_id)
