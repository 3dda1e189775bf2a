"""Annual report at scale: ``python benchmarks/report_bench.py``.

Builds a fresh database — a temporary SQLite file, or the empty database in ``DATABASE_URL``
(the script migrates it) — holding a county: the county government (the root) and 50 agencies
below it. One of them is big: 1,000,000 published items over the categories of the standard
catalog and three years (2023–2025; about 2 % 规章 and 行政规范性文件, some of them expired or
repealed), 100,000 applications (every applicant kind, channel and outcome, replies after a
few days to a few months, the newest still open on the day the records are taken), fee notices
on about 1 % and the reconsiderations and lawsuits that followed some replies; the other 49
have 10,000 items and 2,000 applications each. Everything is invented and written with plain
``executemany`` in batches of 5,000, one transaction each, not through the services; then the
planner's statistics are renewed as ``gongkai import items`` does. Last year's report of the
big agency is published (frozen from the same records), so this year's row 二 is reconciled.

Then it times, for 2025, the report of the big agency as ``reports.services.live`` builds it
(``compute_figures`` + ``gather_context`` + ``draft_sections``), part by part, and the
county-wide roll-up of the 50 agencies, none of which has published its 2025 report yet (every
agency's figures are computed), and prints p50/p95, the number of queries and the slowest
queries with their plans. Not part of the test run.

``--var-dir DIR`` keeps the SQLite database there; ``--reuse`` times a database built by an
earlier run (``--var-dir``, or ``DATABASE_URL``) instead of building it again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from report_data import YEAR, build, county  # noqa: E402  (next to this file)


def configure(tmp: Path) -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- timing -----------------------------------------------------------------------------------


def measured(fn, repeat: int):
    """Run ``fn`` ``repeat`` times; wall times (ms) and the queries of every run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, runs = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        runs.append(ctx.captured_queries)
    return times, runs


def slowest(runs: list, n: int) -> list[tuple[float, str]]:
    by_sql: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        for q in run:
            by_sql[q["sql"]].append(float(q["time"]) * 1000)
    ranked = sorted(((pct(t, 50), sql) for sql, t in by_sql.items()), reverse=True)
    return ranked[:n]


def plan(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join("      " + " ".join(str(c) for c in row[-1:]) for row in cursor.fetchall())


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def time_reports(root, agencies, args) -> None:
    from django.db import connection

    from gongkai.reports import compute, drafting
    from gongkai.reports.services.live import live_document, rollup_document

    big = agencies[0]
    print(f"load average before the report: {load()}")
    first, first_runs = measured(lambda: live_document(big, YEAR), 1)
    times, runs = measured(lambda: live_document(big, YEAR), args.repeat)
    queries = len(runs[0])
    print(f"{'':<44}{'p50 ms':>10}{'p95 ms':>10}")
    print(f"{'report of the big agency (first run)':<44}{first[0]:>10.0f}")
    print(f"{f'report of the big agency (x{args.repeat}, {queries} queries)':<44}"
          f"{pct(times, 50):>10.0f}{pct(times, 95):>10.0f}")  # fmt: skip
    rows = compute.table2(big, YEAR, with_cases=False)[0]
    parts = {
        "  table1": lambda: compute.table1(big, YEAR),
        "  table2 (+ carry-over list, problems)": lambda: compute.table2(big, YEAR),
        "  table3": lambda: compute.table3(big, YEAR),
        "  fee_collected": lambda: compute.fee_collected(big, YEAR),
        "  reconcile_carry_over": lambda: compute.reconcile_carry_over(rows, big, YEAR),
        "  gather_context": lambda: drafting.gather_context(big, YEAR, 0),
    }
    for label, fn in parts.items():
        t, r = measured(fn, args.repeat)
        print(f"{f'{label} ({len(r[0])} q)':<44}{pct(t, 50):>10.0f}{pct(t, 95):>10.0f}")
    result = compute.compute_figures(big, YEAR)
    ctx = drafting.gather_context(big, YEAR, result.fee_yuan)
    t, _ = measured(lambda: drafting.draft_sections(result.figures, ctx), args.repeat)
    print(f"{'  draft_sections (no query)':<44}{pct(t, 50):>10.1f}{pct(t, 95):>10.1f}")
    t2 = result.figures["table2"]
    print(f"  (2025: received {t2['一'][6]:,}, carried over {t2['二'][6]:,}, closed "
          f"{t2['三.七'][6]:,}, open at the end {t2['四'][6]:,}; Table 1 {result.figures['table1']['行政规范性文件']}"
          f" normative; {len(result.problems)} problem(s))")  # fmt: skip

    print(f"load average before the roll-up: {load()}")
    times_r, runs_r = measured(lambda: rollup_document(root, agencies, YEAR), args.rollup_repeat)
    label = f"roll-up of {len(agencies)} (x{args.rollup_repeat}, {len(runs_r[0])} queries)"
    print(f"{label:<44}{pct(times_r, 50):>10.0f}{pct(times_r, 95):>10.0f}")
    print(f"load average after: {load()}")

    print("\nslowest queries of the big agency's report (p50 ms):")
    for ms, sql in slowest(runs + first_runs, args.explain):
        print(f"  {ms:8.1f}  {sql[:300]}{'…' if len(sql) > 300 else ''}")
        if connection.vendor in ("postgresql", "sqlite"):
            print(plan(sql))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="items of the big agency")
    parser.add_argument("--applications", type=int, default=100_000, help="… and applications")
    parser.add_argument("--agencies", type=int, default=50, help="agencies below the root")
    parser.add_argument("--small-items", type=int, default=10_000, help="items of each other")
    parser.add_argument("--small-applications", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=9, help="runs of the report (p50/p95)")
    parser.add_argument("--rollup-repeat", type=int, default=5, help="runs of the roll-up")
    parser.add_argument("--explain", type=int, default=4, help="plans of the N slowest queries")
    parser.add_argument(
        "--var-dir", type=Path, help="SQLite: keep the database in this folder (default: removed)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="time a database built by an earlier run"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-report-bench-"))
    try:
        if args.var_dir:
            args.var_dir.mkdir(parents=True, exist_ok=True)
        vendor = configure(args.var_dir or tmp)
        run(args, vendor)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, vendor: str) -> None:
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.catalog.models import Item

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    print(
        f"Annual report benchmark — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {vendor} {version}, "
        f"{platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})"
    )
    print(f"load average at the start: {load()}")
    if args.reuse:
        root, agencies = county()
    else:
        start = time.perf_counter()
        root, agencies, (written, stats, how, counts) = build(args, vendor)
        print(
            f"built in {time.perf_counter() - start:.0f} s (rows {written:.0f} s, {how} "
            f"{stats:.0f} s): " + ", ".join(f"{n:,} {name}" for name, n in counts.items())
        )
    big = agencies[0]
    print(
        f"big agency: {Item.objects.filter(agency=big).count():,} items, "
        f"{Application.objects.filter(agency=big).count():,} applications; county: "
        f"{len(agencies)} agencies below the root, {Item.objects.count():,} items, "
        f"{Application.objects.count():,} applications"
    )
    time_reports(root, agencies, args)


if __name__ == "__main__":
    main()
