"""The admin shows applications for the record only: the screening happens on the workspace
pages (and the API), whose services keep the status table and the audit log. Criteria are
saved through their service, so each change is audited."""

from django.contrib import admin

from medhub.partners import services
from medhub.partners.models import Application, Criterion


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "kind", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "name_ko", "contact_email", "registration_number"]
    readonly_fields = [field.name for field in Application._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "weight", "max_score", "active", "position"]
    list_editable = []

    def save_model(self, request, obj, form, change):
        services.criterion_save(criterion=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False
