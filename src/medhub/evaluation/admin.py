"""The evaluation in the admin: to read, not to change. Every change goes through the services
(the pages and the API), so the workflow, the recomputation and the audit always hold."""

from django.contrib import admin

from medhub.evaluation.models import Award, Round


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ["year", "status", "computed_at", "published_at"]
    list_filter = ["status"]


@admin.register(Award)
class AwardAdmin(ReadOnly):
    list_display = ["round", "category", "winner", "created_at"]
    list_filter = ["category"]
    list_select_related = ["round", "winner"]
