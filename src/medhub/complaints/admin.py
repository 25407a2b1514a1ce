"""Complaints in the admin: to read, not to change. Every change goes through the services (the
desk pages and the API), so the workflow, the audit and the notifications always hold."""

from django.contrib import admin

from medhub.complaints.models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["reference", "status", "category", "subject", "organization", "received_at", "acknowledge_due", "resolve_due"]
    list_filter = ["status", "category", "subject"]
    search_fields = ["reference", "kmedi_reference"]
    list_select_related = ["organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
