"""Demo data of the site self-check: a few problems of the kind a county site really has,
planted in the demo county, and a run of the check so the findings page has something to show.

- 县交通运输局 added a 动态 column "项目建设进展" under 部门动态 and stopped updating it five
  weeks ago (动态类栏目不更新);
- 县卫生健康局 opened a column "家庭医生签约服务" and never published in it (空白栏目);
- a notice of 县教育局 still links to a notice that was withdrawn since (站内链接不可用).

Everything is invented. Planted through the catalog's own services and importer; the check is
the real one. Once: a ``demo.selfcheck`` audit event marks it done and a second run changes
nothing. No e-mail is sent.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import notify
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.catalog.importers import import_rows
from gongkai.catalog.models import Category, Item, ItemStatus
from gongkai.catalog.services import category_save
from gongkai.core.importing import Row
from gongkai.supervision.models.selfcheck import Finding, RunTrigger
from gongkai.supervision.selfcheck.runner import AlreadyRunToday, selfcheck_run

MARKER = "demo.selfcheck"
TRANSPORT = "蓝湾县交通运输局"
HEALTH = "蓝湾县卫生健康局"
EDUCATION = "蓝湾县教育局"

PROJECT_NEWS = [
    (61, "县道X306线路面改造工程完成路基施工", "工程完成路基填筑和压实，转入路面基层施工阶段。"),
    (48, "农村公路安全生命防护工程开工建设", "工程涉及全县12条农村公路，计划年底前完工。"),
    (37, "蓝湾大桥维修加固工程通过交工验收", "验收组实地察看了桥面铺装和护栏，同意交工。"),
]


@dataclass
class SelfCheckDemoResult:
    created: bool
    findings: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def build_selfcheck() -> SelfCheckDemoResult:
    """Plant the problems and run the check, once (see the module docstring)."""
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    admin = User.objects.filter(username="admin").first()
    if gov is None or admin is None or Event.objects.filter(action=MARKER).exists():
        open_now = Finding.objects.filter(resolved_on__isnull=True).count()
        return SelfCheckDemoResult(created=False, findings=open_now)
    now = timezone.now()
    today = timezone.localdate(now)
    with notify.suppressed(), transaction.atomic(), tempfile.TemporaryDirectory() as tmp:
        counts = {
            "stale_column": _stale_news_column(admin, today, Path(tmp), now),
            "empty_column": _empty_column(admin),
            "broken_link": _broken_link(today, Path(tmp), now),
        }
        counts["hidden_unused"] = _hide_unused_columns(keep=PLANTED_COLUMNS)
        try:
            outcome = selfcheck_run(actor=None, now=now, trigger=RunTrigger.SCHEDULED)
        except AlreadyRunToday:
            outcome = selfcheck_run(actor=None, now=now, trigger=RunTrigger.MANUAL)
        counts["findings"] = outcome.run.open_count
        record_event(actor=None, action=MARKER, agency=gov, data=counts)
    return SelfCheckDemoResult(created=True, findings=counts["findings"], counts=counts)


# Columns other modules publish into: never hidden, even while still empty.
MODULE_COLUMNS = {"disclosure_work.annual_reports", "on_request", "policy.interpretation"}
PLANTED_COLUMNS = {"news.projects", "livelihood.family_doctors"}  # the problems planted below


def _hide_unused_columns(*, keep: set[str]) -> int:
    """Like a real county, each demo agency hides the standard columns it has nothing for (a
        town has no 行政强制, a bureau no 乡村振兴), so the check shows the planted problems rather
        than dozens of never-used template columns. Only columns without items and without shown
    columns below them are hidden."""
    from django.db.models import Exists, OuterRef

    hidden = 0
    while True:  # a parent whose children are all hidden and which has nothing is hidden too
        unused = (
            Category.objects.filter(is_active=True)
            .exclude(code__in=MODULE_COLUMNS | keep)
            .exclude(Exists(Category.objects.filter(parent=OuterRef("pk"), is_active=True)))
            .exclude(Exists(Item.objects.filter(category=OuterRef("pk"))))
        )
        changed = unused.update(is_active=False)
        if not changed:
            return hidden
        hidden += changed


def _agency(name: str) -> Agency | None:
    return Agency.objects.filter(name=name).first()


def _new_column(admin, agency: Agency, parent_code: str, code: str, name: str, period: int):
    parent = Category.objects.filter(agency=agency, code=parent_code).first()
    existing = Category.objects.filter(agency=agency, code=code).first()
    if parent is None or existing is not None:
        return existing
    return category_save(
        actor=admin,
        category=Category(
            agency=agency,
            parent=parent,
            code=code,
            name=name,
            update_period_days=period,
            sort_order=90,
        ),
    )


def _import(agency: Agency, rows: list[dict], base_dir: Path, now: dt.datetime) -> int:
    result = import_rows(
        [Row(line, data) for line, data in enumerate(rows, start=1)],
        agency=agency,
        base_dir=base_dir,
        source="demo",
        now=now,
        workers=1,
    )
    if result.errors:  # the builder's own mistake: stop rather than leave half a demo
        raise RuntimeError(f"self-check demo rows rejected: {result.sorted_errors()[:3]}")
    return result.created


def _stale_news_column(admin, today: dt.date, base_dir: Path, now: dt.datetime) -> int:
    """A 动态 column of the transport bureau, last updated five weeks ago."""
    agency = _agency(TRANSPORT)
    if agency is None:
        return 0
    column = _new_column(admin, agency, "news", "news.projects", "项目建设进展", 14)
    if column is None:
        return 0
    rows = [
        {
            "id": f"demo-selfcheck-projects-{n}",
            "title": title,
            "body": f"{text}\n下一步，县交通运输局将加强质量安全监管，确保工程按期完成。",
            "category": f"部门动态/{column.name}",
            "published_date": (today - dt.timedelta(days=days)).isoformat(),
            "subject": "工业、交通",
        }
        for n, (days, title, text) in enumerate(PROJECT_NEWS, start=1)
    ]
    return _import(agency, rows, base_dir, now)


def _empty_column(admin) -> int:
    """A column the health bureau opened and never published in."""
    agency = _agency(HEALTH)
    if agency is None:
        return 0
    code = "livelihood.family_doctors"
    column = _new_column(admin, agency, "livelihood", code, "家庭医生签约服务", 183)
    return int(column is not None)


def _broken_link(today: dt.date, base_dir: Path, now: dt.datetime) -> int:
    """A recent notice of the education bureau pointing to a notice withdrawn since."""
    agency = _agency(EDUCATION)
    gone = (
        Item.objects.filter(status=ItemStatus.WITHDRAWN, agency__parent__isnull=False)
        .order_by("pk")
        .first()
    )
    if agency is None or gone is None:
        return 0
    body = (
        "<p>为做好寒假期间学生安全教育工作，现将有关事项补充通知如下。</p>"
        f'<p>各学校要对照<a href="/items/{gone.pk}/">《{gone.title}》</a>的要求，'
        "逐项落实安全责任，开展假期安全专题教育。</p>"
        "<p>请各学校于放假前将落实情况报县教育局基础教育科。</p>"
    )
    row = {
        "id": "demo-selfcheck-broken-link",
        "title": "关于做好寒假期间学生安全教育工作的补充通知",
        "body_html": body,
        "category": "部门动态/通知公告",
        "doc_number": f"蓝教发〔{today.year}〕{40 + today.month}号",
        "written_date": (today - dt.timedelta(days=6)).isoformat(),
        "published_date": (today - dt.timedelta(days=4)).isoformat(),
        "subject": "科技、教育",
    }
    return _import(agency, [row], base_dir, now)
