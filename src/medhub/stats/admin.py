from django.contrib import admin

from medhub.stats.models import NationalCountryCount, NationalDepartmentCount, NationalYearTotal


@admin.register(NationalYearTotal)
class NationalYearTotalAdmin(admin.ModelAdmin):
    list_display = ["year", "foreign_patients"]


@admin.register(NationalCountryCount)
class NationalCountryCountAdmin(admin.ModelAdmin):
    list_display = ["year", "country_iso2", "country_name", "patients", "share_percent"]
    list_filter = ["year"]


@admin.register(NationalDepartmentCount)
class NationalDepartmentCountAdmin(admin.ModelAdmin):
    list_display = ["year", "specialty_code", "patient_department_count", "share_percent"]
    list_filter = ["year"]
