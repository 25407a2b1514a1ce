from django.contrib import admin

from medhub.cases.models import CaseAccess


@admin.register(CaseAccess)
class CaseAccessAdmin(admin.ModelAdmin):
    """The access log: read-only, for the hub's administrators and auditors."""

    list_display = ["at", "user", "case", "what", "object_id", "door", "page"]
    list_filter = ["what", "door"]
    search_fields = ["case__reference", "user__username", "user__email"]
    date_hierarchy = "at"
    list_select_related = ["user", "case"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
