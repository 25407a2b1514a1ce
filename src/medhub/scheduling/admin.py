"""Schedules in the admin, to look up: slots are published, deleted and cancelled by their
institution (the overlap rule, the patient told) and booked by the case, never here."""

from django.contrib import admin

from medhub.scheduling.models import Appointment, ConsultNote, Slot


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    list_display = ["institution", "starts_at", "ends_at", "kind", "cancelled_at"]
    list_filter = ["kind"]
    search_fields = ["institution__slug", "institution__search_text"]
    date_hierarchy = "starts_at"
    list_select_related = ["institution"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "slot", "booked_by", "created_at"]
    search_fields = ["case__reference"]
    list_select_related = ["case", "slot__institution", "booked_by"]


@admin.register(ConsultNote)
class ConsultNoteAdmin(ReadOnlyAdmin):
    """Which appointments have a note, in which language, by whom and when: the text is health
    data read on the case's pages, where each reading is logged, and is not shown here."""

    list_display = ["appointment", "language", "author", "created_at", "edited_at"]
    fields = ["appointment", "language", "author", "created_at", "edited_at"]
    search_fields = ["appointment__case__reference"]
    list_select_related = ["appointment__case", "appointment__slot__institution", "author"]
