"""The hub's own copy of the national registry of institutions and facilitators, and the imports
that keep it current (see docs/registry.md and docs/decisions/0020-registry-import.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.directory.models import Organization


class RegistryEntry(models.Model):
    """One registered body as the registry file lists it. The file has no registration number:
    a row is this entry when kind, normalized name and normalized road address match, which
    ``identity`` (a digest of the three) holds in one unique column."""

    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("Medical institution")
        FACILITATOR = "facilitator", _("Facilitator")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")
        REVOKED = "revoked", _("Revoked")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    institution_class = models.CharField(
        _("institution class"), max_length=20, choices=Organization.InstitutionClass.choices, blank=True
    )
    business_type = models.CharField(_("type (업종명)"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200)
    normalized_name = models.CharField(max_length=200, editable=False)
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    province = models.CharField(_("province or city (시도)"), max_length=40, blank=True)
    district = models.CharField(_("district (시군구)"), max_length=60, blank=True)
    address = models.CharField(_("road address (주소)"), max_length=300)
    normalized_address = models.CharField(max_length=300, editable=False)
    address_detail = models.CharField(_("address detail (상세주소)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    identity = models.CharField(max_length=64, unique=True, editable=False, help_text="Digest of kind, name and address.")
    fingerprint = models.CharField(max_length=40, editable=False, default="", help_text="Digest of the stored values.")
    matched_organization = models.ForeignKey(
        Organization,
        verbose_name=_("directory organization"),
        on_delete=models.SET_NULL,
        related_name="registry_entries",
        null=True,
        blank=True,
    )
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")
        ordering = ["normalized_name", "id"]
        indexes = [
            models.Index(fields=["province", "district", "status"], name="registry_region"),
            models.Index(fields=["kind", "normalized_name"], name="registry_kind_name"),
        ]

    def __str__(self) -> str:
        return self.name


def import_file_path(instance: "ImportJob", filename: str) -> str:
    """Uploaded registry files are kept privately (the default storage), under a random name."""
    import secrets

    extension = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"registry/imports/{secrets.token_hex(12)}{extension}"


class ImportJob(models.Model):
    """One uploaded registry file: previewed, then applied in the background (services.py)."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Preview being prepared")
        PREVIEWED = "previewed", _("Previewed, not applied")
        QUEUED = "queued", _("Waiting to be applied")
        APPLYING = "applying", _("Being applied")
        DONE = "done", _("Applied")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to=import_file_path, editable=False)
    file_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.UPLOADED, db_index=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    institutions = models.PositiveIntegerField(_("institutions"), default=0)
    facilitators = models.PositiveIntegerField(_("facilitators"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicate rows"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True, help_text="[{row, code, value}], the first 1,000.")
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("to do"), default=0)
    failure = models.TextField(_("why it failed"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.UPLOADED, self.State.QUEUED, self.State.APPLYING)
