"""The subsidy payment report: the approved claims of a program, as CSV or XLSX, with headings
in the reader's language and a totals row."""

import csv
import io
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from medhub.core.i18n import pick
from medhub.interpreting.selectors import certificate_number

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
DATE_FORMAT = "yyyy-mm-dd"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Report:
    headings: list[str]
    rows: list[list]
    total_hours: Decimal
    total_krw: int


def payment_report(claims, *, language: str) -> Report:
    headings = [
        _("Interpreter"),
        _("Certificate number"),
        _("Case"),
        _("Institution"),
        _("Date (Korean time)"),
        _("Purpose"),
        _("Hours"),
        _("Amount (KRW)"),
    ]
    rows = []
    for claim in claims:
        booking = claim.booking
        rows.append(
            [
                booking.interpreter.display_name,
                certificate_number(booking.interpreter, booking.language),
                claim.case.reference,
                pick(booking.appointment.slot.institution.name, language),
                booking.starts_at.astimezone(HUB_ZONE).date(),
                str(booking.get_purpose_display()),
                claim.hours,
                claim.amount_krw,
            ]
        )
    return Report(
        headings=headings,
        rows=rows,
        total_hours=sum((row[6] for row in rows), Decimal(0)),
        total_krw=sum(row[7] for row in rows),
    )


def as_csv(report: Report) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Korean and Cyrillic."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(report.headings)
    for row in report.rows:
        writer.writerow([*row[:4], row[4].isoformat(), row[5], f"{row[6]:f}", row[7]])
    writer.writerow([_("Total"), "", "", "", "", "", f"{report.total_hours:f}", report.total_krw])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(report: Report, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "report"
    sheet.append(report.headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in report.rows:
        sheet.append([*row[:6], float(row[6]), row[7]])
    sheet.append([_("Total"), None, None, None, None, None, float(report.total_hours), report.total_krw])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in ("G",):
        for cell in sheet[column][1:]:
            cell.number_format = "0.00"
    for cell in sheet["H"][1:]:
        cell.number_format = "#,##0"
    # Dates are date cells (sortable, filterable, shown the reader's way by the spreadsheet),
    # written with an unambiguous ISO pattern rather than text.
    for cell in sheet["E"][1:-1]:
        cell.number_format = DATE_FORMAT
    for letter, width in zip("ABCDEFGH", (24, 18, 14, 30, 14, 16, 8, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def render(report: Report, fmt: str, *, title: str) -> bytes:
    return as_csv(report) if fmt == "csv" else as_xlsx(report, title=title)
