from django.contrib import admin

from medhub.outbox.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: rows are written by services and moved by the delivery."""

    list_display = ("id", "task", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "task")
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
