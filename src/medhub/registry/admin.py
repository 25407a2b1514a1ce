from django.contrib import admin

from medhub.registry.models import ImportJob, RegistryEntry


@admin.register(RegistryEntry)
class RegistryEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "institution_class", "status", "province", "district", "matched_organization", "changed_at"]
    list_filter = ["kind", "status", "institution_class"]
    search_fields = ["normalized_name", "normalized_address"]
    raw_id_fields = ["matched_organization"]
    readonly_fields = [
        "identity",
        "fingerprint",
        "normalized_name",
        "normalized_address",
        "first_seen",
        "last_seen",
        "changed_at",
    ]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "created_at", "created_by", "state", "rows", "created", "updated", "unchanged", "error_count"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False
