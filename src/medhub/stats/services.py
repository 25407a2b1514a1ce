"""Loading of the national statistics on foreign patients."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from medhub.stats.models import NationalCountryCount, NationalDepartmentCount, NationalYearTotal

PACKAGED_DATA = Path(__file__).resolve().parent / "data"


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def _int(value: str) -> int | None:
    return int(value) if value not in (None, "") else None


@transaction.atomic
def national_statistics_load(*, source: Path = PACKAGED_DATA, year: int = 2024) -> dict[str, int]:
    """Loads (or reloads) the published national figures; returns how many rows each table has."""
    with open(source / "foreign_patients_by_year.csv", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            NationalYearTotal.objects.update_or_create(
                year=int(row["year"]), defaults={"foreign_patients": int(row["foreign_patients"])}
            )
    with open(source / f"foreign_patients_{year}_by_country.csv", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            NationalCountryCount.objects.update_or_create(
                year=year,
                country_iso2=row["country_iso2"],
                defaults={
                    "country_name": row["country"],
                    "patients": int(row["patients"]),
                    "share_percent": _decimal(row["share_percent"]),
                },
            )
    with open(source / f"foreign_patients_{year}_by_department.csv", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            NationalDepartmentCount.objects.update_or_create(
                year=year,
                # The published file writes plastic_surgery; medhub's specialty codes use hyphens.
                specialty_code=row["department"].replace("_", "-"),
                defaults={
                    "patient_department_count": _int(row["patient_department_count"]),
                    "share_percent": _decimal(row["share_percent"]),
                    "note": row.get("note", "") or "",
                },
            )
    return {
        "years": NationalYearTotal.objects.count(),
        "countries": NationalCountryCount.objects.count(),
        "departments": NationalDepartmentCount.objects.count(),
    }
