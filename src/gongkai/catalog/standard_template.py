"""The standard catalog template (政府信息公开目录标准模板) shipped with Gongkai.

Each node: (code, name, update period in days or None, statutory basis note, children).
The first level is the one the issue names; the children give every statutory content area of
Art. 20 and Art. 21 of the Regulation an obvious home (the basis column says which). The update
periods drive the "not updated for a long time" flag: 2 weeks for news columns and 6 months for
notices and policy documents, after the 2019 website check indicators (RULES.md §3.1); the
others are a year, and None means the column is not expected to change on a schedule.
An administrator edits the template in the admin; agencies' catalogs are created from it.
"""

from __future__ import annotations

Node = tuple[str, str, int | None, str, list]

HALF_YEAR = 183
YEAR = 366

STANDARD_TEMPLATE: list[Node] = [
    ("leaders", "机构领导", None, "第二十条第（二）项：负责人姓名", []),
    (
        "organization",
        "机构设置",
        None,
        "第二十条第（二）项：机关职能、机构设置、办公地址、办公时间、联系方式",
        [
            ("organization.functions", "机构职能", None, "第二十条第（二）项", []),
            ("organization.units", "内设机构", None, "第二十条第（二）项", []),
            ("organization.subordinates", "下属单位", None, "第二十条第（二）项", []),
        ],
    ),
    (
        "news",
        "部门动态",
        14,
        "政府网站栏目更新要求",
        [
            ("news.work", "工作动态", 14, "", []),
            ("news.notices", "通知公告", HALF_YEAR, "", []),
        ],
    ),
    (
        "personnel",
        "人事信息",
        YEAR,
        "第二十条第（十四）项",
        [
            ("personnel.appointments", "人事任免", YEAR, "", []),
            (
                "personnel.recruitment",
                "公务员招考",
                YEAR,
                "第二十条第（十四）项：公务员招考的职位、名额、报考条件等事项以及录用结果",
                [],
            ),
        ],
    ),
    (
        "policy",
        "政策文件",
        HALF_YEAR,
        "第二十条第（一）项：行政法规、规章和规范性文件",
        [
            ("policy.rules", "规章", None, "第二十条第（一）项", []),
            ("policy.normative", "行政规范性文件", HALF_YEAR, "第二十条第（一）项", []),
            ("policy.other", "其他文件", HALF_YEAR, "", []),
            ("policy.interpretation", "政策解读", HALF_YEAR, "政策文件与解读材料同步公开", []),
        ],
    ),
    (
        "plans",
        "规划计划",
        YEAR,
        "第二十条第（三）项：国民经济和社会发展规划、专项规划、区域规划及相关政策",
        [
            ("plans.development", "发展规划", None, "第二十条第（三）项", []),
            ("plans.special", "专项规划", None, "第二十条第（三）项", []),
            ("plans.annual", "年度计划与总结", YEAR, "", []),
        ],
    ),
    (
        "law",
        "依法行政",
        HALF_YEAR,
        "第二十条第（五）（六）（八）项",
        [
            (
                "law.licensing",
                "行政许可",
                HALF_YEAR,
                "第二十条第（五）项：办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
                [],
            ),
            (
                "law.penalty",
                "行政处罚",
                HALF_YEAR,
                "第二十条第（六）项：实施行政处罚的依据、条件、程序以及具有一定社会影响的处罚决定",
                [],
            ),
            (
                "law.enforcement",
                "行政强制",
                HALF_YEAR,
                "第二十条第（六）项：实施行政强制的依据、条件、程序",
                [],
            ),
            (
                "law.fees",
                "行政事业性收费",
                YEAR,
                "第二十条第（八）项：行政事业性收费项目及其依据、标准",
                [],
            ),
            ("law.powers", "权责清单", YEAR, "", []),
        ],
    ),
    (
        "finance",
        "财政预决算",
        YEAR,
        "第二十条第（七）项：财政预算、决算信息",
        [
            ("finance.budget", "部门预算", YEAR, "第二十条第（七）项", []),
            ("finance.final", "部门决算", YEAR, "第二十条第（七）项", []),
            ("finance.three_public", "“三公”经费", YEAR, "", []),
        ],
    ),
    (
        "procurement",
        "招标采购",
        HALF_YEAR,
        "第二十条第（九）项：政府集中采购项目的目录、标准及实施情况",
        [
            ("procurement.catalog", "采购目录和标准", YEAR, "第二十条第（九）项", []),
            ("procurement.projects", "采购项目实施情况", HALF_YEAR, "第二十条第（九）项", []),
        ],
    ),
    (
        "key_areas",
        "重点领域",
        HALF_YEAR,
        "第二十条第（四）（十）（十二）（十三）项、第二十一条",
        [
            (
                "key_areas.statistics",
                "统计信息",
                HALF_YEAR,
                "第二十条第（四）项：国民经济和社会发展统计信息",
                [],
            ),
            (
                "key_areas.projects",
                "重大建设项目",
                HALF_YEAR,
                "第二十条第（十）项：重大建设项目的批准和实施情况",
                [],
            ),
            (
                "key_areas.emergency",
                "应急管理",
                YEAR,
                "第二十条第（十二）项：突发公共事件的应急预案、预警信息及应对情况",
                [],
            ),
            (
                "key_areas.inspection",
                "监督检查",
                HALF_YEAR,
                "第二十条第（十三）项：环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
                [],
            ),
            ("key_areas.land", "土地和房屋征收", YEAR, "第二十一条：土地征收、房屋征收", []),
            (
                "key_areas.urban",
                "市政建设与公共服务",
                YEAR,
                "第二十一条：市政建设、公共服务、公益事业、治安管理",
                [],
            ),
        ],
    ),
    (
        "livelihood",
        "民生公益",
        HALF_YEAR,
        "第二十条第（十一）项：扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        [
            (
                "livelihood.rural",
                "乡村振兴",
                HALF_YEAR,
                "第二十条第（十一）项：扶贫；第二十一条：农业农村政策",
                [],
            ),
            ("livelihood.education", "教育", HALF_YEAR, "第二十条第（十一）项", []),
            ("livelihood.health", "医疗卫生", HALF_YEAR, "第二十条第（十一）项", []),
            (
                "livelihood.social_security",
                "社会保障与社会救助",
                HALF_YEAR,
                "第二十条第（十一）项；第二十一条：社会救助",
                [],
            ),
            ("livelihood.employment", "促进就业", HALF_YEAR, "第二十条第（十一）项", []),
        ],
    ),
    (
        "disclosure_work",
        "政务公开工作专题",
        YEAR,
        "第十二条、第四十九条、第五十条",
        [
            ("disclosure_work.rules", "政府信息公开制度", None, "", []),
            (
                "disclosure_work.annual_reports",
                "政府信息公开年报",
                YEAR,
                "第四十九条：年度报告",
                [],
            ),
        ],
    ),
    ("on_request", "依申请公开", None, "第四十四条：依申请公开转主动公开", []),
]

# Where the annual reports and interpretations go (used by other modules).
ANNUAL_REPORTS = "disclosure_work.annual_reports"
INTERPRETATION = "policy.interpretation"
ON_REQUEST = "on_request"


def flatten(nodes: list[Node] = STANDARD_TEMPLATE, parent: str | None = None):
    """Yield (code, parent_code, name, period, basis, order) depth-first."""
    for order, (code, name, period, basis, children) in enumerate(nodes):
        yield code, parent, name, period, basis, order
        yield from flatten(children, code)
