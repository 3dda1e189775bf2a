"""The invented county of ``report_bench.py``: its agencies, items, applications, fee notices
and remedies, written with plain ``executemany`` in batches of 5,000 (one transaction each), not
through the services, then the planner's statistics renewed as ``gongkai import items`` does.

Call ``build(args)`` once Django is set up and the database migrated; ``county()`` finds the
county of an earlier build.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
import sys
import time
from collections import defaultdict

YEAR = 2025  # the report year
YEARS = (2023, 2024, 2025)  # the years the records span
TAKEN_ON = dt.date(2026, 1, 9)  # the records as they stand when the reports are drafted
BATCH = 5_000
DIVISION = "339921"  # 蓝湾县 (invented)

TOPICS = [
    "安全生产", "森林防火", "防汛抗旱", "义务教育", "养老服务", "就业创业", "食品安全",
    "耕地保护", "住房保障", "乡村振兴", "营商环境", "政务公开", "社会救助", "河湖治理",
    "垃圾分类", "医疗保障", "农村公路", "文物保护", "统计调查", "数字政府",
]  # fmt: skip
PHRASES = [
    "为深入推进{t}工作，结合本地实际，制定本方案。",
    "各单位要高度重视，明确责任分工，确保各项任务按期完成。",
    "截至{y}年底，全县累计完成{t}项目{n}个，惠及群众{p}万人。",
    "建立健全{t}长效机制，推动{u}高质量发展。",
    "加强{t}信息公开，及时回应社会关切，接受社会监督。",
    "对工作不力、推诿扯皮的，依法依规严肃追究责任。",
    "请于{y}年{m}月{d}日前将{t}工作进展情况报送县政府办公室。",
    "本办法自印发之日起施行，有效期五年。",
]
# Share of the items in each catalog column (the rest of the leaves share what is left).
CATEGORY_WEIGHTS = {
    "news.work": 24, "news.notices": 12, "law.penalty": 14, "law.licensing": 10,
    "law.enforcement": 2, "key_areas.inspection": 6, "procurement.projects": 5,
    "policy.other": 4, "policy.interpretation": 1.5, "policy.rules": 0.4,
    "policy.normative": 1.6, "personnel.appointments": 2, "livelihood.social_security": 3,
    "livelihood.rural": 2, "key_areas.statistics": 2, "finance.budget": 0.3, "finance.final": 0.3,
}  # fmt: skip
KIND_WEIGHTS = {
    "natural_person": 78, "commercial": 10, "research": 1, "nonprofit": 2,
    "legal_service": 5, "other": 4,
}  # fmt: skip
CHANNEL_WEIGHTS = {
    "online": 55, "in_person": 12, "post": 20, "ordinary_mail": 3, "fax": 1, "email": 7, "oral": 2,
}  # fmt: skip
OUTCOME_WEIGHTS = {
    "granted": 33, "partial": 8, "withheld_1": 0.3, "withheld_2": 0.5, "withheld_3": 0.3,
    "withheld_4": 1.5, "withheld_5": 1.2, "withheld_6": 1.5, "withheld_7": 0.6, "withheld_8": 1,
    "unavailable_1": 24, "unavailable_2": 5, "unavailable_3": 2, "not_handled_1": 4,
    "not_handled_2": 2.5, "not_handled_3": 0.6, "not_handled_4": 0.8, "not_handled_5": 0.7,
    "other_1": 4, "other_2": 0.2, "other_3": 6,
}  # fmt: skip
OPEN_WEIGHTS = {"registered": 20, "handling": 55, "correction": 10, "fee": 3, "decided": 12}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
DEPARTMENTS = [
    "发展和改革局", "教育局", "科学技术局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源和规划局", "住房和城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局",
    "审计局", "统计局", "医疗保障局", "林业局", "城市管理局", "信访局", "数据资源管理局",
    "生态环境分局", "税务局", "供销合作社", "机关事务管理服务中心", "融媒体中心",
]  # fmt: skip
TOWNS = [
    "青石镇", "白沙镇", "柳溪镇", "东岭镇", "南湖镇", "西坪镇", "北山乡", "云台乡", "石门乡",
    "梅林乡", "桃源乡", "金港街道", "城关街道", "江滨街道", "新塘街道", "凤凰街道", "竹园乡",
    "龙泉镇", "清水镇",
]  # fmt: skip


def weighted(rng: random.Random, weights: dict, n: int) -> list:
    return rng.choices(list(weights), weights=list(weights.values()), k=n)


@functools.lru_cache(maxsize=65536)
def stamp(day: dt.date, hour: int, minute: int):
    """A moment of ``day`` (UTC) as the database takes it."""
    from django.db import connection

    moment = dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)
    return connection.ops.adapt_datetimefield_value(moment)


def working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days = [first + dt.timedelta(d) for d in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < 5]


# --- writing rows -----------------------------------------------------------------------------


class Table:
    """``INSERT`` of the columns a row varies in, every other column its field's default."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection

        fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        now = dt.datetime.now(dt.UTC)
        rest = [name for name in fields if name not in columns]
        consts = []
        for name in rest:
            f = fields[name]
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            value = now if auto else f.get_default()
            if value is not None:
                value = f.get_db_prep_save(value, connection)
            consts.append(value)
        self.consts = tuple(consts)
        quote = connection.ops.quote_name
        names = [fields[name].column for name in [*columns, *rest]]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table),
            ", ".join(map(quote, names)),
            ", ".join(["%s"] * len(names)),
        )
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, *values) -> None:
        self.rows.append(values + self.consts)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from django.db import connection, transaction

        if self.rows:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []


