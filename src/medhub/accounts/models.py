"""People and what they may do: users belong to organizations with a role."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    COORDINATOR = "coordinator", _("Hub coordinator")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")
    FACILITATOR_STAFF = "facilitator_staff", _("Facilitator staff")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    INTERPRETER = "interpreter", _("Interpreter")
    HUB_ADMIN = "hub_admin", _("Hub administrator")


# Roles whose work happens inside an organization listed in the directory.
ORGANIZATION_ROLES = {Role.PROVIDER_STAFF, Role.FACILITATOR_STAFF, Role.PARTNER_STAFF}


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en")

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(models.Model):
    """A user's role, inside an organization for provider, facilitator and partner staff."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
