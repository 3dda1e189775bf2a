"""Invented texts of the demo notices: which agency posts which kind of notice when, and the
text of each, built from a seeded random generator (names are combinations of common
surnames and given names, not people). Nothing is copied from a real notice."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from html import escape

from gongkai.core.demo.county import GIVEN, SURNAMES

AGENCY_NAMES = {
    "gov": "蓝湾县人民政府",
    "fgj": "蓝湾县发展和改革局",
    "jyj": "蓝湾县教育局",
    "rsj": "蓝湾县人力资源和社会保障局",
    "zrj": "蓝湾县自然资源和规划局",
    "zjj": "蓝湾县住房和城乡建设局",
    "wjj": "蓝湾县卫生健康局",
    "scj": "蓝湾县市场监督管理局",
    "mzj": "蓝湾县民政局",
    "jtj": "蓝湾县交通运输局",
    "qsz": "蓝湾县青石镇人民政府",
    "lxx": "蓝湾县柳溪乡人民政府",
}
DEPARTMENTS = {
    "appointment": "县委组织部干部监督科",
    "project": "办公室",
    "award": "办公室",
    "expropriation": "征收补偿工作组",
    "subsidy": "社会救助科",
    "other": "办公室",
}


@dataclass(frozen=True)
class Objector:
    channel: str  # online / phone / letter / visit
    text: str
    finding: str  # upheld / partly_upheld / not_upheld / out_of_scope; "" = not yet handled
    reply: str = ""
    anonymous: bool = False


@dataclass(frozen=True)
class Plan:
    key: str  # agency
    kind: str
    subject: str  # what the notice is about, for the title and the text
    start: int  # first day, in days from today (negative: in the past)
    stage: str  # draft / submitted / published / result / closed
    outcome: str = "no_objection"
    result: str = ""
    objections: tuple[Objector, ...] = field(default_factory=tuple)
    extend: str = ""  # a reason for a last day three days later than computed


GROUNDLESS = "经核实，反映的问题与事实不符，已电话向反映人说明核实情况。"

PLANS: tuple[Plan, ...] = (
    # --- a year ago to last month: ended, with results, most closed ------------------------
    Plan(
        "gov",
        "appointment",
        "县政府工作部门拟任职干部",
        -352,
        "closed",
        result="公示期满，未收到异议，按程序办理任职手续。",
    ),
    Plan(
        "mzj",
        "subsidy",
        "2026年第一季度城乡最低生活保障新增对象",
        -330,
        "closed",
        result="公示期满，未收到异议，自2026年1月起发放保障金。",
    ),
    Plan(
        "jyj",
        "award",
        "2025年度县级优秀教师和优秀班主任",
        -300,
        "closed",
        outcome="upheld",
        result="公示期间收到异议1件，经核实反映情况属实，取消1名拟表彰人选资格，其余人选予以表彰。",
        objections=(
            Objector(
                "letter",
                "反映拟表彰人选中有一名教师本学年存在有偿补课行为，附相关情况说明。",
                "upheld",
                "经教育局纪检组核实，情况属实，已取消其评选资格并书面答复反映人。",
            ),
        ),
    ),
    Plan(
        "zrj",
        "project",
        "城北安置小区二期建设工程规划许可批前",
        -270,
        "closed",
        result="公示期满，未收到异议，依法核发建设工程规划许可证。",
    ),
    Plan(
        "fgj",
        "project",
        "蓝湾县滨湖路改造提升工程可行性研究报告审批前",
        -240,
        "closed",
        result="公示期满，未收到异议，项目进入审批程序。",
    ),
    Plan(
        "rsj",
        "award",
        "2025年度县级劳动模范和先进工作者拟推荐人选",
        -215,
        "closed",
        outcome="not_upheld",
        result="公示期间收到异议1件，经核实反映问题不属实，拟推荐人选不变。",
        objections=(
            Objector(
                "online",
                "反映其中一名拟推荐人选所在企业曾有欠薪情况，请核实。",
                "not_upheld",
                "经劳动监察部门查询，该企业近三年无欠薪投诉和处理记录，已回复反映人。",
            ),
        ),
    ),
    Plan(
        "zjj",
        "expropriation",
        "城东老旧片区改造项目国有土地上房屋征收分户补偿结果",
        -190,
        "closed",
        result="公示期满，未收到异议，按公示结果签订补偿协议。",
    ),
    Plan(
        "wjj",
        "award",
        "2026年度优秀乡村医生",
        -160,
        "closed",
        result="公示期满，未收到异议，予以表彰。",
    ),
    Plan(
        "gov",
        "appointment",
        "乡镇党政领导班子拟任职人选",
        -131,
        "closed",
        outcome="partly_upheld",
        result="公示期间收到异议2件。经核实，1件反映的个人事项报告不完整问题部分属实，已对当事人进行提醒谈话，不影响任职；1件反映问题不属实。",
        objections=(
            Objector(
                "phone",
                "来电反映拟任人选个人有关事项报告中房产信息填报不完整。",
                "partly_upheld",
                "经核查个人有关事项报告，存在漏报一处车位情况，已补报并进行提醒谈话，已电话答复。",
            ),
            Objector(
                "online",
                "反映拟任人选工作作风简单粗暴。",
                "not_upheld",
                "经向所在单位干部职工个别了解，未发现反映情况，反映人未留联系方式，无法答复。",
                anonymous=True,
            ),
        ),
    ),
    Plan(
        "mzj",
        "subsidy",
        "2026年第三季度特困人员救助供养新增对象",
        -100,
        "closed",
        result="公示期满，未收到异议，自2026年9月起落实供养待遇。",
    ),
    Plan(
        "qsz",
        "expropriation",
        "青石镇乡村振兴示范带项目集体土地征收补偿安置方案",
        -75,
        "result",
        result="公示期满，未收到异议，按方案组织实施。",
        extend="公示期间恰逢农忙，应村民代表要求延长三天。",
    ),
    Plan(
        "scj",
        "other",
        "2026年度守合同重信用企业拟认定名单",
        -55,
        "result",
        outcome="not_upheld",
        result="公示期间收到异议1件，经核实不影响认定，名单不作调整。",
        objections=(
            Objector(
                "visit",
                "来访反映名单中一家企业曾被列入经营异常名录。",
                "not_upheld",
                "经查询国家企业信用信息公示系统，该企业已于2025年依法移出经营异常名录，已当面答复。",
            ),
        ),
    ),
    Plan(
        "jtj",
        "project",
        "农村公路安防工程施工图设计审批前",
        -35,
        "result",
        result="公示期满，未收到异议。",
    ),
    Plan(
        "jyj",
        "subsidy",
        "2026年秋季学期家庭经济困难学生资助对象",
        -24,
        "result",
        result="公示期满，未收到异议，资助资金按时发放。",
    ),
    # --- ended, result still to be recorded ---------------------------------------------------
    Plan(
        "lxx",
        "subsidy",
        "柳溪乡2026年度农村低收入人口帮扶对象",
        -12,
        "published",
        objections=(
            Objector(
                "online",
                "反映名单中有一户家庭成员在县城有经营性门面，收入不符合条件。",
                "",
                anonymous=True,
            ),
        ),
    ),
    # --- in their period now ------------------------------------------------------------------
    Plan("rsj", "appointment", "县人社局所属事业单位拟聘任中层干部", -2, "published"),
    Plan(
        "zrj",
        "project",
        "城南污水处理厂扩建工程建设用地规划许可批前",
        -3,
        "published",
        objections=(
            Objector("online", "项目紧邻居民小区，担心异味影响，建议公开环境影响评价结论。", ""),
        ),
    ),
    Plan("wjj", "other", "县人民医院新院区医疗设备采购项目拟中标供应商", -1, "published"),
    Plan("mzj", "subsidy", "2026年第四季度城乡最低生活保障新增对象", -4, "published"),
    # --- ahead, and still in the office --------------------------------------------------------
    Plan("jyj", "award", "2026年度县级教学能手", 3, "published"),
    Plan("zjj", "expropriation", "城西棚户区改造项目房屋征收补偿方案", 7, "submitted"),
    Plan("fgj", "project", "县域物流园区一期工程项目建议书审批前", 10, "draft"),
)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def masked(name: str) -> str:
    """How a recipient's name appears in a subsidy list: the given name hidden (陈*明)."""
    return name[0] + "*" + name[2:] if len(name) > 2 else name[0] + "*"


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in paragraphs)


