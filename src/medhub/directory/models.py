"""The hub's directory: specialties, districts, organizations, practitioners, offerings."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import TranslatedField, TranslatedListField, languages_from_db, pick

REGISTRATION_YEARS = 3


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def registration_expiry(registered: datetime.date) -> datetime.date:
    """Last day of a registration made on ``registered``: it is renewed every three years."""
    return add_years(registered, REGISTRATION_YEARS) - datetime.timedelta(days=1)


def codes_to_db(codes) -> str:
    """Specialty codes stored as ``,dermatology,spine,`` so one LIKE finds a specialty."""
    clean = sorted(set(codes or []))
    return f",{','.join(clean)}," if clean else ""


def listed(prefix: str = "") -> models.Q:
    """Organizations the public sees and matching may propose: published and not held out by the
    registry (registration validity is checked where it applies: institutions)."""
    return models.Q(**{f"{prefix}is_published": True, f"{prefix}hold": ""})


class Specialty(models.Model):
    """A medical specialty with a stable code used in URLs, the API and statistics."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = TranslatedField(verbose_name=_("name"))
    synonyms = TranslatedListField(verbose_name=_("synonyms"))
    description = TranslatedField(verbose_name=_("description"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return pick(self.name) or self.code


class District(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = TranslatedField(verbose_name=_("name"))
    lat = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lng = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return pick(self.name) or self.code


class Organization(models.Model):
    """Anyone listed in the directory: institutions, facilitators and partner services."""

    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("Medical institution")
        FACILITATOR = "facilitator", _("Facilitator")
        HOTEL = "hotel", _("Hotel")
        RESTAURANT = "restaurant", _("Restaurant")
        SHOP = "shop", _("Shop")
        TRANSPORT = "transport", _("Transport")

    class InstitutionClass(models.TextChoices):
        CLINIC = "clinic", _("Clinic")
        HOSPITAL = "hospital", _("Hospital")
        GENERAL_HOSPITAL = "general-hospital", _("General hospital")
        TERTIARY_HOSPITAL = "tertiary-hospital", _("Tertiary hospital")

    class Hold(models.TextChoices):
        REGISTRY_SUSPENDED = "registry-suspended", _("Registration suspended")
        REGISTRY_CLOSED = "registry-closed", _("Closed (registry)")
        REGISTRY_REVOKED = "registry-revoked", _("Registration revoked")

    PARTNER_KINDS = (Kind.HOTEL, Kind.RESTAURANT, Kind.SHOP, Kind.TRANSPORT)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = TranslatedField(verbose_name=_("name"))
    description = TranslatedField(verbose_name=_("description"))
    offer = TranslatedField(
        verbose_name=_("offer for medical tourists"), help_text=_("Partner services: what patients and companions get.")
    )
    institution_class = models.CharField(_("institution class"), max_length=20, choices=InstitutionClass.choices, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    registration_expires = models.DateField(
        _("registration expires"), null=True, blank=True, help_text=_("Registration is renewed every three years.")
    )
    insurance_cover_krw = models.PositiveBigIntegerField(_("malpractice insurance cover (KRW)"), null=True, blank=True)
    insurance_expires = models.DateField(_("malpractice insurance expires"), null=True, blank=True)
    specialties = models.ManyToManyField(Specialty, verbose_name=_("specialties"), related_name="organizations", blank=True)
    languages = models.CharField(
        _("languages served"), max_length=120, blank=True, help_text=_("Stored as ,en,ru, — edit in the form.")
    )
    address = TranslatedField(verbose_name=_("address"))
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="organizations", null=True, blank=True
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lng = models.FloatField(_("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)])
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    hold = models.CharField(
        _("held out of search"),
        max_length=30,
        choices=Hold.choices,
        blank=True,
        default="",
        help_text=_("Set by the registry import: a body the registry no longer lists as active leaves search and matching."),
    )
    search_text = models.TextField(editable=False, default="", help_text="Folded names for free-text search.")
    specialty_codes = models.CharField(
        max_length=600, editable=False, default="", help_text="Specialty codes as ,dermatology,spine, for search."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["kind", "is_published", "district"], name="org_kind_pub_district"),
            # Covers filtering and ranking of public institutions without reading the wide rows
            # (index-only scans on PostgreSQL; SQLite ignores INCLUDE).
            models.Index(
                fields=["kind", "is_published", "registration_expires"],
                include=["id", "languages", "specialty_codes", "district", "institution_class"],
                name="org_public_rank_cover",
            ),
        ]

    def __str__(self) -> str:
        return pick(self.name) or self.slug

    @property
    def language_list(self) -> list[str]:
        return languages_from_db(self.languages)

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.INSTITUTION and not self.institution_class:
            errors["institution_class"] = _("A medical institution needs a class.")
        if self.kind != self.Kind.INSTITUTION and self.institution_class:
            errors["institution_class"] = _("Only medical institutions have a class.")
        if self.registration_date and self.registration_expires and self.registration_expires <= self.registration_date:
            errors["registration_expires"] = _("The expiry must come after the registration date.")
        if (self.lat is None) != (self.lng is None):
            errors["lng"] = _("Give both latitude and longitude, or neither.")
        if (self.phone or "").strip():
            # Checked and stored in international form (E.164), like the hub's own phones.
            from medhub.core.phones import to_e164

            try:
                self.phone = to_e164(self.phone)
            except ValidationError as exc:
                errors["phone"] = exc.messages
        else:
            self.phone = ""
        if errors:
            raise ValidationError(errors)

    def registration_valid(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.registration_expires and self.registration_expires >= today)

    def insurance_valid(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.insurance_expires and self.insurance_expires >= today)


class Accreditation(models.Model):
    class Body(models.TextChoices):
        KAHF = "kahf", _("KAHF (Korea Accreditation Program for Hospitals Serving Foreign Patients)")
        JCI = "jci", _("JCI (Joint Commission International)")

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="accreditations"
    )
    body = models.CharField(_("accrediting body"), max_length=10, choices=Body.choices)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["body", "-valid_until"]
        indexes = [models.Index(fields=["organization", "body", "valid_until"], name="accreditation_lookup")]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("valid_from")), name="accreditation_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.valid_from}–{self.valid_until}"

    def is_valid(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.valid_from <= today <= self.valid_until


class Practitioner(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="practitioners"
    )
    name = TranslatedField(verbose_name=_("name"))
    title = TranslatedField(verbose_name=_("title"))
    specialty = models.ForeignKey(Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="practitioners")
    languages = models.CharField(_("languages spoken"), max_length=120, blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        ordering = ["organization_id", "id"]

    def __str__(self) -> str:
        return pick(self.name) or str(self.pk)

    @property
    def language_list(self) -> list[str]:
        return languages_from_db(self.languages)


class Offering(models.Model):
    """Something an institution offers with a transparent price range in KRW."""

    class Kind(models.TextChoices):
        PROCEDURE = "procedure", _("Procedure")
        CHECKUP = "checkup", _("Health-checkup package")
        BUNDLE = "bundle", _("Bundle")

    organization = models.ForeignKey(
        Organization, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="offerings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    specialty = models.ForeignKey(Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="offerings")
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = TranslatedField(verbose_name=_("name"))
    description = TranslatedField(verbose_name=_("description"))
    included = TranslatedListField(verbose_name=_("included"))
    excluded = TranslatedListField(verbose_name=_("not included"))
    price_min_krw = models.PositiveBigIntegerField(_("lowest price (KRW)"))
    price_max_krw = models.PositiveBigIntegerField(_("highest price (KRW)"))
    stay_days = models.PositiveSmallIntegerField(_("typical stay (days)"), default=0)
    recovery_days = models.PositiveSmallIntegerField(_("recovery (days)"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["organization_id", "price_min_krw", "id"]
        indexes = [
            # Price and kind filters and the price summary of a page of institutions read
            # only this index (index-only scans on PostgreSQL).
            models.Index(
                fields=["organization", "price_min_krw", "price_max_krw"],
                include=["kind", "specialty", "is_published"],
                name="offering_org_price_cover",
            ),
            models.Index(fields=["specialty", "price_min_krw"], name="offering_specialty_price"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(price_max_krw__gte=models.F("price_min_krw")), name="offering_price_range")
        ]

    def __str__(self) -> str:
        return pick(self.name) or self.slug

    def clean(self) -> None:
        if self.price_min_krw is not None and self.price_max_krw is not None and self.price_max_krw < self.price_min_krw:
            raise ValidationError({"price_max_krw": _("The highest price cannot be below the lowest price.")})


class OfferingPriceChange(models.Model):
    """One change of an offering's price range, kept for the offering page and the API."""

    offering = models.ForeignKey(Offering, verbose_name=_("offering"), on_delete=models.CASCADE, related_name="price_changes")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    old_min_krw = models.PositiveBigIntegerField(_("old lowest price (KRW)"))
    old_max_krw = models.PositiveBigIntegerField(_("old highest price (KRW)"))
    new_min_krw = models.PositiveBigIntegerField(_("new lowest price (KRW)"))
    new_max_krw = models.PositiveBigIntegerField(_("new highest price (KRW)"))

    class Meta:
        verbose_name = _("price change")
        verbose_name_plural = _("price changes")
        ordering = ["offering_id", "-changed_at", "-id"]
        indexes = [models.Index(fields=["offering", "changed_at"], name="offering_price_change")]

    def __str__(self) -> str:
        return f"{self.offering_id}: {self.old_min_krw}-{self.old_max_krw} -> {self.new_min_krw}-{self.new_max_krw}"


class DirectoryVersion(models.Model):
    """One row that changes whenever the directory does, so every app process (on any server)
    knows when to rebuild its in-memory search index. See directory/index.py."""

    value = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory version")
        verbose_name_plural = _("directory versions")

    def __str__(self) -> str:
        return str(self.value)


def photo_original_path(instance: "Photo", filename: str) -> str:
    """Originals are kept privately (the default storage, outside the web root), named by content."""
    return f"photos/{instance.checksum[:2]}/{instance.checksum}"


class Photo(models.Model):
    """A photo of an institution, an offering or a practitioner (exactly one of the three).

    The uploaded original stays private; what the public sees are resized copies (WebP and a
    JPEG fallback at a few widths) in the public photo folder, named ``<key>-<width>.<ext>``
    (directory/photos.py). See docs/decisions/0018-photos.md."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="photos", null=True, blank=True
    )
    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.CASCADE, related_name="photos", null=True, blank=True
    )
    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="photos", null=True, blank=True
    )
    original = models.FileField(_("original"), upload_to=photo_original_path, editable=False)
    content_type = models.CharField(_("type"), max_length=20, editable=False)
    checksum = models.CharField(_("SHA-256"), max_length=64, editable=False)
    key = models.CharField(max_length=24, editable=False, help_text="Name stem of the public copies.")
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    sizes = models.JSONField(default=list, editable=False, help_text="Widths of the public copies, ascending.")
    alt = TranslatedField(verbose_name=_("description (alt text)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organization__isnull=False, offering__isnull=True, practitioner__isnull=True)
                    | models.Q(organization__isnull=True, offering__isnull=False, practitioner__isnull=True)
                    | models.Q(organization__isnull=True, offering__isnull=True, practitioner__isnull=False)
                ),
                name="photo_of_exactly_one",
            )
        ]

    def __str__(self) -> str:
        return pick(self.alt) or self.key