def bulk_session(on: bool) -> None:
    """Faster writes while loading: no fsync, a large page cache; put back afterwards."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if on:
                cursor.execute("PRAGMA synchronous = OFF")
                cursor.execute("PRAGMA cache_size = -524288")  # 512 MiB
                cursor.execute("PRAGMA wal_autocheckpoint = 16384")
            else:
                cursor.execute("PRAGMA synchronous = NORMAL")
                cursor.execute("PRAGMA cache_size = -2000")
                cursor.execute("PRAGMA wal_autocheckpoint = 1000")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute(f"SET synchronous_commit = {'off' if on else 'on'}")


def refresh_statistics() -> str:
    """As ``gongkai import items`` does after a large import; PostgreSQL also vacuums (the
    visibility map, which autovacuum's insert threshold would set minutes later anyway)."""
    from django.db import connection

    tables = [
        "catalog_item", "catalog_category", "applications_application",
        "applications_feenotice", "applications_remedy", "agencies_agency",
        "reports_annualreport", "reports_enteredfigures",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) " + ", ".join(tables))
            return "VACUUM (ANALYZE)"
        cursor.execute("PRAGMA optimize")
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone()[0]:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'catalog_item'")
            if cursor.fetchone()[0]:
                return "PRAGMA optimize"
        # PRAGMA optimize analyses only tables this connection's planner has used; on a fresh
        # connection it does nothing, so the tables are analysed by name.
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
        return "PRAGMA optimize (no effect on this connection) + ANALYZE <tables>"


class Bodies:
    """A pool of invented texts, 150–1,000 characters; items pick one (the text is not read by
    the report, but it makes the rows as long as real ones)."""

    def __init__(self, rng: random.Random, n: int = 400):
        self.pool = []
        for _ in range(n):
            t, u = rng.sample(TOPICS, 2)
            values = {"t": t, "u": u, "y": rng.choice(YEARS), "n": rng.randint(3, 900),
                      "p": rng.randint(1, 90), "m": rng.randint(1, 12), "d": rng.randint(1, 28)}  # fmt: skip
            paras = [rng.choice(PHRASES).format(**values) for _ in range(rng.randint(5, 36))]
            self.pool.append(("".join(f"<p>{p}</p>" for p in paras), "\n".join(paras)))


def write_items(table: Table, agency, n: int, rng: random.Random, bodies: Bodies) -> dict:
    """``n`` published items of ``agency``, ordered by date published within each year so the
    索引号 follow it; returns the last serial per year."""
    from gongkai.catalog.models import Category
    from gongkai.catalog.services.numbering import format_index_number

    cats = {c.pk: c for c in Category.objects.filter(agency=agency)}
    top = {}
    for c in cats.values():
        root = c
        while root.parent_id:
            root = cats[root.parent_id]
        top[c.pk] = root.code
    parents = {c.parent_id for c in cats.values()}
    leaves = [c for c in cats.values() if c.pk not in parents and c.code != "on_request"]
    weights = {c: CATEGORY_WEIGHTS.get(c.code, 0.4) for c in leaves}
    days = working_days(dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31))
    dates = sorted(rng.choices(days, k=n))
    categories = weighted(rng, weights, n)
    short = agency.short_name or agency.name
    serials: dict[int, int] = defaultdict(int)
    doc_serials: dict[tuple, int] = defaultdict(int)
    for i, (published, cat) in enumerate(zip(dates, categories, strict=True)):
        year = published.year
        serials[year] += 1
        policy = cat.code in ("policy.rules", "policy.normative")
        t, u = rng.sample(TOPICS, 2)
        doc_number = written = changed = None
        validity = "valid"
        if policy or cat.code == "policy.other" or rng.random() < 0.03:
            written = published - dt.timedelta(days=rng.randint(1, 12))
            kind = "规" if policy else "发"
            doc_serials[(kind, written.year)] += 1
            doc_number = (
                f"蓝{short[:2]}{kind}〔{written.year}〕{doc_serials[(kind, written.year)]}号"
            )
        first = written + dt.timedelta(days=30) if written else TAKEN_ON
        if policy and first < TAKEN_ON and rng.random() < 0.14:  # expired or repealed later
            validity = rng.choice(["expired", "repealed"])
            changed = first + dt.timedelta(days=rng.randint(0, (TAKEN_ON - first).days))
        formed = due = late = None
        if rng.random() < 0.7:  # 形成或者变更之日 known: 20 working days ≈ 28 calendar days
            formed = published - dt.timedelta(days=min(int(rng.expovariate(1 / 9)), 60))
            due = formed + dt.timedelta(days=28)
            late = published > due
        html, text = rng.choice(bodies.pool)
        table.add(
            agency.pk,
            cat.pk,
            top[cat.pk],
            f"{short}关于做好{year}年{t}工作的{rng.choice(['通知', '公告', '通报', '意见'])}（{i}）",
            doc_number or "",
            format_index_number(agency, year, serials[year]),
            year,
            serials[year],
            written,
            published,
            "综合政务",
            f"{t} {u}",
            validity,
            changed,
            formed,
            due,
            late,
            html,
            text,
            "internal" if rng.random() < 0.005 else "public",
            "published",
            stamp(published, 1, 30),
            1,
        )
    table.flush()
    return dict(serials)


