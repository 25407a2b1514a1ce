"""`make bench`, first part: how well medhub understands what patients write, in every language.

Reads the held-out sets bench/triage_holdout{2..6}.txt (short search queries and free-text
inquiries in the ten hub languages, with typos and inflected forms, each labelled with the right
specialty), written blind: their authors saw only the specialty list, and nothing of triage was
tuned or trained on them. For each set it measures, in-process against the given database (the
bench's own, built by bench/run.py's `ensure_database`, or with --sqlite a demo hub of 60
institutions in a temporary SQLite file):

- triage top 1: the share of items whose first specialty from `POST /api/v1/triage/` (text and
  language) is the labelled one;
- search top 3: the share of items for which at least one of the first three institutions that
  `GET /api/v1/institutions/?q=<text>&lang=<language>` returns treats the labelled specialty.

It prints a line per language, the misses, each set's figures, and then the two figures of the
issue over all held-out sets together, on their own lines: `triage top1 P %` over the free-text
inquiries (target 95 %) and `search top3 Q %` over the short queries (target 98 %).

The sets triage was tuned or trained on live with the classifier's examples
(src/medhub/directory/data/triage_examples/); `--set FILE` (repeatable) scores any set in the
same format instead of the held-out ones.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Written blind, after the lexicon was tuned, by people who saw only the specialty list; never used
# to tune the lexicon's words or weights, nor to train the classifier (decision 0028).
HOLDOUTS = [ROOT / "bench" / f"triage_holdout{n}.txt" for n in (2, 3, 4, 5, 6)]


def items(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, kind, code, text = line.split("|", 3)
            rows.append((lang, kind, code, text))
    return rows


def evaluate(sets: list[Path] | None = None) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medhub.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "api": (10**9, 60), "triage": (10**9, 60)}
    client = Client()
    started = time.perf_counter()
    client.post("/api/v1/triage/", {"text": "warm-up", "lang": "en"}, content_type="application/json")
    warm = time.perf_counter() - started
    if sets:
        # Only the sets asked for (a development set, the tuning set): the held-out sets are left alone.
        for path in sets:
            result = measure(client, path)
            print(
                f"{path.name}: triage top1 {result['top1']:.1f} %, search top3 {result['top3']:.1f} % (all items);"
                f" inquiries first {result['inquiry_top1']:.1f} % of {result['inquiries']},"
                f" queries in top 3 {result['query_top3']:.1f} % of {result['queries']}"
            )
        return
    held = [(path, measure(client, path)) for path in HOLDOUTS]
    times = [t for _p, r in held for t in r["triage_times"]], [t for _p, r in held for t in r["search_times"]]
    ms = lambda values: 1000 * sorted(values)[len(values) // 2]  # noqa: E731
    print(f"model and specialty vectors ready in {warm:.1f} s; median triage {ms(times[0]):.0f} ms, search {ms(times[1]):.0f} ms")
    print("targets: triage top1 >= 95 % of inquiries, search top3 >= 98 % of queries")
    for path, result in held:
        print(
            f"held-out set {path.name}: inquiries first {result['inquiry_top1']:.1f} % of {result['inquiries']},"
            f" queries in top 3 {result['query_top3']:.1f} % of {result['queries']}"
            f" (all {result['total']} items: triage top1 {result['top1']:.1f} %, search top3 {result['top3']:.1f} %)"
        )
    inquiries = sum(r["inquiries"] for _p, r in held)
    queries = sum(r["queries"] for _p, r in held)
    first = sum(r["inquiry_top1"] * r["inquiries"] for _p, r in held) / inquiries
    top3 = sum(r["query_top3"] * r["queries"] for _p, r in held) / queries
    # The two figures of the issue, over every held-out set: inquiries first, queries in the top 3.
    print(f"held-out sets together: {inquiries} inquiries, {queries} queries")
    print(f"triage top1 {first:.1f} %")
    print(f"search top3 {top3:.1f} %")


def measure(client, path: Path) -> dict:
    """Runs one evaluation set through the triage and search APIs; prints its rows and misses."""
    data = items(path)
    per_language: dict[str, list[int]] = {}
    per_kind: dict[str, list[int]] = {}  # q: short search queries, i: free-text inquiries
    misses = []
    triage_times, search_times = [], []
    for lang, kind, code, text in data:
        t0 = time.perf_counter()
        answer = client.post("/api/v1/triage/", {"text": text, "lang": lang}, content_type="application/json")
        triage_times.append(time.perf_counter() - t0)
        ranked = [m["code"] for m in answer.json().get("specialties", [])] if answer.status_code == 200 else []
        first = bool(ranked) and ranked[0] == code
        t0 = time.perf_counter()
        found = client.get("/api/v1/institutions/", {"q": text[:200], "lang": lang, "page_size": 3})
        search_times.append(time.perf_counter() - t0)
        top = found.json().get("results", [])[:3] if found.status_code == 200 else []
        in_top3 = any(code in result.get("specialties", []) for result in top)
        counts = per_language.setdefault(lang, [0, 0, 0])
        counts[0] += 1
        counts[1] += first
        counts[2] += in_top3
        by_kind = per_kind.setdefault(kind, [0, 0, 0])
        by_kind[0] += 1
        by_kind[1] += first
        by_kind[2] += in_top3
        if not first or not in_top3:
            misses.append(f"  {lang} {kind} {code:22} triage {ranked[:2]} search {'ok' if in_top3 else 'MISS'}: {text}")
    total = len(data)
    top1 = sum(c[1] for c in per_language.values())
    top3 = sum(c[2] for c in per_language.values())
    print(f"triage evaluation: {total} items in {len(per_language)} languages ({path.name})")
    for lang, (n, first, in_top3) in per_language.items():
        print(f"  {lang:8} {n:3} items  triage top1 {100 * first / n:5.1f} %  search top3 {100 * in_top3 / n:5.1f} %")
    if misses:
        print("misses:")
        print("\n".join(misses))
    inquiries, queries = per_kind.get("i", [0, 0, 0]), per_kind.get("q", [0, 0, 0])
    return {
        "total": total,
        "top1": 100 * top1 / total,
        "top3": 100 * top3 / total,
        # The targets as the issue words them: the right specialty first for inquiries, in the
        # first three search results for queries.
        "inquiries": inquiries[0],
        "queries": queries[0],
        "inquiry_top1": 100 * inquiries[1] / inquiries[0] if inquiries[0] else 0.0,
        "query_top3": 100 * queries[2] / queries[0] if queries[0] else 0.0,
        "triage_times": triage_times,
        "search_times": search_times,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="PostgreSQL database (built with the bench's directory if missing)")
    parser.add_argument("--institutions", type=int, default=20_000)
    parser.add_argument("--sqlite", action="store_true", help="a demo hub of 60 institutions in a temporary SQLite file")
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        type=Path,
        metavar="FILE",
        help="score only this set (lang|kind|code|text; may be repeated), not the held-out sets",
    )
    parser.add_argument("--evaluate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sets = [path.resolve() for path in args.sets or []]
    if args.evaluate:
        evaluate(sets)
        return
    env = dict(os.environ, MEDHUB_LOG_LEVEL="WARNING", PYTHONWARNINGS="ignore::UserWarning")
    if args.sqlite or not args.database_url:
        var = tempfile.mkdtemp(prefix="medhub-triage-")
        env.update(MEDHUB_VAR_DIR=var, MEDHUB_CACHE_DIR=os.path.join(var, "cache"))
        env.pop("DATABASE_URL", None)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "demo", "--institutions", "60"], cwd=ROOT, env=env, check=True, capture_output=True)
    else:
        sys.path.insert(0, str(ROOT))
        from bench.run import ensure_database

        ensure_database(args.database_url, args.institutions)
        env["DATABASE_URL"] = args.database_url
    # The specialty vectors are kept under the repository's var/ (same content, same file).
    env.setdefault("MEDHUB_TRIAGE_VECTORS_DIR", str(ROOT / "var" / "triage"))
    chosen = [argument for path in sets for argument in ("--set", str(path))]
    subprocess.run([sys.executable, __file__, "--evaluate", *chosen], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
