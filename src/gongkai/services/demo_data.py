"""Invented service matters of the demo county's bureaus, its life events and fee lists.

Nothing here is copied from a real guide: the names are the ordinary names of services every
county offers, every text, code, rule, amount and phone number is made up, and the legal bases
are the fictional county's own 实施细则.
"""

from __future__ import annotations

from dataclasses import dataclass

# slug, name, for natural persons, for legal persons, description
LIFE_EVENTS = [
    ("birth", "出生", True, False, "孩子出生后需要办理的证明、登记和落户。"),
    ("school", "上学", True, False, "入学登记、转学、学籍证明和学生资助。"),
    ("work", "就业创业", True, False, "求职登记、失业保险、执业注册和创业扶持。"),
    ("marriage", "婚姻家庭", True, False, "结婚、离婚登记和婚姻登记记录证明。"),
    ("housing", "住房", True, False, "保障性住房、房屋交易备案和农村建房。"),
    ("medical", "就医", True, False, "医疗机构、医师执业和卫生健康服务。"),
    ("elderly", "养老", True, False, "养老保险、退休、高龄津贴和老年人优待。"),
    ("assistance", "社会救助", True, False, "最低生活保障、特困供养和各类困难补助。"),
    ("transport", "交通出行", True, True, "道路运输经营、从业资格和车辆证件。"),
    ("property", "不动产", True, True, "不动产登记、抵押和登记资料查询。"),
    ("business", "开办企业", False, True, "企业和个体工商户的设立、变更、注销及经营许可。"),
    ("construction", "工程建设", False, True, "投资项目、规划、施工许可和涉路施工。"),
]

# type codes: licensing, confirmation, payment, other_power, public_service, adjudication
STEPS = {
    "licensing": [
        ("申请", "申请人通过窗口或网上提交申请材料。", ""),
        (
            "受理",
            "窗口核对材料，齐全且符合法定形式的当场受理；不齐全的一次性告知需补正的内容。",
            "当场",
        ),
        ("审查", "承办科室对申请材料进行审查，需要现场核查的组织核查。", ""),
        ("决定", "作出准予许可或不予许可的决定；不予许可的说明理由并告知救济途径。", ""),
        ("送达", "通过窗口领取、邮寄或电子证照方式送达办理结果。", "1个工作日"),
    ],
    "confirmation": [
        ("申请", "申请人提交申请材料。", ""),
        ("受理", "窗口核对材料并受理。", "当场"),
        ("审核", "承办科室审核申请事项。", ""),
        ("办结", "符合条件的予以登记或出具证明，不符合条件的书面说明理由。", ""),
    ],
    "payment": [
        ("申请", "申请人向户籍所在地乡镇（街道）或窗口提出申请。", ""),
        ("受理", "核对材料并受理。", "当场"),
        ("调查核实", "入户调查、邻里访问和信息核对。", "5个工作日"),
        ("公示", "在村（社区）公开栏公示审核结果。", "7日"),
        ("审批", "承办科室审批，确定待遇标准。", ""),
        ("发放", "按月通过社会保障卡或银行账户发放。", ""),
    ],
    "other_power": [
        ("申请", "申请人通过网上或窗口提交材料。", ""),
        ("核对", "窗口核对材料的完整性。", "当场"),
        ("办结", "材料齐全的当场出具回执。", ""),
    ],
    "public_service": [
        ("申请", "申请人通过网上或窗口提出申请。", ""),
        ("受理", "窗口核对申请人身份和材料。", "当场"),
        ("办理", "承办科室办理。", ""),
        ("办结", "出具办理结果或告知办理情况。", ""),
    ],
    "adjudication": [
        ("申请", "申请人提交书面申请和有关证据。", ""),
        ("受理", "审查是否符合受理条件。", "5个工作日"),
        ("调查", "调查取证，听取各方意见。", ""),
        ("决定", "作出处理决定并送达当事人。", ""),
    ],
}

