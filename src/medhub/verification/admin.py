from django.contrib import admin

from medhub.verification.models import Reminder, Renewal


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: the watch writes these, and they are what keeps a reminder from going twice."""

    list_display = ("organization", "item_key", "threshold", "expires_on", "recipients", "sent_at")
    list_filter = ("threshold", "item_key")
    readonly_fields = [field.name for field in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Renewal)
class RenewalAdmin(admin.ModelAdmin):
    """Read-only: renewals are decided on the queue page (/work/verification/renewals/), which
    moves the organization's dates and tells the sender."""

    list_display = ("organization", "item", "state", "expires_on", "submitted_at", "decided_at")
    list_filter = ("state", "item")
    readonly_fields = [field.name for field in Renewal._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
