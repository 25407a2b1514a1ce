"""``manage.py import_registry FILE [--dry-run]``: its one summary line, idempotence, dry runs,
changes and duplicates."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from medhub.core.models import LogEntry
from medhub.registry.models import RegistryEntry
from tests.registry.conftest import ROWS

pytestmark = pytest.mark.django_db


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registry", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1]


def test_the_command_ends_with_exactly_one_summary_line(registry_file):
    out, err = run(registry_file())
    assert out.strip().splitlines() == ["rows 9, institutions 6, facilitators 1, created 7, updated 0, unchanged 0, errors 2"]
    assert "row 12: The name (상호명) is empty." in err
    assert "row 13:" in err and "약국" in err
    assert RegistryEntry.objects.count() == 7


def test_importing_the_same_file_twice_changes_nothing(registry_file):
    path = registry_file()
    run(path)
    before = list(RegistryEntry.objects.order_by("pk").values_list("pk", "identity", "fingerprint", "changed_at", "status"))
    out, _ = run(path)
    assert last_line(out) == "rows 9, institutions 6, facilitators 1, created 0, updated 0, unchanged 7, errors 2"
    assert (
        list(RegistryEntry.objects.order_by("pk").values_list("pk", "identity", "fingerprint", "changed_at", "status")) == before
    )


def test_a_dry_run_prints_the_same_line_and_writes_nothing(registry_file):
    path = registry_file()
    logged = LogEntry.objects.count()
    out, _ = run(path, "--dry-run")
    assert last_line(out) == "rows 9, institutions 6, facilitators 1, created 7, updated 0, unchanged 0, errors 2"
    assert RegistryEntry.objects.count() == 0
    assert LogEntry.objects.count() == logged
    run(path)
    changed = [list(r) for r in ROWS]
    changed[0][0] = "휴업"
    out, _ = run(registry_file(changed, name="changed.csv"), "--dry-run")
    assert last_line(out) == "rows 9, institutions 6, facilitators 1, created 0, updated 1, unchanged 6, errors 2"
    assert RegistryEntry.objects.get(name="소라 피부과의원").status == "active"


def test_a_changed_row_updates_its_entry_and_a_new_address_is_a_new_body(registry_file):
    run(registry_file())
    rows = [list(r) for r in ROWS]
    rows[0][0] = "폐업"  # status changed
    rows[1][2] = "이하늘 외 1명"  # representative changed
    rows[2][6] = "한빛시 서하구 물결로 31"  # moved: another road address, another body for the registry
    out, _ = run(registry_file(rows, name="next.csv"))
    assert last_line(out) == "rows 9, institutions 6, facilitators 1, created 1, updated 2, unchanged 4, errors 2"
    sora = RegistryEntry.objects.get(name="소라 피부과의원")
    assert sora.status == "closed" and sora.changed_at > sora.first_seen
    assert RegistryEntry.objects.filter(name="새봄 한의원").count() == 2


def test_a_duplicate_row_in_the_same_file_counts_once(registry_file):
    rows = [
        ROWS[0],
        ROWS[1],
        ("정상", "소라  피부과의원", "김소라", "의원", "한빛시", "서하구", "한빛시 서하구 마루로 12", "3층"),
    ]
    out, _ = run(registry_file(rows))
    assert last_line(out) == "rows 3, institutions 2, facilitators 0, created 2, updated 0, unchanged 0, errors 0"
    assert RegistryEntry.objects.count() == 2


def test_an_xlsx_file_imports_like_the_csv(registry_file):
    out, _ = run(registry_file(name="registry.xlsx"))
    assert last_line(out) == "rows 9, institutions 6, facilitators 1, created 7, updated 0, unchanged 0, errors 2"


def test_an_unreadable_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"a,b,c\n1,2,3\n")
    with pytest.raises(CommandError, match="No header row"):
        run(bad)
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "missing.csv")


def test_an_applied_import_is_audited_with_its_counts(registry_file):
    run(registry_file())
    entry = LogEntry.objects.get(action="registry.import.applied")
    assert entry.data["created"] == 7 and entry.data["errors"] == 2
