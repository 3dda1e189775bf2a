"""Demo data of the annual reports: two years for the demo county.

- 2024: the reports the agencies published before they used Gongkai, imported (so the 2025
  reports show the change against last year);
- 2025: the applications of January to November from the agencies' old ledgers (台账), imported
  (the native demo cases start in December 2025), the Table 1 figures entered, and the reports
  drafted, frozen, taken through the catalog's review and published — 民政局 a few days late,
  the county government by 31 March; the other bureaus have not published theirs (late);
- 2026: drafts of the year so far.

Deterministic; everything goes through the real services. Leaves a ``demo.reports`` audit
event, and when that event exists a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import notify
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.reports import layout

MARKER = "demo.reports"
SEED = 2025

# key: (agency name, ledger cases Jan–Nov 2025, day the 2025 report was published or None)
AGENCIES = {
    "gov": ("蓝湾县人民政府", 60, dt.date(2026, 3, 20)),
    "czj": ("蓝湾县财政局", 12, dt.date(2026, 1, 22)),
    "zrj": ("蓝湾县自然资源和规划局", 30, dt.date(2026, 1, 26)),
    "zjj": ("蓝湾县住房和城乡建设局", 25, dt.date(2026, 1, 29)),
    "mzj": ("蓝湾县民政局", 20, dt.date(2026, 2, 5)),  # late: due 31 January
}
SCALE = {name: n for name, n, _d in AGENCIES.values()}  # cases a year, roughly
KIND_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
KIND_WEIGHTS = [70, 14, 2, 3, 6, 5]
CHANNELS = ["网上申请", "当面提交", "邮寄", "电子邮件", "传真"]
# The outcomes of closed ledger cases (short codes of Table 2), most often granted.
OUTCOMES = (
    ["三.一"] * 10
    + ["三.二"] * 4
    + [
        "三.三.4",
        "三.三.6",
        "三.四.1",
        "三.四.1",
        "三.四.2",
        "三.五.2",
        "三.五.3",
        "三.六.1",
        "三.六.3",
    ]
)
TOPICS = [
    "土地征收补偿安置方案",
    "建设项目规划许可",
    "城乡低保对象名单",
    "老旧小区改造计划",
    "专项资金分配情况",
    "养老机构补贴发放",
    "不动产登记资料",
    "行政处罚决定书",
    "年度部门预算",
    "棚户区改造项目",
]


@dataclass
class ReportsDemoResult:
    created: bool
    reports: int


def build_reports() -> ReportsDemoResult:
    from gongkai.reports.models import AnnualReport

    if Event.objects.filter(action=MARKER).exists():
        return ReportsDemoResult(created=False, reports=AnnualReport.objects.count())
    agencies = {
        key: Agency.objects.filter(name=name).first() for key, (name, _n, _d) in AGENCIES.items()
    }
    if any(a is None for a in agencies.values()):
        return ReportsDemoResult(created=False, reports=AnnualReport.objects.count())
    rng = random.Random(SEED)
    with notify.suppressed(), transaction.atomic():
        office = User.objects.get(username="gkb")
        admin = User.objects.get(username="admin")
        for key, agency in agencies.items():
            _, ledger_cases, published_on = AGENCIES[key]
            _import_2024(rng, office, agency)
            _ledger_2025(rng, agency, ledger_cases)
            if key == "gov":
                _remedies_2025(agency)
            _entered(rng, office, agency)
            _report_2025(office, admin, agency, published_on)
            if key in ("gov", "czj"):
                from gongkai.reports.services import report_draft

                report_draft(actor=office, agency=agency, year=2026)
        record_event(actor=None, action=MARKER, agency=agencies["gov"], data={})
    return ReportsDemoResult(created=True, reports=AnnualReport.objects.count())


def _balanced_figures(rng: random.Random, agency: Agency, year: int, scale: int) -> dict:
    t2 = {key: [0] * 7 for key in layout.TABLE2_ROW_KEYS}
    carried = [rng.randint(0, 2) if c == 0 else 0 for c in range(6)]
    received = [0] * 6
    for column, weight in enumerate(KIND_WEIGHTS):
        received[column] = round(scale * weight / 100 * rng.uniform(0.6, 1.4))
    still_open = [0] * 6  # everything of 2024 was answered by its end (2025 starts clean)
    for c in range(6):
        for _ in range(received[c] + carried[c] - still_open[c]):
            t2[rng.choice(OUTCOMES)][c] += 1
    t2["一"][:6], t2["二"][:6], t2["四"][:6] = received, carried, still_open
    for key in layout.TABLE2_ROW_KEYS:
        if key != "三.七":
            t2[key][6] = sum(t2[key][:6])
    t2["三.七"] = [sum(t2[k][c] for k in layout.TABLE2_LEAF_KEYS) for c in range(7)]
    review = rng.randint(0, 2)
    return {
        "agency": agency.name,
        "year": year,
        "table1": {
            "规章": [0, 0, 0],
            "行政规范性文件": [rng.randint(1, 6), rng.randint(0, 2), rng.randint(8, 20)],
            "行政许可": rng.randint(50, 400),
            "行政处罚": rng.randint(5, 60),
            "行政强制": rng.randint(0, 8),
            "行政事业性收费_万元": round(rng.uniform(0, 30), 2),
        },
        "table2": t2,
        "table3": [review, 0, 0, 0, review, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    }


def _import_2024(rng, actor, agency) -> None:
    from gongkai.reports.services import report_import

    report_import(
        actor=actor,
        agency=agency,
        year=2024,
        figures=_balanced_figures(rng, agency, 2024, scale=SCALE.get(agency.name, 20)),
        filename=f"{agency.name}2024年政府信息公开工作年度报告.docx",
        published_on=dt.date(2025, 1, 24),
    )


def _ledger_2025(rng: random.Random, agency: Agency, n: int) -> None:
    """Cases of January to November 2025 from the old ledger; all closed by the end of 2025,
    except two that were closed in January 2026 (carried over)."""
    from gongkai.applications.ledger import import_ledger_rows

    rows = []
    for i in range(n):
        received = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(320))
        if received.weekday() >= 5:
            received -= dt.timedelta(days=received.weekday() - 4)
        if i < 2:
            received = dt.date(2025, 11, 24 + i)
            closed = dt.date(2026, 1, 8 + i)
        else:
            closed = received + dt.timedelta(days=rng.randint(5, 27))
        rows.append(
            {
                "number": f"TZ2025-{i + 1:03d}",
                "applicant_kind": rng.choices(KIND_LABELS, KIND_WEIGHTS)[0],
                "channel": rng.choice(CHANNELS),
                "received_on": received.isoformat(),
                "closed_on": closed.isoformat(),
                "outcome": rng.choice(OUTCOMES),
                "title": f"申请公开{rng.choice(TOPICS)}",
            }
        )
    result = import_ledger_rows(agency, rows)
    assert not result.errors, result.errors


def _remedies_2025(agency: Agency) -> None:
    """Two reconsiderations and a lawsuit of 2025 from the government's old ledger."""
    from gongkai.applications.ledger_remedies import import_remedy_rows

    rows = [
        {
            "kind": "复议",
            "filed_on": "2025-04-14",
            "result": "维持",
            "decided_on": "2025-06-10",
            "reference": "蓝复〔2025〕11号",
        },
        {
            "kind": "复议",
            "filed_on": "2025-09-22",
            "result": "纠正",
            "decided_on": "2025-11-18",
            "reference": "蓝复〔2025〕36号",
        },
        {
            "kind": "诉讼",
            "filed_on": "2025-10-30",
            "result": "尚未审结",
            "decided_on": "",
            "reference": "（2025）蓝0101行初88号",
        },
    ]
    result = import_remedy_rows(agency, rows)
    assert not result.errors, result.errors


def _entered(rng, actor, agency) -> None:
    from gongkai.reports.services import entered_figures_set

    for year in (2025, 2026):
        entered_figures_set(
            actor=actor,
            agency=agency,
            year=year,
            licensing=rng.randint(60, 500),
            penalties=rng.randint(5, 80),
            enforcement=rng.randint(0, 10),
            fees_wan=Decimal(str(round(rng.uniform(0, 40), 2))),
            now=timezone.make_aware(dt.datetime(year + 1 if year == 2025 else year, 1, 12, 9)),
        )


def _report_2025(office, admin, agency, published_on: dt.date | None) -> None:
    from gongkai.catalog.services.items import item_approve
    from gongkai.reports.services import report_draft, report_submit, report_sync

    report = report_draft(actor=office, agency=agency, year=2025)
    if published_on is None:
        return
    at = timezone.make_aware(dt.datetime.combine(published_on, dt.time(10, 0)))
    report = report_submit(actor=office, report=report, acknowledge_problems=True, now=at)
    item_approve(actor=admin, item=report.item, now=at)
    report_sync(report)
