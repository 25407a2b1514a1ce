from django.contrib import admin

from medhub.feedback.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read only: feedback is given, answered, hidden and restored through the services (the
    workspace page and the API), which check the rules and write the audit log."""

    list_display = ["case", "institution", "created_at", "price_honesty", "paid_more", "answered_at", "hidden_at"]
    list_filter = ["hidden_reason", "paid_more"]
    list_select_related = ["case", "institution"]
    search_fields = ["case__reference", "institution__slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
