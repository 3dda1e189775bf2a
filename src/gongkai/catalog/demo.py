"""Demo data of the catalog: every demo agency's catalog and a few thousand generated items.

Everything is invented from templates and phrase lists (no text is copied from real documents)
with a seeded random generator, so two builds on the same day are identical. The bulk of the
items goes in through the importer (``import_rows``, published as of their own dates); the few
workflow cases (withdrawals, repeals with a replacement, drafts and items under review) go
through the real services. The build is one transaction and leaves a ``demo.catalog`` audit
event; when that event exists, a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.catalog.importers import import_key, import_rows
from gongkai.catalog.models import Category, Item, ItemStatus, Validity
from gongkai.catalog.services import catalog_create_from_template
from gongkai.catalog.services.items import (
    item_create,
    item_set_validity,
    item_submit,
    item_withdraw,
)
from gongkai.core.importing import Row

SEED = 2026
COUNTY = "蓝湾县"  # as in gongkai.core.demo.county
MARKER = "demo.catalog"
ITEMS_PER_AGENCY = 200
FIRST_DAY = dt.date(2024, 1, 2)
LAST_DAY = dt.date(2026, 11, 20)

# 机关代字 of each demo agency (for 文号 like 蓝财发〔2026〕12号), by name.
DOC_PREFIX = {
    "蓝湾县人民政府": "蓝政",
    "蓝湾县发展和改革局": "蓝发改",
    "蓝湾县教育局": "蓝教",
    "蓝湾县财政局": "蓝财",
    "蓝湾县人力资源和社会保障局": "蓝人社",
    "蓝湾县自然资源和规划局": "蓝自然资规",
    "蓝湾县住房和城乡建设局": "蓝建",
    "蓝湾县卫生健康局": "蓝卫健",
    "蓝湾县市场监督管理局": "蓝市监",
    "蓝湾县民政局": "蓝民",
    "蓝湾县交通运输局": "蓝交",
    "蓝湾县青石镇人民政府": "青政",
    "蓝湾县白沙镇人民政府": "白政",
    "蓝湾县柳溪乡人民政府": "柳政",
    "蓝湾县政务服务中心": "蓝政服",
}
TOPICS = {
    "蓝湾县人民政府": [
        "优化营商环境",
        "防汛抗旱",
        "安全生产",
        "乡村振兴",
        "数字政府建设",
        "政务公开",
    ],
    "蓝湾县发展和改革局": ["重大项目建设", "粮食安全", "价格监测", "节能降耗", "社会信用体系建设"],
    "蓝湾县教育局": ["义务教育均衡发展", "学前教育", "学生资助", "校园安全", "教师队伍建设"],
    "蓝湾县财政局": ["预算绩效管理", "政府采购", "国库集中支付", "惠民惠农补贴", "政府债务管理"],
    "蓝湾县人力资源和社会保障局": [
        "就业创业",
        "城乡居民养老保险",
        "技能人才培养",
        "根治欠薪",
        "劳动关系协调",
    ],
    "蓝湾县自然资源和规划局": [
        "耕地保护",
        "国土空间规划",
        "不动产登记",
        "地质灾害防治",
        "矿产资源管理",
    ],
    "蓝湾县住房和城乡建设局": [
        "住房保障",
        "老旧小区改造",
        "建筑施工安全",
        "物业管理",
        "城乡污水治理",
    ],
    "蓝湾县卫生健康局": [
        "基层医疗服务",
        "传染病防控",
        "家庭医生签约",
        "老年健康服务",
        "爱国卫生运动",
    ],
    "蓝湾县市场监督管理局": [
        "食品安全",
        "特种设备安全",
        "价格监督检查",
        "知识产权保护",
        "计量监督",
    ],
    "蓝湾县民政局": ["最低生活保障", "养老服务", "社会组织管理", "殡葬改革", "儿童福利"],
    "蓝湾县交通运输局": ["农村公路建设", "道路运输安全", "公交一体化", "交通综合执法", "桥梁养护"],
}
TOWN_TOPICS = ["人居环境整治", "森林防火", "村级集体经济", "防汛防台", "平安乡村建设"]
SUBJECTS = {
    "蓝湾县教育局": "科技、教育",
    "蓝湾县财政局": "财政、金融、审计",
    "蓝湾县人力资源和社会保障局": "劳动、人事、监察",
    "蓝湾县自然资源和规划局": "国土资源、能源",
    "蓝湾县住房和城乡建设局": "城乡建设、环境保护",
    "蓝湾县卫生健康局": "卫生、体育",
    "蓝湾县市场监督管理局": "市场监管、安全生产监管",
    "蓝湾县民政局": "民政、扶贫、救灾",
    "蓝湾县交通运输局": "工业、交通",
    "蓝湾县发展和改革局": "国民经济管理、国有资产监管",
}

OPENERS = [
    "为深入推进{topic}工作，切实提升{county}{topic}水平，结合本地实际，制定本{kind}。",
    "根据上级有关部署，{agency}于近日组织开展{topic}相关工作，现将有关情况通报如下。",
    "{year}年，{agency}围绕{topic}重点任务，统筹协调、压实责任，各项工作有序推进。",
    "为进一步规范{topic}管理，保障群众合法权益，经研究，现就有关事项通知如下。",
]
MIDDLES = [
    "一是强化组织领导。成立{topic}工作专班，明确责任分工，建立定期调度机制。",
    "二是突出工作重点。聚焦群众反映集中的问题，逐项建立台账，限期整改到位。",
    "三是加强协同配合。各相关单位按照职责分工，密切配合，形成工作合力。",
    "截至{year}年{month}月底，全县累计完成{topic}相关项目{n}个，完成年度目标的{p}%。",
    "各乡镇人民政府、县直各有关单位要结合实际，细化工作措施，确保各项任务落到实处。",
    "要加强宣传引导，通过政府网站、政务新媒体等渠道，及时公开{topic}工作进展。",
    "对工作中发现的问题，要及时研究解决；重大情况及时报告{agency}。",
    "本次检查共抽查单位{n}家，发现问题{m}个，已全部督促整改。",
]
CLOSERS = [
    "本{kind}自印发之日起施行，由{agency}负责解释。",
    "请各单位于{year}年{month}月{day}日前将工作开展情况报送{agency}办公室。",
    "特此通知。",
    "欢迎社会各界监督，如有意见建议，请通过县政府门户网站政民互动栏目反映。",
]
WITHDRAW_REASONS = [
    "信息内容有误，更正后重新发布。",
    "与已发布信息重复，撤回重复稿件。",
    "所涉活动已取消，相关通知不再适用。",
    "附件版本有误，撤回后按审核流程重新发布。",
]


@dataclass
class CatalogDemoResult:
    created: bool
    items: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def build_catalog() -> CatalogDemoResult:
    """Give the demo county its catalogs and items, once (see the module docstring)."""
    # Imported here: gongkai.core.demo imports this module to list it in BUILDERS.
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return CatalogDemoResult(created=False, items=Item.objects.count())
    with transaction.atomic(), tempfile.TemporaryDirectory() as tmp:
        counts = _build(gov, Path(tmp))
        record_event(actor=None, action=MARKER, agency=gov, data=counts)
    return CatalogDemoResult(created=True, items=Item.objects.count(), counts=counts)


def _agencies(gov: Agency) -> list[Agency]:
    return list(Agency.objects.filter(Q(pk=gov.pk) | Q(parent=gov)).order_by("sort_order", "pk"))


def _days(rng: random.Random, last: dt.date) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((last - FIRST_DAY).days + 1))


class _Generator:
    def __init__(self, rng: random.Random, agency: Agency, last: dt.date, files: Path):
        self.rng, self.agency, self.last, self.files = rng, agency, last, files
        self.prefix = DOC_PREFIX.get(agency.name, "蓝")
        self.topics = TOPICS.get(agency.name, TOWN_TOPICS)
        self.subject = SUBJECTS.get(agency.name, "综合政务")
        self.serials: dict[tuple[str, int], int] = defaultdict(int)
        self.rows: list[dict] = []
        self.n = 0
        self.short = agency.short_name or agency.name

    def doc_number(self, year: int, suffix: str = "发") -> str:
        key = (self.prefix + suffix, year)
        self.serials[key] += self.rng.randint(1, 4)
        return f"{self.prefix}{suffix}〔{year}〕{self.serials[key]}号"

    def body(self, topic: str, kind: str, year: int, paragraphs: int | None = None) -> str:
        rng = self.rng
        values = {
            "topic": topic,
            "kind": kind,
            "year": year,
            "county": COUNTY,
            "agency": self.short,
            "month": rng.randint(1, 12),
            "day": rng.randint(1, 28),
            "n": rng.randint(3, 80),
            "m": rng.randint(1, 12),
            "p": rng.randint(60, 100),
        }
        parts = [rng.choice(OPENERS)]
        parts += rng.sample(MIDDLES, paragraphs or rng.randint(2, 5))
        parts.append(rng.choice(CLOSERS))
        return "\n".join(p.format(**values) for p in parts)

    def add(
        self, category: str, title: str, *, day: dt.date, body: str, doc: str = "", **extra
    ) -> str:
        self.n += 1
        old_id = f"demo-{self.agency.pk}-{self.n}"
        row = {
            "id": old_id,
            "title": title,
            "body": body,
            "category": category,
            "doc_number": doc,
            "published_date": day.isoformat(),
            "written_date": (day - dt.timedelta(days=self.rng.randint(1, 8))).isoformat()
            if doc
            else "",
            "subject": self.subject,
            "keywords": " ".join(extra.pop("keywords", [])),
        }
        row.update(extra)
        self.rows.append(row)
        return old_id

    def generate(self, count: int) -> None:
        rng = self.rng
        policies: list[tuple[str, str, dt.date]] = []
        years = range(FIRST_DAY.year, self.last.year + 1)
        for year in years:
            # The yearly documents every agency publishes.
            budget_day = dt.date(year, 2, rng.randint(5, 25))
            if budget_day <= self.last:
                self.add(
                    "finance.budget",
                    f"{self.agency.name}{year}年部门预算公开说明",
                    day=budget_day,
                    body=self.body("部门预算", "说明", year),
                    keywords=["部门预算", str(year)],
                )
                self.add(
                    "disclosure_work.annual_reports",
                    f"{self.agency.name}{year - 1}年政府信息公开工作年度报告",
                    day=dt.date(year, 1, rng.randint(10, 28)),
                    body=self.body("政府信息公开", "报告", year - 1),
                    keywords=["年度报告"],
                )
            final_day = dt.date(year, 9, rng.randint(1, 20))
            if final_day <= self.last:
                self.add(
                    "finance.final",
                    f"{self.agency.name}{year - 1}年部门决算公开说明",
                    day=final_day,
                    body=self.body("部门决算", "说明", year - 1),
                    keywords=["部门决算"],
                )
        while len(self.rows) < count:
            day = _days(rng, self.last)
            year = day.year
            topic = rng.choice(self.topics)
            roll = rng.random()
            if roll < 0.22:
                kind = rng.choice(["方案", "办法", "实施意见", "实施细则"])
                if kind in ("方案", "办法"):
                    inner = (
                        f"{COUNTY}{year}年{topic}工作{kind}"
                        if kind == "方案"
                        else f"{COUNTY}{topic.removesuffix('管理')}管理办法"
                    )
                    title = f"关于印发《{inner}》的通知"
                else:
                    inner = f"{self.short}关于进一步加强{topic}工作的{kind}"
                    title = inner
                normative = rng.random() < 0.6
                doc = self.doc_number(year, "规" if normative and self.prefix == "蓝政" else "发")
                old = self.add(
                    "policy.normative" if normative else "policy.other",
                    title,
                    day=day,
                    body=self.body(topic, kind, year, 5),
                    doc=doc,
                    keywords=[topic, kind],
                    validity="失效" if year == 2024 and rng.random() < 0.1 else "有效",
                )
                policies.append((old, inner, day))
                if rng.random() < 0.45:  # 政策解读, published with or shortly after the document
                    later = min(day + dt.timedelta(days=rng.randint(0, 3)), self.last)
                    self.add(
                        "policy.interpretation",
                        f"一图读懂《{inner}》" if rng.random() < 0.3 else f"《{inner}》政策解读",
                        day=later,
                        body=self.body(topic, "解读", year, 3),
                        keywords=[topic, "政策解读"],
                        interprets=[old],
                    )
            elif roll < 0.50:
                title = rng.choice(
                    [
                        f"{self.short}召开{year}年{topic}工作推进会",
                        f"{self.short}开展{topic}专项检查",
                        f"{self.short}部署{topic}重点工作",
                        f"{topic}工作取得阶段性成效",
                        f"{self.short}组织{topic}业务培训",
                    ]
                )
                self.add(
                    "news.work",
                    title,
                    day=day,
                    body=self.body(topic, "动态", year, 2),
                    keywords=[topic],
                )
            elif roll < 0.65:
                title = rng.choice(
                    [
                        f"关于{year}年{topic}有关事项的公示",
                        f"关于做好{year}年{topic}工作的通知",
                        f"{self.short}关于征集{topic}意见建议的公告",
                    ]
                )
                self.add(
                    "news.notices",
                    title,
                    day=day,
                    body=self.body(topic, "通知", year, 3),
                    keywords=[topic],
                )
            elif roll < 0.72:
                title = f"{self.agency.name}{year}年公开招聘编外工作人员公告"
                if rng.random() < 0.5:
                    title = f"{self.agency.name}{year}年公开招聘编外工作人员拟聘用人员名单公示"
                self.add(
                    "personnel.recruitment",
                    title,
                    day=day,
                    body=self.body("人员招聘", "公告", year, 3),
                    keywords=["招聘"],
                )
            elif roll < 0.80:
                n = rng.randint(1, 300)
                doc = f"{self.prefix}罚〔{year}〕{n}号"
                self.add(
                    "law.penalty",
                    f"行政处罚决定书（{doc}）",
                    day=day,
                    doc=doc,
                    body=self.body(topic, "决定", year, 3),
                    keywords=["行政处罚"],
                )
            elif roll < 0.86:
                q = (day.month - 1) // 3 + 1
                self.add(
                    "key_areas.inspection",
                    f"{year}年第{q}季度{topic}监督检查情况通报",
                    day=day,
                    body=self.body(topic, "通报", year, 3),
                    keywords=[topic, "监督检查"],
                )
            elif roll < 0.92:
                self.add(
                    "livelihood.social_security",
                    f"{year}年{topic}补助资金分配情况公示",
                    day=day,
                    body=self.body(topic, "公示", year, 2),
                    keywords=[topic, "补助资金"],
                )
            else:
                self.add(
                    "plans.annual",
                    f"{self.short}{year}年{topic}工作要点",
                    day=day,
                    body=self.body(topic, "要点", year, 4),
                    keywords=[topic, "工作要点"],
                )
        self.policies = policies

    def internal(self, count: int) -> None:
        """内部公开: monthly finance, travel and reception spending (visible to staff only)."""
        for _ in range(count):
            day = _days(self.rng, self.last)
            month = day.month
            title = self.rng.choice(
                [
                    f"{self.short}{day.year}年{month}月财务收支情况",
                    f"{self.short}{day.year}年{month}月差旅费支出明细",
                    f"{self.short}{day.year}年{month}月公务接待费支出情况",
                ]
            )
            self.add(
                "finance.three_public",
                title,
                day=day,
                body=self.body("经费支出", "报表", day.year, 2),
                disclosure_attribute="内部公开",
                keywords=["内部公开"],
            )

    def late(self, count: int) -> None:
        """Published more than 20 working days after being formed (the timeliness report shows them)."""
        for row in self.rng.sample(self.rows, count):
            published = dt.date.fromisoformat(row["published_date"])
            row["formed_on"] = (published - dt.timedelta(days=self.rng.randint(35, 70))).isoformat()

    def on_time(self, share: float) -> None:
        for row in self.rows:
            if "formed_on" not in row and self.rng.random() < share:
                published = dt.date.fromisoformat(row["published_date"])
                row["formed_on"] = (
                    published - dt.timedelta(days=self.rng.randint(0, 10))
                ).isoformat()

    def attach(self, count: int) -> None:
        candidates = [
            r
            for r in self.rows
            if r["category"]
            in (
                "news.notices",
                "livelihood.social_security",
                "key_areas.inspection",
                "finance.budget",
            )
        ]
        for j, row in enumerate(self.rng.sample(candidates, min(count, len(candidates)))):
            kind = ("xlsx", "docx", "pdf")[j % 3]
            name = f"{self.agency.pk}-{j + 1}-附件{j + 1}.{kind}"
            (self.files / name).write_bytes(_attachment(kind, row["title"], self.rng))
            row["attachments"] = [name]


def _attachment(kind: str, title: str, rng: random.Random) -> bytes:
    out = io.BytesIO()
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "明细表"
        sheet.append(["序号", "乡镇（单位）", "金额（万元）", "备注"])
        for i, town in enumerate(["青石镇", "白沙镇", "柳溪乡", "县直单位"], start=1):
            sheet.append([i, town, rng.randint(5, 300), ""])
        sheet.append(["", "合计", "=SUM(C2:C5)", title[:30]])
        book.save(out)
    elif kind == "docx":
        from docx import Document

        doc = Document()
        doc.add_heading(f"附件：{title[:40]}", level=1)
        for i in range(3):
            doc.add_paragraph(f"{i + 1}. 有关事项说明第{i + 1}条，具体以正式文件为准。")
        doc.save(out)
    else:
        return _tiny_pdf(
            [f"Lanwan County demo attachment {rng.randint(1, 999)}", "Generated for the demo site."]
        )
    return out.getvalue()


def _tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ASCII text in Helvetica, written by hand (no PDF library needed)."""
    content = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{obj}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _build(gov: Agency, files: Path) -> dict[str, int]:
    rng = random.Random(SEED)
    now = timezone.now()
    last = min(LAST_DAY, timezone.localdate() - dt.timedelta(days=1))
    agencies = _agencies(gov)
    for agency in agencies:
        catalog_create_from_template(actor=None, agency=agency)
    generators = []
    for agency in agencies:
        gen = _Generator(rng, agency, last, files)
        gen.generate(
            ITEMS_PER_AGENCY if agency.kind != AgencyKind.INSTITUTION else ITEMS_PER_AGENCY // 2
        )
        gen.internal(4 if agency.kind != AgencyKind.INSTITUTION else 2)
        gen.late(2 if agency.kind == AgencyKind.DEPARTMENT else 1)
        gen.on_time(0.3)
        gen.attach(3)
        generators.append(gen)
    imported = 0
    for gen in generators:
        rows = [Row(line, data) for line, data in enumerate(gen.rows, start=1)]
        result = import_rows(rows, agency=gen.agency, base_dir=files, source="demo", now=now)
        if result.errors:  # the generator's own bug: stop rather than build a half demo
            raise RuntimeError(f"demo rows rejected: {result.sorted_errors()[:3]}")
        imported += result.created

    admin = User.objects.filter(username="admin").first()
    withdrawn = repealed = 0
    if admin is not None:
        news = list(
            Item.objects.filter(
                agency__in=agencies,
                status=ItemStatus.PUBLISHED,
                category__code__in=["news.work", "news.notices"],
            ).order_by("pk")
        )
        for item in rng.sample(news, 30):
            item_withdraw(actor=admin, item=item, reason=rng.choice(WITHDRAW_REASONS), now=now)
            withdrawn += 1
        for gen in generators[:8]:
            normative = [p for p in gen.policies if "办法" in p[1]]
            normative.sort(key=lambda p: p[2])
            if len(normative) >= 2:
                old = Item.objects.get(import_key=import_key(gen.agency, old_id=normative[0][0]))
                new = Item.objects.get(import_key=import_key(gen.agency, old_id=normative[-1][0]))
                if old.validity == Validity.VALID and new.is_public:
                    item_set_validity(
                        actor=admin,
                        item=old,
                        validity=Validity.REPEALED,
                        changed_on=new.published_date,
                        replaced_by=new,
                    )
                    repealed += 1
    drafts = _workflow_items(rng)
    return {"items": imported, "withdrawn": withdrawn, "repealed": repealed, "in_review": drafts}


