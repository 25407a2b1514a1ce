"""Partner applications: a body asks to join the hub's network, the hub's staff screen it.

An ``Application`` holds what the applicant typed (the organization, its contact person, the
figures of its certificates) and its status, moved only through ``partners.workflow``. Its
files are ``ApplicationDocument`` rows in private storage. Reviewers score it on the
administrator's ``Criterion`` list, one ``Review`` (a set of ``Score`` rows) per reviewer. A
request for more information is an ``InfoRequest`` the applicant answers through a signed link.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medhub.core.i18n import TranslatedField, pick
from medhub.core.models import PrivateFile
from medhub.directory.models import Organization


class Kind(models.TextChoices):
    """What applies: the directory's kinds (an agency is a facilitator)."""

    INSTITUTION = "institution", _("Medical institution")
    FACILITATOR = "facilitator", _("Patient-attraction agency (facilitator)")
    HOTEL = "hotel", _("Hotel")
    RESTAURANT = "restaurant", _("Restaurant")
    SHOP = "shop", _("Shop")
    TRANSPORT = "transport", _("Transport")


TOURISM_KINDS = frozenset({Kind.HOTEL, Kind.RESTAURANT, Kind.SHOP, Kind.TRANSPORT})


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFO_REQUESTED = "info_requested", _("More information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.INFO_REQUESTED)


class DocumentKind(models.TextChoices):
    FOREIGN_PATIENT_REGISTRATION = "fp_registration", _("Foreign-patient registration certificate")
    MALPRACTICE_INSURANCE = "malpractice_insurance", _("Malpractice-insurance certificate")
    AGENCY_REGISTRATION = "agency_registration", _("Facilitator registration certificate")
    SURETY_INSURANCE = "surety_insurance", _("Surety insurance certificate")
    BUSINESS_REGISTRATION = "business_registration", _("Business registration certificate")
    ANSWER = "answer", _("Sent with an answer")


# The documents each kind of applicant must send (the tourism kinds all need the same one).
REQUIRED_DOCUMENTS = {
    Kind.INSTITUTION: (DocumentKind.FOREIGN_PATIENT_REGISTRATION, DocumentKind.MALPRACTICE_INSURANCE),
    Kind.FACILITATOR: (DocumentKind.AGENCY_REGISTRATION, DocumentKind.SURETY_INSURANCE),
    **dict.fromkeys(TOURISM_KINDS, (DocumentKind.BUSINESS_REGISTRATION,)),
}


class Application(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    institution_class = models.CharField(
        _("institution class"), max_length=20, choices=Organization.InstitutionClass.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)

    # The organization.
    name = models.CharField(_("name"), max_length=200)
    name_ko = models.CharField(_("name in Korean"), max_length=200, blank=True)
    address = models.CharField(_("road address"), max_length=300)
    district = models.ForeignKey(
        "directory.District", verbose_name=_("district"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("email"))
    website = models.URLField(_("website"), blank=True)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)

    # The contact person (who is told, and whose account the approval opens).
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_language = models.CharField(_("contact language"), max_length=10, choices=settings.LANGUAGES, default="en")

    # What the certificates say.
    registration_date = models.DateField(_("registered on"), null=True, blank=True)
    insurance_cover_krw = models.PositiveBigIntegerField(_("malpractice insurance cover (KRW)"), null=True, blank=True)
    insurance_expires = models.DateField(_("malpractice insurance expires"), null=True, blank=True)
    surety_amount_krw = models.PositiveBigIntegerField(_("surety insurance amount (KRW)"), null=True, blank=True)
    surety_expires = models.DateField(_("surety insurance expires"), null=True, blank=True)
    capital_krw = models.PositiveBigIntegerField(_("capital (KRW)"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    organization = models.OneToOneField(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )
    invited_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("partner application")
        verbose_name_plural = _("partner applications")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} · {self.name}"

    @property
    def reference(self) -> str:
        return f"PA-{self.pk or 0:05d}"

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.name_ko})" if self.name_ko and self.name_ko != self.name else self.name

    @property
    def due_at(self) -> datetime.datetime:
        return self.submitted_at + datetime.timedelta(days=settings.MEDHUB_APPLICATION_REVIEW_DAYS)

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return self.is_open() and (now or timezone.now()) > self.due_at

    def required_documents(self) -> tuple:
        return REQUIRED_DOCUMENTS.get(self.kind, ())


def document_path(instance: "ApplicationDocument", filename: str) -> str:
    return f"partners/{instance.application_id}/{timezone.now():%Y%m%d%H%M%S}-{instance.checksum[:12]}"


class ApplicationDocument(PrivateFile):
    """A file the applicant sent: private, served only to reviewers through a permission check."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    info_request = models.ForeignKey(
        "InfoRequest", verbose_name=_("answer to"), on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=document_path)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["created_at", "id"]


class InfoRequest(models.Model):
    """What a reviewer asked the applicant, and what came back."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="info_requests"
    )
    message = models.TextField(_("what is asked"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference} · {self.requested_at:%Y-%m-%d}"


class Criterion(models.Model):
    """What reviewers score an application on, set by the administrator."""

    name = TranslatedField(verbose_name=_("name"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return pick(self.name) or f"#{self.pk}"


class Review(models.Model):
    """One reviewer's scores of one application (changed until the decision)."""

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("scored"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["updated_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="partners_review_once")]

    def __str__(self) -> str:
        return f"{self.application.reference} · {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="partners_score_once")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
