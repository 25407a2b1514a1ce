from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from medhub.cases.models import CaseAccess, DeletionRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records kept as they were written: nobody adds, changes or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseAccess)
class CaseAccessAdmin(ReadOnlyAdmin):
    """The access log, for the hub's administrators and auditors."""

    list_display = ["at", "user", "case", "what", "object_id", "door", "page"]
    list_filter = ["what", "door"]
    search_fields = ["case__reference", "user__username", "user__email"]
    date_hierarchy = "at"
    list_select_related = ["user", "case"]


@admin.register(DeletionRequest)
class DeletionRequestAdmin(ReadOnlyAdmin):
    """Patients' deletion requests and the decisions; decided on the staff page."""

    list_display = ["id", "requested_at", "status", "decided_at", "decided_by", "decide"]
    list_filter = ["status"]
    list_select_related = ["decided_by"]

    @admin.display(description=_("decide"))
    def decide(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("deletion-request", kwargs={"request_id": obj.id}), _("open"))
