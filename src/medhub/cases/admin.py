from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from medhub.cases.models import Case, CaseAccess, CaseFollow, DeletionRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records kept as they were written: nobody adds, changes or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Cases, to look up and read: a case changes only through its services (the staff pages
    and the API), which check the workflow and write the audit log, so nothing here saves."""

    list_display = ["reference", "state", "nationality", "preferred_language", "specialty", "owner", "created_at", "work_page"]
    list_filter = ["state", "preferred_language", "specialty"]
    search_fields = ["reference", "full_name", "contact_email"]
    date_hierarchy = "created_at"
    list_select_related = ["specialty", "owner"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Case._meta.fields]

    @admin.display(description=_("staff page"))
    def work_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("work-case", kwargs={"reference": obj.reference}), _("open"))


@admin.register(CaseFollow)
class CaseFollowAdmin(ReadOnlyAdmin):
    """Who follows which case on the board (they follow and stop on the board)."""

    list_display = ["case", "user", "created_at"]
    search_fields = ["case__reference", "user__username", "user__email"]
    list_select_related = ["case", "user"]


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
