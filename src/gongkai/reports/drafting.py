"""The text of the annual report, drafted from the figures (RULES.md §2.1, six parts).

The drafts are Gongkai's own standard phrasing, in Simplified Chinese by design (the report is
an official document, not interface text). The agency edits any part; a part edited by hand is
kept when the figures are recomputed, the others are drafted again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F

from gongkai.reports import layout
from gongkai.reports.document import Figures


@dataclass
class Context:
    """What the text says besides the table figures."""

    agency_name: str
    year: int
    is_government: bool
    items_published: int  # public items published in the year
    items_by_section: list[tuple[str, int]]  # (first-level column, count), largest first
    items_late: int  # published after their 20-working-day due date
    interpretations: int  # 政策解读 published
    overdue_replies: int  # replied after the due date
    fee_yuan: Decimal


def gather_context(agency, year: int, fee_yuan: Decimal) -> Context:
    from gongkai.applications.models import Application
    from gongkai.catalog.models import PUBLIC_CONDITION, Category, Item
    from gongkai.catalog.standard_template import INTERPRETATION
    from gongkai.reports.compute import year_bounds
    from gongkai.reports.selectors import GOVERNMENT_KINDS

    start, end = year_bounds(year)
    items = Item.objects.filter(PUBLIC_CONDITION, agency=agency, published_date__range=(start, end))
    by_section = dict(
        items.values_list("section").annotate(n=Count("*")).order_by().values_list("section", "n")
    )
    names = dict(
        Category.objects.filter(agency=agency, parent__isnull=True, code__in=by_section)
        .values_list("code", "name")
        .order_by()
    )
    sections = sorted(
        ((names.get(code) or code or "其他", n) for code, n in by_section.items()),
        key=lambda pair: -pair[1],
    )
    overdue = Application.objects.filter(
        agency=agency, replied_on__range=(start, end), replied_on__gt=F("due_date")
    )
    return Context(
        agency_name=agency.name,
        year=year,
        is_government=agency.kind in GOVERNMENT_KINDS,
        items_published=sum(by_section.values()),
        items_by_section=sections,
        items_late=items.filter(published_late=True).count(),
        interpretations=items.filter(category__code=INTERPRETATION).count(),
        overdue_replies=overdue.count(),
        fee_yuan=fee_yuan,
    )


def _yuan(amount: Decimal) -> str:
    amount = Decimal(amount).quantize(Decimal("0.01"))
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def _wan(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def draft_sections(figures: Figures, ctx: Context, today: dt.date | None = None) -> dict[str, str]:
    t1, t2, t3 = figures["table1"], figures["table2"], figures["table3"]
    total = 6  # the 总计 column
    received, carried, closed, remaining = (
        t2["一"][total],
        t2["二"][total],
        t2["三.七"][total],
        t2["四"][total],
    )
    granted = t2["三.一"][total] + t2["三.二"][total]
    sections: dict[str, str] = {}

    listing = "、".join(f"{name}{n}条" for name, n in ctx.items_by_section[:5])
    overview = [
        f"{ctx.year}年，{ctx.agency_name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，现将本年度政府信息公开工作情况报告如下。本报告所列数据"
        f"的统计期限自{ctx.year}年1月1日起至{ctx.year}年12月31日止。",
        f"（一）主动公开。全年通过政府信息公开平台主动公开政府信息{ctx.items_published}条"
        + (f"，其中{listing}" if listing else "")
        + (f"；发布政策解读{ctx.interpretations}篇" if ctx.interpretations else "")
        + "。",
        f"（二）依申请公开。全年新收政府信息公开申请{received}件，上年结转{carried}件，"
        f"办结{closed}件，结转下年度继续办理{remaining}件。",
        "（三）政府信息管理。严格执行信息发布审核制度，信息公开前均经保密审查和个人信息检查，"
        "及时标注规范性文件有效性。",
        "（四）平台建设。依托政府信息公开平台统一发布信息、受理申请，公开目录和公开指南保持更新。",
        "（五）监督保障。将政府信息公开工作纳入年度工作要点，落实信息发布审核和年度报告制度。"
        + (
            "按照条例第五十条的要求，本年度政府信息公开工作考核、社会评议和责任追究结果见本报告"
            "第五部分。"
            if ctx.is_government
            else ""
        ),
    ]
    sections["overview"] = "\n\n".join(overview)

    documents = t1["规章"][0] + t1["行政规范性文件"][0]
    sections["proactive"] = (
        f"本年度制发规章{t1['规章'][0]}件、行政规范性文件{t1['行政规范性文件'][0]}件，"
        f"废止规章{t1['规章'][1]}件、行政规范性文件{t1['行政规范性文件'][1]}件；截至年底，"
        f"现行有效规章{t1['规章'][2]}件、行政规范性文件{t1['行政规范性文件'][2]}件。"
        f"本年度行政许可处理决定{t1['行政许可']}件，行政处罚处理决定{t1['行政处罚']}件，"
        f"行政强制处理决定{t1['行政强制']}件，行政事业性收费{_wan(t1[layout.TABLE1_FEE_KEY])}万元。"
        if documents or any(t1[k] for k in layout.TABLE1_COUNT_KEYS) or t1[layout.TABLE1_FEE_KEY]
        else "本年度无需在表一中填报的主动公开事项。"
    )
    sections["requests"] = (
        f"本年度新收政府信息公开申请{received}件，上年结转{carried}件；办结{closed}件，"
        f"其中予以公开和部分公开{granted}件；结转下年度继续办理{remaining}件。"
        if received or carried or closed or remaining
        else "本年度未收到政府信息公开申请。"
    )
    groups = [t3[0:5], t3[5:10], t3[10:15]]
    if any(g[4] for g in groups):
        review, direct, after = groups
        sections["remedies"] = (
            f"本年度因政府信息公开工作被申请行政复议{review[4]}件（结果维持{review[0]}件、"
            f"结果纠正{review[1]}件、其他结果{review[2]}件、尚未审结{review[3]}件），"
            f"被提起行政诉讼{direct[4] + after[4]}件，其中未经复议直接起诉{direct[4]}件、"
            f"复议后起诉{after[4]}件。"
        )
    else:
        sections["remedies"] = "本年度未发生因政府信息公开工作引起的行政复议、行政诉讼。"

    problems = []
    if ctx.items_late:
        problems.append(
            f"一是有{ctx.items_late}条信息未在形成或者变更之日起20个工作日内公开，时效性有待提高。"
        )
    if ctx.overdue_replies:
        problems.append(
            f"{'二' if problems else '一'}是有{ctx.overdue_replies}件申请超过法定期限答复。"
        )
    if not problems:
        problems.append("一是政策解读的形式还不够丰富，解读的针对性有待加强。")
    sections["problems"] = (
        "存在的主要问题：" + "".join(problems) + "\n\n"
        "改进措施：下一步，将严格落实信息发布审核和时限管理制度，加强对信息员、办理人的业务培训，"
        "对依申请公开事项逐件跟踪办理时限，进一步提升政府信息公开工作质量。"
    )
    fee = (
        f"本年度收取信息处理费共计{_yuan(ctx.fee_yuan)}元。"
        if ctx.fee_yuan
        else "本年度未收取信息处理费。"
    )
    sections["other"] = fee + (
        "本年度政府信息公开工作年度工作要点任务和人大代表建议、政协委员提案办理情况已按要求另行公开。"
        if ctx.is_government
        else "无其他需要报告的事项。"
    )
    return sections
