from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import pick
from medhub.travel.models import (
    ChecklistItem,
    EntryRestriction,
    Pickup,
    Room,
    SensitiveAccess,
    Stay,
    Traveller,
    Trip,
    VisaApplication,
)


@admin.register(EntryRestriction)
class EntryRestrictionAdmin(admin.ModelAdmin):
    list_display = ["nationality", "max_entries", "note"]
    search_fields = ["nationality", "note"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["document", "visa_type", "nationality", "applies_to", "position"]
    list_filter = ["visa_type", "applies_to"]
    list_editable = ["position"]

    @admin.display(description=_("document"))
    def document(self, obj):
        return pick(obj.label)


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["case", "arrival_date", "departure_date", "treatment"]
    autocomplete_fields = ["case"]
    readonly_fields = ["updated_by"]


@admin.register(VisaApplication)
class VisaApplicationAdmin(admin.ModelAdmin):
    list_display = ["case", "visa_type", "entries", "status", "submitted_on", "decided_on"]
    list_filter = ["visa_type", "status"]
    autocomplete_fields = ["case"]
    readonly_fields = ["status", "updated_by"]  # moved on the travel page, by its workflow (decision 0010)


@admin.register(Traveller)
class TravellerAdmin(admin.ModelAdmin):
    """Identifiers stay masked here: they are read in clear only on the case's travel page,
    where each reading is logged."""

    list_display = ["name_latin", "case", "role", "nationality", "passport_masked"]
    fields = ["case", "role", "relationship", "name_native", "name_latin", "nationality", "passport_masked"]
    readonly_fields = ["case", "passport_masked"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("passport number"))
    def passport_masked(self, obj):
        return obj.passport_masked


@admin.register(SensitiveAccess)
class SensitiveAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "case", "purpose", "travellers"]
    list_filter = ["purpose"]
    search_fields = ["case__reference", "user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["__str__", "capacity", "rooms_available", "rack_rate_krw", "medical_rate_krw", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["hotel__slug", "hotel__search_text"]
    autocomplete_fields = ["hotel"]


@admin.register(Stay)
class StayAdmin(admin.ModelAdmin):
    list_display = ["case", "room", "check_in", "check_out", "status"]
    list_filter = ["status"]
    autocomplete_fields = ["case", "room"]
    readonly_fields = ["status"]  # moved by the hotel and the hub, by its workflow (decision 0010)


@admin.register(Pickup)
class PickupAdmin(admin.ModelAdmin):
    list_display = ["case", "company", "direction", "flight", "pickup_at", "status"]
    list_filter = ["status", "direction"]
    autocomplete_fields = ["case", "company"]
    readonly_fields = ["status"]  # moved by the transport company and the hub, by its workflow
