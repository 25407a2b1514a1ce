"""`make bench`: the institution search API at 20,000 institutions on PostgreSQL.

Builds (once) a scale directory in its own PostgreSQL database, serves medhub with gunicorn,
and drives the search API with several concurrent clients over a fixed mix of searches. In the
same run it measures the floor: the raw SQL that produces the same answer (the statements
medhub's database search backend sends for each request: filter, rank, count, fetch the page),
replayed straight through psycopg with the same concurrency. And the true floor: a bare endpoint in the same gunicorn workers (bench/wsgi.py)
that answers each request of the mix with the bytes medhub answered, doing no work at all, so
the ratio search / bare is what medhub costs per request on top of HTTP. It prints p50/p95
latency and throughput for each, and for context the SQL the endpoint itself sends (its
ranking runs in an in-memory index, see directory/index.py).

The endpoint is measured three times, with a fresh gunicorn each time, in three settings of what
an app process keeps between requests (SETTINGS below): nothing but its search index, so that
every request searches and reads its page's rows (the whole cost of a search); the
institutions' rows as well (MEDHUB_SEARCH_ROWS); and its answers as well (MEDHUB_SEARCH_ANSWERS,
the production default, where the mix's repeated searches are all answered from memory). It
ends the search part with one line, for the production default (every setting's p95 and ratio
are printed above it): `search p95 P ms, bare p95 B ms, ratio R`. Nothing here asserts a time; the target (p95 <= 20 ms
and ratio <= 1.5 at 20,000 institutions with 4 clients) is printed beside each setting.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765

# A realistic mix: free text in several languages, filters, combinations, later pages.
QUERIES = [
    {"q": "dermatology"},
    {"q": "피부과"},
    {"q": "皮肤科"},
    {"q": "дерматология"},
    {"q": "皮膚"},
    {"q": "spine", "language": "ru"},
    {"specialty": "plastic-surgery", "lang": "ja"},
    {"specialty": "health-checkup", "district": "seoha"},
    {"accreditation": "kahf"},
    {"institution_class": "tertiary-hospital", "lang": "ar"},
    {"price_min": "1000000", "price_max": "3000000"},
    {"offering_kind": "bundle", "specialty": "orthopedics"},
    {"q": "소라"},
    {"language": "mn", "page": "3"},
    {},
    {"q": "xyzzy"},
]


def log(message: str) -> None:
    print(message, flush=True)


def env_for(database_url: str) -> dict:
    env = dict(os.environ)
    env.update({"DATABASE_URL": database_url, "MEDHUB_ENV": "development", "MEDHUB_DEBUG": "0", "MEDHUB_LOG_LEVEL": "WARNING"})
    env["MEDHUB_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    env["PYTHONWARNINGS"] = "ignore::UserWarning"
    # The production layout: cache and throttle counters in Redis. Every bench client comes from
    # 127.0.0.1, so the per-address limits are lifted (the throttle's cost is still paid).
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/2")
    env["MEDHUB_THROTTLE_API"] = env["MEDHUB_THROTTLE_SEARCH"] = "100000000"
    return env


def ensure_database(database_url: str, institutions: int) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    env = env_for(database_url)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    with psycopg.connect(database_url) as conn:
        have = conn.execute("SELECT count(*) FROM directory_organization WHERE kind = 'institution'").fetchone()[0]
    if have != institutions:
        log(f"building the scale directory ({institutions} institutions); this takes a few minutes once")
        started = time.time()
        subprocess.run(
            [PYTHON, "manage.py", "demo", "--reset", "--institutions", str(institutions), "--offerings-per-institution", "10"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        log(f"built in {time.time() - started:.0f} s")
    # Free text the lexicon cannot name asks the triage model: embed the specialties once here,
    # not in a worker's first request (that would take the warm-up past its timeout).
    subprocess.run([PYTHON, "manage.py", "prepare_triage"], cwd=ROOT, env=env, check=True)
    with psycopg.connect(database_url) as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM directory_organization WHERE kind='institution'), (SELECT count(*) FROM directory_offering)"
        ).fetchone()
    log(f"directory: {counts[0]} institutions, {counts[1]} offerings")


def start_server(database_url: str, workers: int, answers_file: str, overrides: dict) -> subprocess.Popen:
    env = {**env_for(database_url), **overrides}
    env["MEDHUB_BENCH_ANSWERS"] = answers_file
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "bench.wsgi:application",  # medhub.wsgi plus the bare endpoint, bench only
            "--chdir",
            str(ROOT / "src"),
            "--pythonpath",
            str(ROOT),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def url_for(params: dict) -> str:
    return "/api/v1/institutions/" + ("?" + urllib.parse.urlencode(params) if params else "")


def record_answers(answers_file: str) -> None:
    """Stores medhub's answer to each request of the mix, for the bare endpoint to replay."""
    conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
    answers = {}
    for params in QUERIES:
        path = url_for(params)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        answers[path] = (body.decode("utf-8"), response.getheader("Content-Type"))
    conn.close()
    with open(answers_file, "w", encoding="utf-8") as handle:
        json.dump(answers, handle)


