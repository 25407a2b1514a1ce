"""`make bench`: importing the national registry file at 100,000 rows on PostgreSQL.

Writes a fictional registry file (CP949, title rows above the header, an extra column, a few
refused rows) in a temporary folder, empties the registry of its own PostgreSQL database
(default medhub_registry_bench, created and migrated when missing), then times, in this process:

* the floor: reading and checking every row of the file (registry/parsing.py) and nothing else;
* `import_registry FILE`: the first import, every row a new entry;
* `import_registry FILE` again: every row unchanged.

It prints each time beside the floor measured in the same run, and the command's summary lines.
Nothing here asserts a time; the target (100,000 rows applied in under 30 s) is printed beside it.
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30

PROVINCES = ["한빛시", "가람도", "푸른바다시", "높은산도", "새벽시", "들녘도"]
DISTRICTS = ["서하구", "은하구", "하성구", "청학구", "백양구", "마루구", "구름군", "모래구"]
STREETS = ["마루로", "샛별로", "물결로", "소나무길", "청솔로", "구름로", "한빛대로", "은행나무길", "단풍길", "목련로"]
TYPES = ["의원"] * 30 + ["치과의원"] * 15 + ["한의원"] * 10 + ["병원"] * 8 + ["치과병원", "한방병원", "요양병원"] * 2
TYPES += ["종합병원"] * 2 + ["상급종합병원"] + ["유치업자"] * 12
STATUSES = ["정상"] * 90 + ["휴업"] * 4 + ["폐업"] * 5 + ["취소"]
WORDS = ["소라", "마루", "하늘", "별빛", "다솜", "누리", "가온", "새론", "여울", "보람", "해솔", "푸른", "아름", "아라", "초롱"]


def log(message: str) -> None:
    print(message, flush=True)


def write_file(path: Path, rows: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    out = io.StringIO()
    out.write("가상 외국인환자 유치기관 등록 현황 (벤치마크용)\r\n기준일자: 2026-11-30\r\n\r\n")
    out.write("번호,운영상태,상호명,대표자명,업종명,시도,시군구,주소,상세주소,비고\r\n")
    for n in range(1, rows + 1):
        kind = rng.choice(TYPES)
        if n % 500 == 0:
            kind = "약국"  # refused: cannot register
        province, district = rng.choice(PROVINCES), rng.choice(DISTRICTS)
        suffix = {"유치업자": "메디컬 트래블"}.get(kind, kind)
        name = f"{rng.choice(WORDS)}{rng.choice(WORDS)} {suffix} {n}"
        address = f"{province} {district} {rng.choice(STREETS)} {n % 997 + 1}번길 {n}"
        out.write(
            f"{n},{rng.choice(STATUSES)},{name},대표{n % 100},{kind},{province},{district},{address},{n % 12 + 1}층,메모\r\n"
        )
    path.write_bytes(out.getvalue().encode("cp949"))


def ensure_database(database_url: str) -> None:
    import psycopg

    name = urllib.parse.urlparse(database_url).path.lstrip("/")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/medhub_registry_bench")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    ensure_database(args.database_url)
    os.environ.update({"DATABASE_URL": args.database_url, "MEDHUB_ENV": "development", "MEDHUB_DEBUG": "0"})
    os.environ.setdefault("MEDHUB_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medhub.settings")
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from medhub.registry import parsing

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_registryentry")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "registry.csv"
        write_file(path, args.rows)
        log(f"registry file: {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB (CP949)")

        started = time.perf_counter()
        with open(path, "rb") as source:
            read = sum(1 for _item in parsing.read_rows(source))
        floor = time.perf_counter() - started

        def timed_import() -> tuple[float, str]:
            out = io.StringIO()
            started = time.perf_counter()
            call_command("import_registry", str(path), stdout=out, stderr=io.StringIO())
            return time.perf_counter() - started, out.getvalue().strip().splitlines()[-1]

        first, first_line = timed_import()
        again, again_line = timed_import()
    log(f"  first import:  {first_line}")
    log(f"  second import: {again_line}")
    log(f"registry re-import unchanged {read} rows: {again:.1f} s (floor: parse only {floor:.1f} s, ratio {again / floor:.2f})")
    log(
        f"registry import {read} rows: {first:.1f} s (floor: parse only {floor:.1f} s, ratio {first / floor:.2f}; "
        f"target < {TARGET_SECONDS} s)"
    )


if __name__ == "__main__":
    main()
