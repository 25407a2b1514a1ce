from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from medhub.core.models import ExchangeRate, HubSettings, LogEntry
from medhub.core.selectors import clear_caches


def _hub_name() -> str:
    """The hub's name in the reader's language, read at each page (the settings may change)."""
    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings

    return pick(hub_settings().name) or "medhub"


def _admin_title() -> str:
    return gettext("%(hub)s administration") % {"hub": _hub_name()}


# The admin carries the hub's name: lazy texts, worked out again on every page in the
# reader's language (never Django's "Django administration").
admin.site.site_header = lazy(_admin_title, str)()
admin.site.site_title = lazy(_admin_title, str)()
admin.site.index_title = _("What the hub keeps")


class HubSettingsForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Supported languages"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    default_language = forms.ChoiceField(label=_("Default language"), choices=settings.LANGUAGES)

    class Meta:
        model = HubSettings
        fields = [
            "name",
            "region",
            "tagline",
            "default_currency",
            "languages",
            "default_language",
            "contact_email",
            "contact_phone",
            "emergency_phone",
            "address",
            "feedback_publishing",
        ]


@admin.register(HubSettings)
class HubSettingsAdmin(admin.ModelAdmin):
    form = HubSettingsForm
    list_display = ["__str__", "default_currency", "default_language", "updated_at"]

    def has_add_permission(self, request):
        return not HubSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        clear_caches()


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "krw_per_unit", "as_of", "source"]
    list_filter = ["currency"]
    date_hierarchy = "as_of"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        clear_caches()


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The audit log, read only: entries are written by the services, never by hand."""

    list_display = ["created_at", "action", "label", "actor", "case_id", "content_type", "object_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "actor__email", "=case_id", "=object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