def run_http(requests_per_client: int, clients: int, prefix: str = "") -> tuple[list[float], float, dict]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(offset: int) -> None:
        conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, codes = [], {}
        for i in range(requests_per_client):
            path = prefix + url_for(QUERIES[(i + offset) % len(QUERIES)])
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            codes[response.status] = codes.get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
        with lock:
            latencies.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    threads = [threading.Thread(target=client, args=(n * 3,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - started, statuses


def capture_sql(database_url: str, backend: str) -> dict[str, list[tuple[str, list]]]:
    """The SQL statements (with parameters) each request of the mix runs, as Django sends them.

    With backend "database" these statements compute the whole answer (filtering, ranking,
    counting, the page's rows): the raw SQL for the same answer. With "memory" they are only
    what the endpoint itself asks of the database (the ranking happens in its index).
    """
    script = f"""
import json, os, sys
sys.path.insert(0, {str(ROOT / "src")!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medhub.settings")
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
captured = {{}}
client = Client()
queries = json.loads(sys.argv[1])
for params in queries:
    path = "/api/v1/institutions/"
    client.get(path, params)  # warm caches
    statements = []
    def record(execute, sql, params_, many, context):
        statements.append((sql, list(params_ or [])))
        return execute(sql, params_, many, context)
    with connection.execute_wrapper(record):
        client.get(path, params)
    captured[json.dumps(params, sort_keys=True)] = [(s, [str(p) if not isinstance(p, (int, float, str, type(None), list)) else p for p in a]) for s, a in statements]
print(json.dumps(captured))
"""
    out = subprocess.run(
        [PYTHON, "-c", script, json.dumps(QUERIES)],
        cwd=ROOT,
        env={**env_for(database_url), "MEDHUB_SEARCH_BACKEND": backend, "MEDHUB_SEARCH_ANSWERS": "0", "MEDHUB_SEARCH_ROWS": "0"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_sql(database_url: str, captured: dict, requests_per_client: int, clients: int) -> tuple[list[float], float]:
    import psycopg

    latencies: list[float] = []
    lock = threading.Lock()
    plans = [captured[json.dumps(q, sort_keys=True)] for q in QUERIES]

    def client(offset: int) -> None:
        mine = []
        # The same session as medhub's own: server-side binding, no JIT (see settings.py).
        with psycopg.connect(database_url, autocommit=True, options="-c jit=off -c max_parallel_workers_per_gather=0") as conn:
            for i in range(requests_per_client):
                statements = plans[(i + offset) % len(plans)]
                started = time.perf_counter()
                for sql, params in statements:
                    with conn.cursor() as cur:
                        cur.execute(sql, params)
                        if cur.description:
                            cur.fetchall()
                mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n * 3,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# The endpoint is measured in three settings of what an app process keeps between requests.
# The first does the whole work on every request; the last is the production default and the
# figure of the final line (FINAL).
SETTINGS = [
    ("cold", "nothing kept (searches, reads rows)", {"MEDHUB_SEARCH_ANSWERS": "0", "MEDHUB_SEARCH_ROWS": "0"}),
    ("rows", "rows kept, every request searches", {"MEDHUB_SEARCH_ANSWERS": "0"}),
    ("answers", "answers kept (production default)", {}),
]
FINAL = "answers"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/medhub_bench")
    parser.add_argument("--institutions", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400, help="requests per client")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    ensure_database(args.database_url, args.institutions)
    answer_sql = capture_sql(args.database_url, "database")
    own_sql = capture_sql(args.database_url, "memory")
    answers_file = os.path.join(tempfile.mkdtemp(prefix="medhub-bench-"), "answers.json")
    measured: dict[str, tuple[list[float], float, dict]] = {}
    for name, _label, overrides in SETTINGS:
        server = start_server(args.database_url, args.workers, answers_file, overrides)
        try:
            if name == "cold":
                record_answers(answers_file)
                run_http(20, args.clients, prefix="/bare")  # warm-up
                measured["bare"] = run_http(args.requests, args.clients, prefix="/bare")
            run_http(20, args.clients)  # warm-up: the index built, and whatever the setting keeps
            measured[name] = run_http(args.requests, args.clients)
        finally:
            stop_server(server)
    run_sql(args.database_url, answer_sql, 20, args.clients)  # warm-up
    sql_lat, sql_elapsed = run_sql(args.database_url, answer_sql, args.requests, args.clients)
    own_lat, own_elapsed = run_sql(args.database_url, own_sql, args.requests, args.clients)

    http_lat, _elapsed, _statuses = measured["cold"]
    bare_lat, bare_elapsed, _bare_statuses = measured["bare"]
    rows = [(f"endpoint, {label}", *measured[name][:2]) for name, label, _o in SETTINGS]
    rows += [
        ("floor: bare endpoint, same bytes", bare_lat, bare_elapsed),
        ("floor: raw SQL for the same answer", sql_lat, sql_elapsed),
        ("(the endpoint's own SQL, for context)", own_lat, own_elapsed),
    ]
    log("")
    log(
        f"institution search GET /api/v1/institutions/, {args.institutions} institutions, {args.clients} concurrent"
        f" clients, {len(http_lat)} requests per row, {len(QUERIES)} query shapes"
    )
    log("what an app process keeps between requests: nothing but its search index (MEDHUB_SEARCH_ANSWERS=0,")
    log("MEDHUB_SEARCH_ROWS=0: the whole cost of a search); the institutions' rows for result pages (a new search")
    log("over institutions already shown); or also its answers (the production default and the final line: the")
    log("mix's 16 searches, repeated, are all answered from memory, so that row is the cost of the throttle, Django")
    log("and DRF around a search)")
    log("statuses: " + ", ".join(f"{name} {measured[name][2]}" for name in [*(n for n, _l, _o in SETTINGS), "bare"]))
    if any(set(measured[name][2]) - {200} for name in measured):
        raise SystemExit("some requests failed: the figures would not be comparable")
    log(f"{'':42} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'req/s':>8}")
    for label, lat, elapsed in rows:
        log(
            f"{label:42} {percentile(lat, 50):8.1f} {percentile(lat, 95):8.1f} {statistics.mean(lat):8.1f}"
            f" {len(lat) / elapsed:8.0f}"
        )
    ratio50 = percentile(http_lat, 50) / percentile(sql_lat, 50)
    ratio95 = percentile(http_lat, 95) / percentile(sql_lat, 95)
    log(f"ratio endpoint (nothing kept) / raw SQL: p50 {ratio50:.2f}, p95 {ratio95:.2f}")
    bare50, bare95 = percentile(bare_lat, 50), percentile(bare_lat, 95)
    log("target at 20,000 institutions, 4 clients: p95 <= 20 ms and ratio to the bare endpoint <= 1.5")
    for name, label, _o in SETTINGS:
        lat = measured[name][0]
        p95 = percentile(lat, 95)
        verdict = "meets" if p95 <= 20 and p95 / bare95 <= 1.5 else "misses"
        log(f"  {label:40} p95 {p95:.1f} ms, ratio p50 {percentile(lat, 50) / bare50:.2f}, p95 {p95 / bare95:.2f}: {verdict} it")
    final_label = next(label for name, label, _o in SETTINGS if name == FINAL)
    log(f"the final line is the production default ({final_label}); the others are above")
    p95 = percentile(measured[FINAL][0], 95)
    log(f"search p95 {p95:.1f} ms, bare p95 {bare95:.1f} ms, ratio {p95 / bare95:.2f}")


if __name__ == "__main__":
    main()