ITEM_COLUMNS = [
    "agency_id", "category_id", "section", "title", "doc_number", "index_number", "index_year",
    "index_serial", "written_date", "published_date", "subject", "keywords", "validity",
    "validity_changed_on", "formed_on", "due_date", "published_late", "body_html", "body_text",
    "disclosure_attribute", "status", "published_at", "version",
]  # fmt: skip
APPLICATION_COLUMNS = [
    "agency_id", "number", "query_code_hash", "imported", "ledger_number", "applicant_kind",
    "applicant_name", "id_type", "id_number", "contact_person", "phone", "address", "postcode",
    "info_title", "info_description", "form_wanted", "delivery_wanted", "channel",
    "submitted_at", "received_on", "status", "clock_start", "due_date", "paused_working_days",
    "outcome", "outcome_reason", "decided_on", "replied_on", "archived_at",
]  # fmt: skip
FEE_COLUMNS = ["application_id", "method", "units", "amount", "sent_on", "received_on",
               "pay_by", "paid_on", "lapsed_on"]  # fmt: skip
REMEDY_COLUMNS = ["agency_id", "application_id", "kind", "after_reconsideration", "filed_on",
                  "body", "result", "concluded_on", "reference", "imported", "import_key"]  # fmt: skip


def resident_id(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    first = f"{DIVISION}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first + "10X98765432"[sum(int(c) * w for c, w in zip(first, weights, strict=True)) % 11]


def write_applications(
    tables: dict, agency, n: int, rng: random.Random, serials: dict, plans: list
) -> None:
    """``n`` applications of ``agency`` received over the three years; ``plans`` collects the
    fee notices and remedies to write once the applications have ids."""
    from gongkai.agencies.credit_code import generate_credit_code
    from gongkai.applications import fees

    days = working_days(dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31))
    received_days = sorted(rng.choices(days, k=n))
    kinds = weighted(rng, KIND_WEIGHTS, n)
    channels = weighted(rng, CHANNEL_WEIGHTS, n)
    outcomes = weighted(rng, OUTCOME_WEIGHTS, n)
    table = tables["applications"]
    ledger = 0
    adverse = {o for o in OUTCOME_WEIGHTS if o not in ("granted", "other_2")}
    for i, received in enumerate(received_days):
        kind, channel, outcome = kinds[i], channels[i], outcomes[i]
        imported = received.year == YEARS[0] and rng.random() < 0.3  # from the old 台账
        if imported:
            ledger += 1
            ledger_number = f"{received.year}-{ledger:05d}"
            number = f"L{agency.pk}-{ledger_number}"
        else:
            ledger_number = ""
            serials[received.year] += 1
            number = f"{received.year}-{serials[received.year]:06d}"
        person = kind == "natural_person"
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        if not person:
            name = f"蓝湾县{rng.choice(TOPICS)}{['服务有限公司', '研究院', '协会', '律师事务所', '合作社'][i % 5]}"
        id_number = (
            resident_id(rng)
            if person
            else generate_credit_code(division=DIVISION, serial=rng.randint(1, 9_999_999))
        )
        if imported and rng.random() < 0.4:
            name = id_number = ""  # the ledger did not keep them
        # the clock: 20 working days ≈ 28 calendar days, plus any extension and pause
        paused = rng.choice([3, 5, 8, 12]) if rng.random() < 0.06 else 0
        due = received + dt.timedelta(
            days=28 + (28 if rng.random() < 0.05 else 0) + paused * 7 // 5
        )
        r = rng.random()
        if r < 0.003:
            delay = rng.randint(60, 420)  # stuck: consultations, disputes
        elif r < 0.035:
            delay = rng.randint(29, 55)  # late
        else:
            delay = int(rng.triangular(1, 27, 14))
        fee = None
        if outcome == "other_2" or (outcome in ("granted", "partial") and rng.random() < 0.012):
            sent = received + dt.timedelta(days=rng.randint(3, 8))
            method = rng.choice(["per_page", "per_item"])
            units = rng.randint(31, 260) if method == "per_page" else rng.randint(11, 40)
            amount = (
                fees.per_page_fee(units)
                if method == "per_page"
                else fees.per_item_fee(earlier_items_this_month=0, items=units)
            )
            paid = None if outcome == "other_2" else sent + dt.timedelta(days=rng.randint(2, 14))
            delay = ((paid or sent + dt.timedelta(days=28)) - received).days + rng.randint(1, 4)
            fee = [method, units, amount, sent, sent + dt.timedelta(days=2),
                   sent + dt.timedelta(days=28), paid, None if paid else sent + dt.timedelta(days=29)]  # fmt: skip
        replied = received + dt.timedelta(days=delay)
        if replied > TAKEN_ON:
            replied = None
            status = rng.choices(list(OPEN_WEIGHTS), weights=list(OPEN_WEIGHTS.values()))[0]
            outcome = ""
            if fee is not None:
                fee[6] = fee[7] = None  # not yet paid
        else:
            archived = replied + dt.timedelta(days=10)
            status = "archived" if archived <= TAKEN_ON and rng.random() < 0.7 else "replied"
        if imported and rng.random() < 0.0015:
            replied = received - dt.timedelta(days=rng.randint(1, 30))  # a ledger typing error
            status, outcome = "archived", outcome or "granted"
        submitted = received - dt.timedelta(days=rng.randint(1, 3) if channel == "post" else 0)
        table.add(
            agency.pk,
            number,
            hashlib.sha256(number.encode()).hexdigest(),
            imported,
            ledger_number,
            kind,
            name,
            ("resident_id" if person else "credit_code") if id_number else "",
            id_number,
            "" if person else rng.choice(SURNAMES) + "女士",
            f"0579-8{rng.randint(1000000, 9999999)}",
            f"蓝湾县{rng.choice(TOWNS)}{rng.randint(1, 300)}号",
            "339900",
            f"{rng.choice(YEARS)}年{rng.choice(TOPICS)}相关{rng.choice(['文件', '资金', '项目', '检查记录'])}",
            "请提供相关政府信息。",
            "" if imported else rng.choice(["paper", "email", "disc", "other"]),
            "" if imported else rng.choice(["post", "collect", "email", "online"]),
            channel,
            stamp(submitted, 2 + i % 7, i % 60),
            received,
            status,
            received,
            None if imported else due,
            paused,
            outcome,
            "依据《中华人民共和国政府信息公开条例》作出答复。" if outcome else "",
            replied,
            replied,
            stamp(replied + dt.timedelta(days=10), 8, 0)
            if status == "archived" and replied
            else None,
        )
        if fee is not None:
            plans.append(("fee", agency.pk, number, fee))
        if replied and outcome in adverse and rng.random() < 0.03:
            plans.append(("remedy", agency.pk, number, remedy_plan(rng, replied)))
    table.flush()


