"""Invented texts and figures of the internal-disclosure demo (no real documents)."""

from __future__ import annotations

from gongkai.internal.models import SpendingCategory

# key, agency name, its departments: who works where (by the staff keys of ``ROLES``), and the
# department the evaluation results are for.
BUREAUS = [
    (
        "czj",
        "蓝湾县财政局",
        {
            "办公室": ("admin", "leader"),
            "预算科": ("officer", "handler"),
            "国库支付中心": ("reviewer",),
        },
        "办公室",
        1.0,
    ),
    (
        "mzj",
        "蓝湾县民政局",
        {
            "办公室": ("admin", "leader"),
            "社会救助科": ("officer", "handler"),
            "养老服务科": ("reviewer",),
        },
        "办公室",
        0.7,
    ),
]

# staff key → (role, name suffix of a new demo account)
ROLES = {
    "admin": ("agency_admin", "机关管理员"),
    "officer": ("officer", "信息员"),
    "reviewer": ("reviewer", "审核员"),
    "leader": ("leader", "领导"),
    "handler": ("handler", "办理人"),
}

# Monthly statement lines (收支情况): label, share of the month's income or spending.
INCOME_LINES = [("财政拨款收入", 0.86), ("事业收入", 0.09), ("其他收入", 0.05)]
SPENDING_LINES = [
    ("基本支出（人员经费）", 0.62),
    ("基本支出（公用经费）", 0.14),
    ("项目支出", 0.24),
]

# Official spending: yearly budget (yuan) and a typical month at scale 1.0.
SPENDING_BUDGET = {
    SpendingCategory.RECEPTION: (36000, 2600),
    SpendingCategory.VEHICLE_PURCHASE: (0, 0),
    SpendingCategory.VEHICLE_RUNNING: (48000, 3600),
    SpendingCategory.OVERSEAS: (0, 0),
    SpendingCategory.TRAVEL: (120000, 9000),
    SpendingCategory.MEETING: (30000, 2000),
    SpendingCategory.TRAINING: (40000, 2800),
}

FINANCE_BODY = (
    "<p>本月收支按照年初预算执行，各项支出严格履行审批程序。"
    "如对本月收支情况有疑问，可在本页留言，由办公室答复。</p>"
)
SPENDING_BODY = (
    "<p>本月“三公”经费及差旅费、会议费、培训费支出情况如下表。公务接待严格执行接待标准，"
    "无超标准接待；公务用车按规定使用，无公车私用。</p>"
)

INTEGRITY = (
    "{year}年度领导班子成员廉洁自律情况报告",
    [
        "<p>{year}年，局领导班子成员认真落实党风廉政建设责任制，严格执行中央八项规定精神。</p>",
        "<h3>一、个人有关事项报告</h3><p>班子成员均按时如实报告个人有关事项，无漏报、瞒报情况。</p>",
        "<h3>二、遵守廉洁纪律情况</h3><p>班子成员无违规收受礼品礼金、无违规兼职取酬、"
        "无违规使用公务用车情况；办公用房面积符合规定标准。</p>",
        "<h3>三、下一步工作</h3><p>继续加强廉政教育，完善内部监督制度，主动接受干部职工监督。</p>",
    ],
)

SALARY = (
    "{year}年{month}月工作人员工资及岗位调整情况",
    [
        "<p>根据县人力资源和社会保障局有关文件，经局务会议研究，现将本次工资及岗位调整情况公开如下：</p>",
        "<table><thead><tr><th>调整事项</th><th>人数</th><th>执行时间</th></tr></thead><tbody>"
        "<tr><td>正常晋升薪级工资</td><td>{n1}</td><td>{year}年{month}月</td></tr>"
        "<tr><td>岗位等级晋升</td><td>{n2}</td><td>{year}年{month}月</td></tr>"
        "<tr><td>新进人员定级</td><td>{n3}</td><td>{year}年{month}月</td></tr>"
        "</tbody></table>",
        "<p>对本次调整如有异议，请于公开之日起5个工作日内向办公室反映。</p>",
    ],
)

DECISIONS = [
    (
        "局长办公会议决定事项（{year}年第{n}次）",
        [
            "<p>会议研究了以下事项：</p><ol><li>同意办公楼消防设施改造项目按程序实施政府采购，"
            "预算控制在{amount}万元以内。</li><li>同意调整局机关内部科室值班安排。</li></ol>",
        ],
    ),
    (
        "局党组会议议定事项（{year}年第{n}次）",
        [
            "<p>会议研究了以下事项：</p><ol><li>审议通过本局年度干部教育培训计划。</li>"
            "<li>同意对机关食堂服务项目重新招标，服务期限一年。</li></ol>",
        ],
    ),
    (
        "局长办公会议决定事项（{year}年第{n}次）",
        [
            "<p>会议研究了以下事项：</p><ol><li>同意购置业务用计算机设备一批，"
            "资金从本年度公用经费中列支，约{amount}万元。</li>"
            "<li>确定下半年重点工作任务分工。</li></ol>",
        ],
    ),
]

EVALUATION = (
    "{year}年度工作人员年度考核结果",
    [
        "<p>根据公务员和事业单位工作人员年度考核有关规定，经个人总结、民主测评和局考核委员会审核，"
        "{year}年度考核结果如下：</p>",
        "<table><thead><tr><th>考核等次</th><th>人数</th></tr></thead><tbody>"
        "<tr><td>优秀</td><td>{excellent}</td></tr><tr><td>称职（合格）</td><td>{good}</td></tr>"
        "<tr><td>基本称职（基本合格）</td><td>0</td></tr><tr><td>不称职（不合格）</td><td>0</td></tr>"
        "</tbody></table>",
        "<p>考核结果仅在本科室范围内公示，公示期为5个工作日。</p>",
    ],
)

# (which item, question, answer or None)
QUESTIONS = [
    (
        "spending",
        "本月公务接待费比上月多了不少，主要是哪些接待？",
        "主要是接待省、市两级业务检查组共3批次，均按公务接待标准执行，有接待清单备查。",
    ),
    (
        "finance",
        "项目支出本年累计进度偏慢，是哪些项目还没有支付？",
        "主要是信息化建设项目尚在验收，预计下月完成支付。",
    ),
    (
        "salary",
        "岗位等级晋升的具体名单在哪里可以看到？",
        "名单已在办公室公示栏张贴，也可到办公室查阅。",
    ),
    ("finance_latest", "本月其他收入主要是什么？", None),
]
