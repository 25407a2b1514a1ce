"""The payment report's dates are date cells in XLSX (a spreadsheet sorts and filters them, and
shows them the reader's way), not text; the CSV writes them as ISO dates."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from medhub.interpreting.models import SubsidyClaim
from tests.interpreting.test_subsidy import _approved_claims, hub_admin  # noqa: F401 - the shared fixture


@pytest.mark.django_db
def test_xlsx_dates_are_real_date_cells(client, directory, coordinator, hub_admin):  # noqa: F811
    program = _approved_claims(directory, coordinator, hub_admin)
    client.force_login(hub_admin)
    expected = sorted(
        {
            claim.booking.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=9))).date()
            for claim in SubsidyClaim.objects.filter(status="approved").select_related("booking")
        }
    )
    sheet = load_workbook(io.BytesIO(client.get(f"/en/work/subsidy/{program.id}/report/?format=xlsx").content)).active
    cells = [sheet.cell(row=row, column=5) for row in range(2, sheet.max_row)]  # the totals row has no date
    assert len(cells) == 2
    for cell in cells:
        assert cell.is_date and cell.number_format == "yyyy-mm-dd"
        assert isinstance(cell.value, datetime.datetime)  # openpyxl reads date cells back as datetimes
    assert sorted({cell.value.date() for cell in cells}) == expected
    assert sheet.cell(row=sheet.max_row, column=5).value is None

    rows = list(
        csv.reader(io.StringIO(client.get(f"/en/work/subsidy/{program.id}/report/?format=csv").content.decode("utf-8-sig")))
    )
    assert sorted({row[4] for row in rows[1:-1]}) == [d.isoformat() for d in expected]