CONDITIONS = {
    "licensing": (
        "申请人应当具备下列条件：\n"
        "（一）具有与{core}相适应的场所、设施和设备；\n"
        "（二）有符合规定的管理制度和专业人员；\n"
        "（三）近三年内无因同类事项受到撤销许可处理的记录；\n"
        "（四）《蓝湾县{core}实施细则》规定的其他条件。"
    ),
    "confirmation": (
        "（一）申请人身份明确，与申请事项有直接利害关系；\n"
        "（二）申请材料齐全、真实，符合法定形式；\n"
        "（三）申请事项属于本机关管辖范围。"
    ),
    "payment": (
        "（一）具有本县户籍，或持本县居住证满一年；\n"
        "（二）符合{core}的认定标准，家庭人均收入和财产状况符合规定；\n"
        "（三）如实申报家庭成员、收入和财产情况，并授权核对。"
    ),
    "other_power": "申请人为在本县登记的单位，申请材料齐全、内容完整。",
    "public_service": "凡符合条件的申请人均可申请；材料齐全的即予办理，材料不全的一次性告知需补充的内容。",
    "adjudication": "申请人认为其合法权益受到损害，在知道或者应当知道之日起三十日内提出书面申请。",
}

HOURS = "周一至周五 上午9:00—12:00，下午13:30—17:00（法定节假日除外）"

QUESTIONS = [
    ("可以委托他人代为办理吗？", "可以。受托人须携带申请人签字的委托书和受托人本人的身份证件。"),
    ("怎样查询办理进度？", "可凭受理回执上的编号在政务服务网查询，也可拨打咨询电话查询。"),
    ("材料不齐全怎么办？", "窗口会一次性告知需要补充的全部材料，补齐后即可受理。"),
    ("办理结果可以邮寄吗？", "可以。受理时选择邮寄送达并填写收件地址，邮寄费用由政府承担。"),
]


@dataclass(frozen=True)
class Fee:
    name: str
    standard: str
    amount: str | None
    unit: str
    basis: str


FEES = {
    "rsj": [
        Fee(
            "社会保障卡补换卡工本费",
            "每张15元（首次领卡免费）",
            "15",
            "张",
            "《蓝湾县社会保障卡管理实施细则》第十二条",
        )
    ],
    "zrj": [
        Fee(
            "不动产登记费（住宅）", "每件70元", "70", "件", "《蓝湾县不动产登记收费实施细则》第三条"
        ),
        Fee(
            "不动产登记费（非住宅）",
            "每件500元",
            "500",
            "件",
            "《蓝湾县不动产登记收费实施细则》第三条",
        ),
        Fee(
            "不动产权证书工本费",
            "每本10元（第一本免收）",
            "10",
            "本",
            "《蓝湾县不动产登记收费实施细则》第五条",
        ),
    ],
    "scj": [
        Fee(
            "计量器具检定费",
            "每台（件）30元",
            "30",
            "台（件）",
            "《蓝湾县计量检定收费实施细则》第四条",
        )
    ],
    "jtj": [
        Fee("道路运输证工本费", "每证10元", "10", "证", "《蓝湾县道路运输证件管理实施细则》第八条")
    ],
}


@dataclass(frozen=True)
class Spec:
    name: str
    kind: str  # a MatterType value
    audience: str  # "n" natural persons, "o" legal persons, "no" both
    statutory: tuple[int, str] | None  # (days, "working" | "natural")
    promised: tuple[int, str]  # (0, "working") = handled on the spot
    visits: int
    result: tuple[str, str]  # (name, ResultType value)
    materials: tuple[str, ...]
    events: tuple[str, ...] = ()
    fees: tuple[str, ...] = ()  # names in FEES of the bureau
    special: str = ""
    depth: str = "booking"
    core: str = ""  # the noun used in the conditions (defaults to the name)


# Fields of the demo's blank forms: the usual ones of an application form.
FORM_FIELDS = [
    "申请人（单位）名称",
    "证件类型及号码",
    "联系地址",
    "联系电话",
    "申请事项",
    "申请理由",
]
SAMPLE_VALUES = ["蓝湾县示例贸易有限公司", "统一社会信用代码（示例）", "蓝湾县滨湖大道100号", "0570-8800000",
                 "", "按规定申请办理"]  # fmt: skip
