"""Catalog at scale: ``python benchmarks/catalog_bench.py [--n 100000]``.

Builds a fresh database — a temporary SQLite file, or the empty database in ``DATABASE_URL``
(the script migrates it) — with one agency and its catalog, writes N generated items (invented
titles and text, no copied documents) to a JSON Lines file and times ``gongkai import items`` on
it. Then it times, through Django's test client, the public category page at the first page
and at a deep page (the keyset cursor of the item 50 pages down), the item page, and the
public search for a fixed list of queries, and prints p50/p95 of each. Not part of the test run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

CATEGORIES = [
    "政策文件/行政规范性文件",
    "政策文件/其他文件",
    "政策解读",
    "工作动态",
    "通知公告",
    "人事任免",
    "部门预算",
    "行政处罚",
    "监督检查",
    "乡村振兴",
    "教育",
    "医疗卫生",
    "年度计划与总结",
]
TOPICS = [
    "安全生产",
    "森林防火",
    "防汛抗旱",
    "义务教育",
    "养老服务",
    "就业创业",
    "食品安全",
    "耕地保护",
    "住房保障",
    "乡村振兴",
    "营商环境",
    "政务公开",
    "社会救助",
    "河湖治理",
    "垃圾分类",
    "医疗保障",
    "农村公路",
    "文物保护",
    "统计调查",
    "数字政府",
]
PHRASES = [
    "为深入推进{t}工作，结合本地实际，制定本方案。",
    "各单位要高度重视，明确责任分工，确保各项任务按期完成。",
    "截至{y}年底，全县累计完成{t}项目{n}个，惠及群众{p}万人。",
    "建立健全{t}长效机制，推动{u}高质量发展。",
    "加强{t}信息公开，及时回应社会关切，接受社会监督。",
    "对工作不力、推诿扯皮的，依法依规严肃追究责任。",
    "请于{y}年{m}月{d}日前将{t}工作进展情况报送县政府办公室。",
]
QUERIES = [
    "安全生产",
    "森林防火",
    "义务教育 方案",
    "养老服务",
    "营商环境",
    "防汛",
    "公路",
    "政务公开",
    "蓝政发〔2020〕15号",
    "食品安全 检查",
    "住房保障 通知",
    "社会救助",
]
FIRST_DAY = dt.date(2012, 1, 2)
LAST_DAY = dt.date(2026, 10, 30)


def configure(tmp: Path) -> str:
    if not os.environ.get("DATABASE_URL"):
        os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    return connection.vendor


def write_file(path: Path, n: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    serials: dict[int, int] = {}
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
            t, u = rng.sample(TOPICS, 2)
            values = {
                "t": t,
                "u": u,
                "y": day.year,
                "n": rng.randint(3, 900),
                "p": rng.randint(1, 90),
                "m": rng.randint(1, 12),
                "d": rng.randint(1, 28),
            }
            body = "\n".join(p.format(**values) for p in rng.sample(PHRASES, 4))
            row = {
                "id": f"old-{i}",
                "title": f"关于做好{day.year}年{t}工作的通知（{i}）",
                "body": body,
                "category": rng.choice(CATEGORIES),
                "published_date": day.isoformat(),
                "subject": "综合政务",
                "keywords": f"{t} {u}",
            }
            if rng.random() < 0.2:
                serials[day.year] = serials.get(day.year, 0) + 1
                row["doc_number"] = f"蓝政发〔{day.year}〕{serials[day.year]}号"
                row["written_date"] = (day - dt.timedelta(days=rng.randint(1, 7))).isoformat()
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n",
        type=int,
        default=None,
        help="items (default 100,000 on SQLite, 1,000,000 on PostgreSQL)",
    )
    parser.add_argument(
        "--var-dir",
        type=Path,
        help="SQLite: keep the database in this folder (default: a temporary one, removed)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the pages of a database built by an earlier run (--var-dir, or DATABASE_URL) "
        "instead of building it again",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-catalog-bench-"))
    try:
        if args.var_dir:
            args.var_dir.mkdir(parents=True, exist_ok=True)
        vendor = configure(args.var_dir or tmp)
        n = args.n or (100_000 if vendor == "sqlite" else 1_000_000)
        run(n, vendor, tmp, reuse=args.reuse)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(n: int, vendor: str, tmp: Path, *, reuse: bool = False) -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from gongkai.agencies.credit_code import generate_credit_code
    from gongkai.agencies.models import Agency, AgencyKind
    from gongkai.catalog.models import Category, Item
    from gongkai.catalog.selectors import NEWEST_FIRST, Cursor, public_items
    from gongkai.catalog.services import catalog_create_from_template
    from gongkai.search.selectors import search

    code = generate_credit_code(division="339921", serial=9001)
    agency = Agency.objects.filter(credit_code=code).first()
    if reuse and agency is not None:
        count = Item.objects.filter(agency=agency).count()
        generated = seconds = None
    else:
        agency = Agency.objects.create(
            name="蓝湾县测试局", short_name="测试局", kind=AgencyKind.DEPARTMENT, credit_code=code
        )
        from django.db import transaction

        with transaction.atomic():
            catalog_create_from_template(actor=None, agency=agency)
        path = tmp / "items.jsonl"
        start = time.perf_counter()
        write_file(path, n)
        generated = time.perf_counter() - start

        start = time.perf_counter()
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        try:
            call_command("import", "items", str(path), "--agency", code, verbosity=0)
        except Exception as exc:  # CommandError when a row failed; the figures are still useful
            print(f"import reported: {exc}")
        seconds = time.perf_counter() - start
        after_cpu = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        main_cpu = (after_cpu.ru_utime + after_cpu.ru_stime) - (cpu.ru_utime + cpu.ru_stime)
        count = Item.objects.filter(agency=agency).count()
        path.unlink()

    client = Client()
    category = Category.objects.get(agency=agency, code="news.work")
    url = reverse("catalog:category", args=[agency.credit_code, category.pk])
    in_category = public_items().filter(category=category).order_by(*NEWEST_FIRST)
    depth = min(50 * 20, in_category.count() // 2)  # 50 pages of 20, or half the list when shorter
    deep = in_category[depth - 1 : depth].get()
    after = Cursor.of(deep).encode()

    def page(params=None):
        response = client.get(url, params or {})
        assert response.status_code == 200, response.status_code

    rng = random.Random(7)
    pks = list(
        Item.objects.filter(agency=agency).values_list("pk", flat=True)[:: max(1, count // 500)]
    )

    def item_page():
        response = client.get(reverse("catalog:item", args=[rng.choice(pks)]))
        assert response.status_code == 200, response.status_code

    page()
    item_page()  # warm up templates and the URL resolver
    first = timed(page, 40)
    deep_times = timed(lambda: page({"after": after}), 40)
    item_times = timed(item_page, 100)
    search_times: list[float] = []
    for q in QUERIES:
        search(q)
        search_times += timed(lambda q=q: search(q), 5)

    print()
    print(
        f"Catalog benchmark — {dt.date.today().isoformat()}, {vendor}, {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()})"
    )
    print(f"load average before timing pages: {os.getloadavg()[0]:.2f}")
    if seconds is None:
        print(f"reused a database of {count:,} items")
    else:
        print(f"items generated: {n:,} in {generated:.1f} s; imported {count:,}")
        print(f"{'measure':<34}{'value':>14}")
        print(f"{'import items/s':<34}{count / seconds:>14,.0f}   ({seconds:.1f} s)")
        print(
            f"{'  CPU: importing process':<34}{main_cpu:>13.1f}s"
            f"   worker processes {workers.ru_utime + workers.ru_stime:.1f} s"
        )
    print(f"{'':<34}{'p50 ms':>14}{'p95 ms':>10}")
    rows = [
        ("catalog page (first)", first),
        (f"catalog page (deep, {depth // 20} pages in)", deep_times),
        ("item page", item_times),
        (f"search ({len(QUERIES)} queries x5)", search_times),
    ]
    for label, values in rows:
        print(f"{label:<34}{pct(values, 50):>14.1f}{pct(values, 95):>10.1f}")
    print(f"(median of all search queries: {statistics.median(search_times):.1f} ms)")


if __name__ == "__main__":
    main()
