from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import LANGUAGE_CODES, languages_from_db, languages_to_db
from medhub.core.phones import to_e164
from medhub.interpreting import services
from medhub.interpreting.forms import ProgramForm
from medhub.interpreting.models import (
    Availability,
    Certification,
    Interpreter,
    InterpreterBooking,
    SubsidyClaim,
    SubsidyProgram,
)


class InterpreterForm(forms.ModelForm):
    """Edits the stored ``,en,ru,`` language list as check boxes."""

    languages = forms.MultipleChoiceField(
        label=_("Languages served"), choices=[(c, c) for c in LANGUAGE_CODES], required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Interpreter
        fields = ["user", "display_name", "phone", "languages", "is_active", "hourly_rate_krw"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = languages_from_db(self.instance.languages)

    def clean_languages(self):
        return languages_to_db(self.cleaned_data["languages"])

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        return to_e164(phone) if phone else ""  # the error shows at the field


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    form = InterpreterForm
    inlines = [CertificationInline, AvailabilityInline]
    list_display = ["display_name", "user", "languages", "is_active", "hourly_rate_krw"]
    list_filter = ["is_active"]
    search_fields = ["display_name", "user__email", "phone"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        services.interpreter_save(interpreter=obj, actor=request.user)


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["interpreter", "kind", "language", "number", "year"]
    list_filter = ["kind", "language"]
    search_fields = ["number", "interpreter__display_name"]
    autocomplete_fields = ["interpreter"]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["interpreter", "starts_at", "ends_at"]
    autocomplete_fields = ["interpreter"]
    date_hierarchy = "starts_at"


@admin.register(InterpreterBooking)
class InterpreterBookingAdmin(admin.ModelAdmin):
    """Bookings are made and answered on the workspace pages (which check overlaps); the admin
    shows them."""

    list_display = ["interpreter", "appointment", "purpose", "language", "starts_at", "ends_at", "status", "hours_logged"]
    list_filter = ["status", "purpose", "language"]
    search_fields = ["interpreter__display_name", "appointment__case__reference"]
    readonly_fields = [f.name for f in InterpreterBooking._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SubsidyProgram)
class SubsidyProgramAdmin(admin.ModelAdmin):
    form = ProgramForm  # the subsidy page's form: the same checks in both places
    list_display = ["year", "name", "total_budget_krw", "remaining_krw", "cap_per_case_krw", "cap_per_hour_krw"]
    readonly_fields = ["remaining_krw"]

    def save_model(self, request, obj, form, change):
        # What remains is recomputed from the approved claims under the program's lock.
        services.program_save(program=obj, actor=request.user, institutions=form.cleaned_data.get("institutions"))


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(admin.ModelAdmin):
    """Claims are decided on the subsidy page (which locks the budget); the admin shows them."""

    list_display = ["program", "case", "booking", "hours", "amount_krw", "status", "decided_by", "decided_at"]
    list_filter = ["status", "program"]
    search_fields = ["case__reference"]
    readonly_fields = [f.name for f in SubsidyClaim._meta.fields]

    def has_add_permission(self, request):
        return False
