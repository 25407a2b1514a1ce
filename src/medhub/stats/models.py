"""National statistics on foreign patients, loaded from the published figures in shared data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalYearTotal(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    foreign_patients = models.PositiveIntegerField(_("foreign patients"))

    class Meta:
        verbose_name = _("national total per year")
        verbose_name_plural = _("national totals per year")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.foreign_patients}"


class NationalCountryCount(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    country_iso2 = models.CharField(_("country code"), max_length=2)
    country_name = models.CharField(_("country"), max_length=80)
    patients = models.PositiveIntegerField(_("patients"))
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("national count per country")
        verbose_name_plural = _("national counts per country")
        ordering = ["year", "-patients"]
        constraints = [models.UniqueConstraint(fields=["year", "country_iso2"], name="national_country_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.country_iso2}: {self.patients}"


class NationalDepartmentCount(models.Model):
    """Patient-department counts: one patient may count in several departments."""

    year = models.PositiveSmallIntegerField(_("year"))
    specialty_code = models.CharField(_("specialty code"), max_length=40)
    patient_department_count = models.PositiveIntegerField(_("patient-department count"), null=True, blank=True)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("national count per department")
        verbose_name_plural = _("national counts per department")
        ordering = ["year", "-share_percent"]
        constraints = [models.UniqueConstraint(fields=["year", "specialty_code"], name="national_department_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.specialty_code}"