POSTS = ["办公室主任", "规划科科长", "财务科科长", "综合科副科长", "执法大队副大队长", "中心副主任"]
TOWNS = ["青石镇", "白沙镇", "柳溪乡"]
VILLAGES = ["青石村", "溪口村", "白沙社区", "柳塘村", "湖滨社区", "石桥村"]


def body_for(plan: Plan, agency_name: str, rng: random.Random) -> str:
    kind = plan.kind
    if kind == "appointment":
        rows = []
        for _ in range(rng.randint(2, 4)):
            year, month = rng.randint(1978, 1991), rng.randint(1, 12)
            rows.append(
                (
                    person(rng),
                    rng.choice("男女"),
                    f"{year}年{month}月",
                    rng.choice(["大学", "研究生", "大学"]),
                    f"{agency_name}{rng.choice(POSTS)}",
                    rng.choice(["拟任副局长", "拟任中层正职", "拟任乡镇副职", "拟任中心主任"]),
                )
            )
        return _p(
            f"根据干部选拔任用有关规定，经研究，{plan.subject}已确定，现予以公示。",
            "公示期间，干部群众可通过来电、来信、来访或本网站对拟任职人选提出意见。反映问题应实事求是，提倡署真实姓名。",
        ) + _table(("姓名", "性别", "出生年月", "学历", "现任职务", "拟任职务"), rows)
    if kind == "project":
        return _p(
            f"根据有关规定，现将{plan.subject}有关情况予以公示。",
            f"项目名称：{plan.subject.replace('审批前', '').replace('批前', '')}。",
            f"建设地点：蓝湾县{rng.choice(['城北', '城南', '滨湖大道以东', '工业园区内'])}。",
            f"主要内容：新建及改造工程，总投资约{rng.randint(800, 12000)}万元，资金来源为县级财政和上级补助。",
            "利害关系人对项目有意见的，可在公示期内提出。",
        )
    if kind == "award":
        rows = [
            (
                str(i + 1),
                person(rng),
                f"{rng.choice(TOWNS)}{rng.choice(['中心小学', '初级中学', '卫生院', '社区'])}",
            )
            for i in range(rng.randint(4, 8))
        ]
        return _p(
            f"经个人申报、单位推荐和评审委员会评审，{plan.subject}已产生，现予以公示。"
        ) + _table(("序号", "姓名", "工作单位"), rows)
    if kind == "expropriation":
        rows = [
            (
                f"第{i + 1}户",
                masked(person(rng)),
                f"{rng.randint(60, 180)}平方米",
                f"{rng.randint(30, 160)}万元",
            )
            for i in range(rng.randint(4, 7))
        ]
        return _p(
            f"根据《国有土地上房屋征收与补偿条例》等规定，现将{plan.subject}予以公示。",
            "被征收人对公示内容有异议的，可在公示期内向征收补偿工作组书面提出。",
        ) + _table(("户号", "被征收人", "认定面积", "补偿金额"), rows)
    if kind == "subsidy":
        rows = [
            (
                str(i + 1),
                masked(person(rng)),
                rng.choice(VILLAGES),
                str(rng.randint(1, 4)),
                f"{rng.randint(300, 900)}元",
            )
            for i in range(rng.randint(5, 9))
        ]
        return _p(
            f"经本人申请、村（社区）评议和乡镇审核，{plan.subject}名单如下，现予以公示。",
            f"公示期内对名单有异议的，可向{agency_name}或所在村（社区）反映。",
        ) + _table(("序号", "户主", "村（社区）", "保障人数", "月保障金额"), rows)
    rows = [
        (
            str(i + 1),
            f"蓝湾县{rng.choice(['恒信', '湖光', '青禾', '远航', '瑞丰', '安达'])}{rng.choice(['建材', '物流', '食品', '医疗器械', '科技'])}有限公司",
        )
        for i in range(rng.randint(3, 6))
    ]
    return _p(f"现将{plan.subject}予以公示。") + _table(("序号", "单位名称"), rows)
