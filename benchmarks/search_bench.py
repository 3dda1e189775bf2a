"""Search latency at scale: ``python benchmarks/search_bench.py [--n 100000]``.

Builds N synthetic documents (generated, not copied from anywhere) straight into the search
index of a fresh database — a temporary SQLite file, or the database in ``DATABASE_URL`` (it
must be empty: the script migrates it) — then runs a fixed list of queries through the same
``search()`` the public page calls (full-text query, count, entries, snippets) and prints p50
and p95 per kind of query and overall. Not part of the test run.

``--reuse`` queries an index built by an earlier run instead of building one: keep the database
with ``GONGKAI_VAR_DIR=<dir>`` (SQLite) or ``DATABASE_URL`` (PostgreSQL; building 1,000,000
entries takes about 17 minutes on two cores). A PostgreSQL index built before search migration
0003 keeps its tsvectors in the TOAST table until ``VACUUM FULL search_entry``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TOPICS = [
    "部门预算",
    "部门决算",
    "政府信息公开",
    "政务公开",
    "依申请公开",
    "财政预算执行",
    "税收征管",
    "个人所得税",
    "城镇土地使用税",
    "义务教育",
    "学前教育",
    "职业教育",
    "医疗保障",
    "公共卫生",
    "疫情防控",
    "生态环境保护",
    "大气污染防治",
    "水污染防治",
    "农村人居环境",
    "乡村振兴",
    "高标准农田",
    "防汛抗旱",
    "安全生产",
    "道路交通安全",
    "城市管理",
    "住房保障",
    "棚户区改造",
    "养老服务",
    "残疾人保障",
    "就业创业",
    "社会保险",
    "最低生活保障",
    "优化营商环境",
    "招商引资",
    "科技创新",
    "知识产权",
    "市场监管",
    "食品安全",
    "药品安全",
    "森林防火",
    "文物保护",
    "公共文化服务",
    "全民健身",
    "行政审批",
    "政务服务",
    "数字政府",
    "统计调查",
    "审计整改",
    "信访工作",
    "人大代表建议",
    "政协提案",
    "行政规范性文件",
    "法治政府建设",
]
KINDS = ["通知", "公告", "意见", "办法", "方案", "决定", "报告", "通报", "规划", "实施细则", "批复"]
VERBS = ["印发", "做好", "开展", "加强", "进一步规范", "推进", "落实", "做好2026年", "公布"]
SENTENCES = [
    "各乡镇人民政府、街道办事处，县政府各部门、各直属单位：",
    "为深入贯彻落实党中央、国务院决策部署，切实做好{t}工作，现将有关事项通知如下。",
    "坚持以人民为中心的发展思想，统筹推进{t}和{u}工作。",
    "各单位要高度重视，明确责任分工，确保各项任务按期完成。",
    "{t}工作由县{a}牵头，有关部门按照职责分工配合。",
    "{y}年全县{t}资金共计{n}万元，比上年增长{p}%。",
    "请于{y}年{m}月{d}日前将{t}工作进展情况报送县{a}。",
    "本{k}自发布之日起施行，有效期{p}年。",
    "对工作不力、推诿扯皮的，依法依规严肃追究责任。",
    "联系人：县{a}综合科，联系电话：0579-8{n}。",
    "加强{t}信息公开，及时回应社会关切，接受社会监督。",
    "建立健全{t}长效机制，推动{u}高质量发展。",
    "截至{y}年底，累计完成{t}项目{n}个，惠及群众{p}万人。",
    "附件：{y}年{t}情况统计表",
]
AGENCIES = [
    "财政局",
    "税务局",
    "教育局",
    "卫生健康局",
    "生态环境分局",
    "农业农村局",
    "水利局",
    "应急管理局",
    "公安局",
    "住房和城乡建设局",
    "民政局",
    "人力资源和社会保障局",
    "市场监督管理局",
    "自然资源局",
    "文化和广电旅游体育局",
    "统计局",
    "审计局",
    "司法局",
    "交通运输局",
    "发展和改革局",
]
DOC_PREFIX = ["蓝政发", "蓝政办发", "蓝财预", "蓝税发", "蓝教发", "蓝卫发", "蓝环发", "蓝农发"]


def configure(tmp: Path) -> str:
    os.environ.setdefault("GONGKAI_VAR_DIR", str(tmp))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


COLUMNS = (
    "kind",
    "object_id",
    "agency_id",
    "category_id",
    "year",
    "validity",
    "published_date",
    "title",
    "doc_number",
    "index_number",
    "url",
    "body",
    "tokens",
    "indexed_at",
)
CHUNK = 2000


def make_docs(job) -> tuple[list[tuple], dict]:
    """Rows ``start..end`` (run in a worker process: segmentation is the slow part)."""
    from gongkai.search.services import entry_values

    start, end, agencies, seed = job
    rng = random.Random(seed * 1_000_003 + start)
    now = dt.datetime.now(dt.UTC)
    rows, samples = [], {"doc_number": [], "index_number": []}
    for i in range(start, end):
        agency_id, agency_name, credit_code = agencies[rng.randrange(len(agencies))]
        year = rng.randint(2015, 2026)
        published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        topic, other = rng.choice(TOPICS), rng.choice(TOPICS)
        kind = rng.choice(KINDS)
        title = f"关于{rng.choice(VERBS)}{topic}工作的{kind}"
        if rng.random() < 0.3:
            title = f"{agency_name}{year}年{topic}{kind}"
        index_number = f"{credit_code}/{year}-{i:06d}"
        doc_number = (
            f"{rng.choice(DOC_PREFIX)}〔{year}〕{rng.randint(1, 300)}号"
            if rng.random() < 0.5
            else ""
        )
        sentences = [
            rng.choice(SENTENCES).format(
                t=rng.choice((topic, topic, other)),
                u=rng.choice(TOPICS),
                a=rng.choice(AGENCIES),
                y=year,
                m=rng.randint(1, 12),
                d=rng.randint(1, 28),
                n=rng.randint(10, 99999),
                p=rng.randint(1, 30),
                k=kind,
            )
            for _ in range(rng.randint(6, 18))
        ]
        v = entry_values(
            kind="item",
            agency_id=agency_id,
            category_id=rng.randint(1, 40),
            year=year,
            validity=rng.choice(("valid", "valid", "valid", "expired", "repealed")),
            published_date=published,
            title=title,
            doc_number=doc_number,
            index_number=index_number,
            url=f"/items/{i}/",
            body="".join(sentences),
        )
        rows.append(("item", i, *(v[c] for c in COLUMNS[2:-1]), now))
        if i % 2500 == 0:
            if doc_number:
                samples["doc_number"].append(v["doc_number"])
            samples["index_number"].append(v["index_number"])
    return rows, samples


def build(n: int, seed: int = 2026) -> dict:
    """N documents into search_entry (and through it the full-text index), in bulk."""
    from multiprocessing import Pool

    from django.db import connection, transaction

    from gongkai.agencies.credit_code import generate_credit_code
    from gongkai.agencies.models import Agency, AgencyKind

    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"蓝湾县{name}",
            credit_code=generate_credit_code(division="339901", serial=20_000_000 + i),
            kind=AgencyKind.DEPARTMENT,
        )
        for i, name in enumerate(AGENCIES)
    )
    info = [(a.pk, a.name, a.credit_code) for a in agencies]
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if pg:  # build the GIN index once at the end instead of row by row
            cursor.execute("DROP INDEX IF EXISTS search_entry_tsv")
        else:  # fill the FTS table in one pass at the end
            cursor.execute("DROP TRIGGER search_entry_fts_insert")
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    insert = f"INSERT INTO search_entry ({', '.join(COLUMNS)}) VALUES ({placeholders})"
    samples = {"doc_number": [], "index_number": []}
    jobs = [(s, min(s + CHUNK, n + 1), info, seed) for s in range(1, n + 1, CHUNK)]
    started = time.monotonic()
    done = 0
    connection.close()  # the workers are forked: they must not share the connection
    with Pool(os.cpu_count() or 1) as pool:
        for rows, found in pool.imap(make_docs, jobs):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(insert, rows)
            for key in samples:
                samples[key].extend(found[key])
            done += len(rows)
            print(f"\rbuilt {done}/{n}  {time.monotonic() - started:.0f}s", end="", file=sys.stderr)
    print(file=sys.stderr)
    with connection.cursor() as cursor:
        if pg:
            cursor.execute("CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)")
            cursor.execute("VACUUM ANALYZE search_entry")
        else:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute(
                "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN "
                "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END"
            )
            cursor.execute("ANALYZE")
    print(f"build: {time.monotonic() - started:.0f}s", file=sys.stderr)
    return {"agencies": agencies, "samples": samples}


def existing() -> dict:
    from gongkai.agencies.models import Agency
    from gongkai.search.models import SearchEntry

    entries = SearchEntry.objects.order_by("pk")
    return {
        "agencies": list(Agency.objects.order_by("pk")),
        "samples": {
            "doc_number": list(
                entries.exclude(doc_number="").values_list("doc_number", flat=True)[:200:10]
            ),
            "index_number": list(entries.values_list("index_number", flat=True)[:200:10]),
        },
    }


def queries(world) -> list[tuple[str, str, dict]]:
    from gongkai.search.backends import Sort

    agencies, samples = world["agencies"], world["samples"]
    finance, tax = agencies[0].pk, agencies[1].pk
    doc_number = samples["doc_number"][len(samples["doc_number"]) // 2]
    index_number = samples["index_number"][len(samples["index_number"]) // 3]
    date = {"sort": Sort.DATE}
    return [
        ("one char", "税", {}),
        ("one char", "局", {}),
        ("one char", "疫", date),
        ("one char", "水", {"page": 10}),
        ("two chars", "预算", {}),
        ("two chars", "公开", {}),
        ("two chars", "公开", date),
        ("two chars", "教育", {"page": 10}),
        ("two chars", "环境", {**date, "page": 10}),
        ("words", "政府信息公开", {}),
        ("words", "大气污染防治", date),
        ("words", "乡村振兴 高标准农田", {}),
        ("mixed", "2026年 预算", {}),
        ("mixed", "2024年 公开", date),
        ("mixed", "2020年 疫情防控", {}),
        ("doc number", doc_number, {}),
        ("doc number", doc_number.replace("〔", "【").replace("〕", "】"), date),
        ("index number", index_number, {}),
        ("index number", index_number.lower(), date),
        ("filtered", "公开", {"agency_ids": (finance,)}),
        ("filtered", "预算", {"year": 2025, **date}),
        ("filtered", "税", {"agency_ids": (tax,), "validity": "valid", "page": 10}),
        ("filtered", "通知", {"year": 2019, "validity": "repealed"}),
        ("none", "火星基地", {}),
    ]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(world, repeat: int) -> None:
    from gongkai.search.selectors import search

    by_kind: dict[str, list[float]] = {}
    rows = []
    for kind, q, options in queries(world):
        search(q, **options)  # warm the page cache and the statement
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = search(q, **options)
            times.append((time.perf_counter() - t0) * 1000)
        by_kind.setdefault(kind, []).extend(times)
        label = f"{q} {options}" if options else q
        total = f"{result.total}{'+' if result.capped else ''}"
        rows.append((kind, label, total, statistics.median(times), percentile(times, 95)))
    print(f"{'kind':<13}{'query':<58}{'hits':>7}{'p50 ms':>9}{'p95 ms':>9}")
    for kind, label, total, p50, p95 in rows:
        print(f"{kind:<13}{label[:56]:<58}{total:>7}{p50:>9.1f}{p95:>9.1f}")
    print()
    everything = []
    for kind, times in by_kind.items():
        everything.extend(times)
        print(
            f"{kind:<13} p50 {statistics.median(times):7.1f} ms   p95 {percentile(times, 95):7.1f} ms"
        )
    print(
        f"{'overall':<13} p50 {statistics.median(everything):7.1f} ms   "
        f"p95 {percentile(everything, 95):7.1f} ms   ({len(everything)} searches)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of documents")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="query the index already in GONGKAI_VAR_DIR/DATABASE_URL",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gk-searchbench-"))
    try:
        vendor = configure(tmp)
        if args.reuse:
            tmp = Path(tempfile.mkdtemp(prefix="gk-searchbench-"))
        from django.db import connection

        if connection.vendor == "sqlite":
            where = connection.settings_dict["NAME"]
        else:
            where = connection.settings_dict["NAME"] + " on " + connection.settings_dict["HOST"]
        print(
            f"{dt.date.today()}  {vendor} ({where})  n={args.n}  cpus={os.cpu_count()}", flush=True
        )
        from gongkai.search.models import SearchEntry

        if args.reuse and SearchEntry.objects.exists():
            world = existing()
        else:
            world = build(args.n)
        run(world, args.repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
