"""The administrator keeps divisions and committees here (rename, reorder, retire, add)."""

from django.contrib import admin

from medhub.council.models import Committee, Division


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__", "order", "active")
    list_editable = ("order", "active")


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__", "kind", "division", "order")
    list_filter = ("kind",)