def remedy_plan(rng: random.Random, replied: dt.date) -> list[tuple]:
    """A reconsideration or lawsuit filed after the reply (a lawsuit after review: both)."""

    def concluded(filed: dt.date, longest: int):
        on = filed + dt.timedelta(days=rng.randint(20, longest))
        if on > TAKEN_ON:
            return "pending", None
        return rng.choices(["upheld", "corrected", "other"], weights=[65, 15, 20])[0], on

    filed = replied + dt.timedelta(days=rng.randint(10, 55))
    kind = rng.choices(["review", "lawsuit", "both"], weights=[65, 20, 15])[0]
    rows = []
    if kind in ("review", "both"):
        result, on = concluded(filed, 70)
        rows.append(("reconsideration", False, filed, "蓝湾县人民政府", result, on))
        if kind == "both":
            if on is None:
                return rows
            filed, kind = on + dt.timedelta(days=rng.randint(5, 14)), "after"
    if kind in ("lawsuit", "after"):
        result, on = concluded(filed, 200)
        rows.append(("litigation", kind == "after", filed, "蓝湾县人民法院", result, on))
    return [row for row in rows if row[2] <= TAKEN_ON]


def write_plans(tables: dict, plans: list) -> None:
    from django.db import connection

    from gongkai.applications.models import Application

    ids = {}
    with connection.cursor() as cursor:
        for agency_id in {p[1] for p in plans}:
            cursor.execute(
                f"SELECT number, id FROM {Application._meta.db_table} WHERE agency_id = %s",
                [agency_id],
            )
            ids.update(cursor.fetchall())
    serial = 0
    for what, agency_id, number, plan in plans:
        if what == "fee":
            tables["fee notices"].add(ids[number], *plan)
            continue
        for kind, after, filed, body, result, on in plan:
            serial += 1
            tables["remedies"].add(
                agency_id, ids[number], kind, after, filed, body, result, on,
                f"蓝{'复' if kind == 'reconsideration' else '行初'}〔{filed.year}〕{serial}号",
                False, "",
            )  # fmt: skip
    tables["fee notices"].flush()
    tables["remedies"].flush()


