from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import LANGUAGE_CODES, languages_from_db, languages_to_db, pick
from medhub.directory import services
from medhub.directory.models import (
    Accreditation,
    District,
    Offering,
    OfferingPriceChange,
    Organization,
    Photo,
    Practitioner,
    Specialty,
)
from medhub.directory.photos import check_photo, public_name


class LanguagesFormMixin(forms.ModelForm):
    """Edits the stored ``,en,ru,`` language list as check boxes."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=[(c, c) for c in LANGUAGE_CODES], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = languages_from_db(self.instance.languages)

    def clean_languages(self):
        return languages_to_db(self.cleaned_data["languages"])


class OrganizationForm(LanguagesFormMixin):
    class Meta:
        model = Organization
        fields = [
            "kind",
            "slug",
            "name",
            "description",
            "offer",
            "institution_class",
            "registration_number",
            "registration_date",
            "registration_expires",
            "insurance_cover_krw",
            "insurance_expires",
            "specialties",
            "languages",
            "address",
            "district",
            "lat",
            "lng",
            "phone",
            "email",
            "website",
            "is_published",
        ]


class PractitionerForm(LanguagesFormMixin):
    class Meta:
        model = Practitioner
        fields = ["organization", "name", "title", "specialty", "languages", "is_published"]


class ChangesDirectory:
    """Admin changes that affect search tell the app processes to rebuild their indexes."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.directory_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.directory_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.directory_changed()


class PhotoForm(forms.ModelForm):
    """A photo in the admin: a file to add one (checked by content), its alt text per language."""

    upload = forms.FileField(
        label=_("Photo file"),
        required=False,
        help_text=_("JPEG, PNG or WebP. Resized copies are made for phones and large screens."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = ["alt", "position"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            if self.instance.pk:
                raise forms.ValidationError(_("A saved photo cannot be replaced: delete it and add a new one."))
            self.checked = check_photo(upload)
        elif not self.instance.pk:
            raise forms.ValidationError(_("Choose a photo file."))
        return upload


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 0
    fields = ["preview", "upload", "alt", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk or not obj.sizes:
            return "—"
        return format_html(
            '<img src="/photos/{}" width="160" alt="{}" loading="lazy">', public_name(obj.key, obj.sizes[0], "jpg"), pick(obj.alt)
        )


class SavesPhotos:
    """Saves photo inlines through the directory services: new files are checked and resized
    (services.photo_add), deleted photos lose their files too (services.photo_remove)."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Photo:
            return super().save_formset(request, form, formset, change)
        for photo_form in formset.forms:
            if not photo_form.has_changed() and not photo_form.instance.pk:
                continue
            if formset.can_delete and formset._should_delete_form(photo_form):
                if photo_form.instance.pk:
                    services.photo_remove(photo=photo_form.instance, actor=request.user)
            elif photo_form.instance.pk:
                photo_form.save()
            elif getattr(photo_form, "checked", None):
                services.photo_add(
                    target=form.instance,
                    upload=photo_form.cleaned_data["upload"],
                    alt=photo_form.cleaned_data.get("alt") or {},
                    actor=request.user,
                    checked=photo_form.checked,
                )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        services.directory_changed()


class TranslatedNameMixin:
    @admin.display(description=_("name"))
    def display_name(self, obj):
        return pick(obj.name)


class AccreditationInline(admin.TabularInline):
    model = Accreditation
    extra = 0


class PractitionerInline(admin.StackedInline):
    model = Practitioner
    form = PractitionerForm
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(SavesPhotos, ChangesDirectory, TranslatedNameMixin, admin.ModelAdmin):
    form = OrganizationForm
    list_display = ["display_name", "kind", "institution_class", "district", "registration_expires", "is_published"]
    list_filter = ["kind", "institution_class", "district", "is_published", "specialties"]
    search_fields = ["slug", "search_text", "registration_number"]
    filter_horizontal = ["specialties"]
    inlines = [PhotoInline, AccreditationInline, PractitionerInline]
    list_select_related = ["district"]
    prepopulated_fields = {}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.organization_reindex(organization=form.instance)


class OfferingPriceChangeInline(admin.TabularInline):
    """The offering's price history, read only: rows are written by services.offering_save."""

    model = OfferingPriceChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "old_min_krw", "old_max_krw", "new_min_krw", "new_max_krw"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Offering)
class OfferingAdmin(SavesPhotos, ChangesDirectory, TranslatedNameMixin, admin.ModelAdmin):
    list_display = ["display_name", "organization", "kind", "specialty", "price_min_krw", "price_max_krw", "is_published"]
    list_filter = ["kind", "specialty", "is_published"]
    search_fields = ["slug"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "specialty"]
    inlines = [PhotoInline, OfferingPriceChangeInline]

    def save_model(self, request, obj, form, change):
        # Through the one door that keeps price changes (and tells search the directory changed).
        services.offering_save(offering=obj, actor=request.user)


@admin.register(Specialty)
class SpecialtyAdmin(TranslatedNameMixin, admin.ModelAdmin):
    list_display = ["code", "display_name", "position"]

    def save_model(self, request, obj, form, change):
        services.specialty_save(specialty=obj)


@admin.register(District)
class DistrictAdmin(ChangesDirectory, TranslatedNameMixin, admin.ModelAdmin):
    list_display = ["code", "display_name", "lat", "lng"]


@admin.register(Practitioner)
class PractitionerAdmin(SavesPhotos, ChangesDirectory, TranslatedNameMixin, admin.ModelAdmin):
    form = PractitionerForm
    inlines = [PhotoInline]
    list_display = ["display_name", "organization", "specialty"]
    list_filter = ["specialty"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "specialty"]