def _workflow_items(rng: random.Random) -> int:
    """Drafts and submitted items of the 财政局 for the demo officer and reviewer accounts."""
    officer = User.objects.filter(username="czj_officer").first()
    agency = Agency.objects.filter(name="蓝湾县财政局").first()
    if officer is None or agency is None:
        return 0
    notices = Category.objects.get(agency=agency, code="news.notices")
    budget = Category.objects.get(agency=agency, code="finance.budget")
    created = 0
    drafts = [
        (
            notices,
            "关于开展2026年度财政资金绩效自评工作的通知",
            "请各预算单位按要求完成绩效自评，并于规定时间内报送自评报告。",
            False,
        ),
        (
            budget,
            "蓝湾县财政局2027年部门预算编制说明（草稿）",
            "本说明介绍部门预算编制的基本情况和主要支出安排。",
            False,
        ),
        (
            notices,
            "关于做好年末国库集中支付工作的通知",
            "各预算单位要合理安排用款进度，确保年末支付工作平稳有序。",
            True,
        ),
        (
            notices,
            "关于惠民惠农补贴资金发放情况的公示",
            "对补贴发放有疑问的，请在公示期内向县财政局反映，联系人：周老师，联系电话：13912345678。",
            True,
        ),
    ]
    for category, title, body, submit in drafts:
        item = item_create(
            actor=officer,
            agency=agency,
            category=category,
            title=title,
            body_html=f"<p>{body}</p>",
            subject="财政、金融、审计",
        )
        if submit:
            item_submit(actor=officer, item=item)
        created += 1
    return created