# --- the county -------------------------------------------------------------------------------


def build(args, vendor: str):
    from django.db import transaction

    from gongkai.agencies.credit_code import generate_credit_code
    from gongkai.agencies.models import Agency, AgencyKind
    from gongkai.applications.models import Application, ApplicationSequence, FeeNotice, Remedy
    from gongkai.catalog.models import IndexSequence, Item
    from gongkai.catalog.services import catalog_create_from_template
    from gongkai.reports.models import EnteredFigures

    if Agency.objects.exists():
        sys.exit("The database is not empty: give an empty one, or --reuse to time it again.")
    rng = random.Random(2026)
    root = Agency.objects.create(
        name="蓝湾县人民政府", short_name="县政府", kind=AgencyKind.GOVERNMENT,
        credit_code=generate_credit_code(division=DIVISION, serial=8000), sort_order=0,
    )  # fmt: skip
    big = Agency.objects.create(
        name="蓝湾县市场监督管理局", short_name="市场监管局", kind=AgencyKind.DEPARTMENT,
        credit_code=generate_credit_code(division=DIVISION, serial=8001), parent=root, sort_order=1,
    )  # fmt: skip
    agencies = [big]
    for i, name in enumerate((DEPARTMENTS + TOWNS)[: args.agencies - 1]):
        town = name in TOWNS
        agencies.append(
            Agency.objects.create(
                name=f"蓝湾县{name}"
                if not town
                else f"{name}{'办事处' if '街道' in name else '人民政府'}",
                short_name=name,
                kind=AgencyKind.TOWN if town else AgencyKind.DEPARTMENT,
                credit_code=generate_credit_code(division=DIVISION, serial=8002 + i),
                parent=root,
                sort_order=2 + i,
            )
        )
    for agency in [root, *agencies]:
        with transaction.atomic():
            catalog_create_from_template(actor=None, agency=agency)

    bodies = Bodies(rng)
    bulk_session(True)
    tables = {
        "items": Table(Item, ITEM_COLUMNS),
        "applications": Table(Application, APPLICATION_COLUMNS),
        "fee notices": Table(FeeNotice, FEE_COLUMNS),
        "remedies": Table(Remedy, REMEDY_COLUMNS),
    }
    app_serials: dict[int, int] = defaultdict(int)
    plans: list = []
    start = time.perf_counter()
    for agency in agencies:
        big_one = agency is big
        last = write_items(
            tables["items"], agency, args.items if big_one else args.small_items, rng, bodies
        )
        IndexSequence.objects.bulk_create(
            [IndexSequence(agency=agency, year=y, last_serial=s) for y, s in last.items()]
        )
        n = args.applications if big_one else args.small_applications
        write_applications(tables, agency, n, rng, app_serials, plans)
        if big_one:
            print(f"  big agency written in {time.perf_counter() - start:.0f} s", flush=True)
    ApplicationSequence.objects.bulk_create(
        [ApplicationSequence(year=y, last_serial=s) for y, s in app_serials.items()]
    )
    write_plans(tables, plans)
    now = dt.datetime.now(dt.UTC)
    EnteredFigures.objects.bulk_create(
        EnteredFigures(
            agency=a,
            year=y,
            licensing=rng.randint(0, 3000),
            penalties=rng.randint(0, 800),
            enforcement=rng.randint(0, 60),
            fees_wan=rng.randint(0, 50000) / 100,
            source="基准测试",
            entered_at=now,
        )  # fmt: skip
        for a in agencies
        for y in YEARS
    )
    bulk_session(False)
    written = time.perf_counter() - start
    start = time.perf_counter()
    how = refresh_statistics()
    stats = time.perf_counter() - start
    publish_last_year(big)
    counts = {name: t.written for name, t in tables.items()}
    return root, agencies, (written, stats, how, counts)


def publish_last_year(agency) -> None:
    """Last year's report, frozen from the same records, as the publishing service leaves it."""
    from gongkai.reports import compute
    from gongkai.reports.models import AnnualReport, ReportStatus

    result = compute.compute_figures(agency, YEAR - 1)
    AnnualReport.objects.create(
        agency=agency, year=YEAR - 1, status=ReportStatus.PUBLISHED, figures=result.figures,
        carry_over=result.carry_over, fee_yuan=result.fee_yuan,
        frozen_at=dt.datetime(YEAR, 1, 20, 2, tzinfo=dt.UTC), published_on=dt.date(YEAR, 1, 22),
    )  # fmt: skip


def county():
    from gongkai.agencies.credit_code import generate_credit_code
    from gongkai.agencies.models import Agency

    root = Agency.objects.filter(
        credit_code=generate_credit_code(division=DIVISION, serial=8000)
    ).first()
    if root is None:
        sys.exit("No benchmark county in this database: run without --reuse first.")
    return root, list(Agency.objects.filter(parent=root).order_by("sort_order", "pk"))
