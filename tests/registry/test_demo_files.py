"""The demo hub's registry files are what the portal publishes: CP949 and UTF-8 with BOM, title
rows above the header, extra columns, refused and duplicate rows."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).resolve().parents[2] / "src" / "medhub" / "demo" / "data"

pytestmark = pytest.mark.django_db


def test_the_demo_files_read_as_published():
    november, december = (DATA / "registry_2026-11.csv").read_bytes(), (DATA / "registry_2026-12.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        november.decode("utf-8")
    november.decode("cp949")
    assert december.startswith(b"\xef\xbb\xbf")
    out = io.StringIO()
    call_command("import_registry", str(DATA / "registry_2026-11.csv"), stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "rows 40, institutions 30, facilitators 6, created 36, updated 0, unchanged 0, errors 3"
    out = io.StringIO()
    call_command("import_registry", str(DATA / "registry_2026-12.csv"), "--dry-run", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "rows 41, institutions 31, facilitators 6, created 1, updated 3, unchanged 33, errors 3"
