from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from medhub.accounts.models import ApiToken, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


class UserAddForm(AdminUserCreationForm):
    """The admin's add form asks for the email address (unique, whatever its case)."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("A user with this email address already exists."))
        return email


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    add_form = UserAddForm
    add_fieldsets = ((None, {"classes": ["wide"], "fields": ["username", "email", "usable_password", "password1", "password2"]}),)
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ["preferred_language"]}))
    list_display = ["username", "email", "is_staff", "preferred_language"]
    # Other admins pick a user by typing a name or an address (autocomplete_fields).
    search_fields = ["username", "email", "first_name", "last_name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "organization__slug"]
    autocomplete_fields = ["user", "organization"]


# TOTP secrets and recovery-code seeds never appear in the admin: allauth's own page shows the
# stored data, so it is replaced by one that lists which authenticators a user has and lets the
# administrator remove one (a lost phone) — nothing more.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens by name and first characters; the digest is never shown. Revoke by setting 'revoked'."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "user__email"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
