"""Agencies, departments, leaders and one staff account per role for the demo county."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.agencies.credit_code import generate_credit_code
from gongkai.agencies.models import Agency, AgencyKind, Department, Leader
from gongkai.audit.services import record_event

DIVISION = "339921"  # an administrative division code no real county uses
COUNTY = "蓝湾县"
ADDRESS_ROOT = "蓝湾县滨湖大道"
PHONE_PREFIX = "0570-"

# (key, name, short name, kind, serial, functions, departments)
BUREAUS = [
    (
        "fgj",
        "蓝湾县发展和改革局",
        "县发改局",
        "拟订并组织实施全县国民经济和社会发展规划，统筹推进重大项目建设。",
        ["办公室", "规划科", "投资科", "价格管理科"],
    ),
    (
        "jyj",
        "蓝湾县教育局",
        "县教育局",
        "负责全县各级各类教育的统筹规划和协调管理，推进义务教育均衡发展。",
        ["办公室", "基础教育科", "学生资助管理中心", "教师发展科"],
    ),
    (
        "czj",
        "蓝湾县财政局",
        "县财政局",
        "负责全县财政收支管理，编制年度预决算草案，管理政府采购工作。",
        ["办公室", "预算科", "国库支付中心", "政府采购管理科"],
    ),
    (
        "rsj",
        "蓝湾县人力资源和社会保障局",
        "县人社局",
        "负责全县就业创业、社会保险、人才引进和劳动关系协调工作。",
        ["办公室", "就业促进科", "社会保险科", "劳动关系科"],
    ),
    (
        "zrj",
        "蓝湾县自然资源和规划局",
        "县自然资源局",
        "负责全县自然资源调查、国土空间规划和用途管制、不动产登记工作。",
        ["办公室", "国土空间规划科", "耕地保护科", "不动产登记中心"],
    ),
    (
        "zjj",
        "蓝湾县住房和城乡建设局",
        "县住建局",
        "负责全县住房保障、城乡建设、建筑市场和物业管理工作。",
        ["办公室", "住房保障科", "建筑市场科", "村镇建设科"],
    ),
    (
        "wjj",
        "蓝湾县卫生健康局",
        "县卫健局",
        "负责全县医疗卫生服务体系建设、疾病预防控制和人口健康工作。",
        ["办公室", "医政医管科", "疾病预防控制科", "老龄健康科"],
    ),
    (
        "scj",
        "蓝湾县市场监督管理局",
        "县市场监管局",
        "负责全县市场主体登记、食品药品安全和产品质量监督管理工作。",
        ["办公室", "登记注册科", "食品安全科", "质量监督科"],
    ),
    (
        "mzj",
        "蓝湾县民政局",
        "县民政局",
        "负责全县社会救助、养老服务、社会组织和婚姻登记管理工作。",
        ["办公室", "社会救助科", "养老服务科", "婚姻登记处"],
    ),
    (
        "jtj",
        "蓝湾县交通运输局",
        "县交通局",
        "负责全县公路建设养护、道路运输和农村客运管理工作。",
        ["办公室", "建设管理科", "运输管理科"],
    ),
]
TOWNS = [
    ("qsz", "蓝湾县青石镇人民政府", "青石镇", ["党政办公室", "社会事务办公室", "经济发展办公室"]),
    ("bsz", "蓝湾县白沙镇人民政府", "白沙镇", ["党政办公室", "社会事务办公室", "村镇建设办公室"]),
    ("lxx", "蓝湾县柳溪乡人民政府", "柳溪乡", ["党政办公室", "农业农村办公室", "社会事务办公室"]),
]

# Invented names for leaders (combinations, not people).
SURNAMES = "林陈周吴郑孙沈韩杨朱秦许何吕施张孔曹严华金魏陶姜"
GIVEN = [
    "晓明",
    "立华",
    "思远",
    "文静",
    "建国",
    "海燕",
    "子涵",
    "志强",
    "雅琴",
    "振宇",
    "明辉",
    "秀兰",
    "国平",
    "丽娟",
    "俊杰",
    "春梅",
    "伟东",
    "玉珍",
    "宏伟",
    "佳怡",
]

STAFF = [
    # username, full name, role, agency key
    ("admin", "系统管理员（演示）", Role.SYSTEM_ADMIN, None),
    ("gkb", "县政务公开办（演示）", Role.DISCLOSURE_OFFICE, "gov"),
    ("czj_admin", "财政局机关管理员（演示）", Role.AGENCY_ADMIN, "czj"),
    ("czj_officer", "财政局信息员（演示）", Role.OFFICER, "czj"),
    ("czj_reviewer", "财政局审核员（演示）", Role.REVIEWER, "czj"),
    ("gov_handler", "县政府办理人（演示）", Role.HANDLER, "gov"),
    ("gov_leader", "县政府领导（演示）", Role.LEADER, "gov"),
]


@dataclass
class DemoResult:
    created: bool
    agencies: int
    staff: list[tuple[str, str, str]]  # username, role label, agency name


def _person(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]


def root_code() -> str:
    return generate_credit_code(division=DIVISION, serial=1)


def build_county() -> DemoResult:
    """Create the county if it is not there yet (idempotent: a second run changes nothing)."""
    existing = Agency.objects.filter(credit_code=root_code()).first()
    if existing is None:
        with transaction.atomic():
            _create()
        created = True
    else:
        created = False
    staff = []
    for username, _name, role, _key in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        assignment = user.roles.select_related("agency").first()
        staff.append(
            (
                username,
                str(Role(role).label),
                assignment.agency.name if assignment and assignment.agency else "—",
            )
        )
    return DemoResult(created=created, agencies=Agency.objects.count(), staff=staff)


def _create() -> None:
    serial = iter(range(1, 10_000))
    person = iter(range(0, 10_000))
    agencies: dict[str, Agency] = {}

    gov = Agency.objects.create(
        name="蓝湾县人民政府",
        short_name="县政府",
        credit_code=generate_credit_code(division=DIVISION, serial=next(serial)),
        kind=AgencyKind.GOVERNMENT,
        functions="执行县人民代表大会及其常务委员会的决议，领导全县各部门和乡镇人民政府的工作。",
        address=f"{ADDRESS_ROOT}1号",
        postcode="339921",
        office_hours="周一至周五 上午8:30—12:00，下午14:30—17:30（法定节假日除外）",
        phone=f"{PHONE_PREFIX}8800001",
        fax=f"{PHONE_PREFIX}8800002",
        email="gongkai@lanwan.example.cn",
        website="https://www.lanwan.example.cn",
        sort_order=1,
    )
    agencies["gov"] = gov
    for j, name in enumerate(["县政府办公室（县政务公开办）", "综合科", "督查科", "信息公开科"]):
        Department.objects.create(
            agency=gov, name=name, sort_order=j, phone=f"{PHONE_PREFIX}88001{j:02d}"
        )
    titles = [
        ("县长", "主持县政府全面工作，分管审计工作。"),
        ("常务副县长", "负责县政府常务工作，分管发展改革、财政、自然资源和规划工作。"),
        ("副县长", "分管教育、卫生健康、民政、人力资源和社会保障工作。"),
        ("副县长", "分管住房和城乡建设、交通运输、市场监督管理工作。"),
    ]
    for j, (title, duties) in enumerate(titles):
        Leader.objects.create(
            agency=gov, name=_person(next(person)), title=title, duties=duties, sort_order=j
        )

    for order, (key, name, short, functions, depts) in enumerate(BUREAUS, start=10):
        n = next(serial)
        agency = Agency.objects.create(
            name=name,
            short_name=short,
            credit_code=generate_credit_code(division=DIVISION, serial=n),
            parent=gov,
            kind=AgencyKind.DEPARTMENT,
            functions=functions,
            address=f"{ADDRESS_ROOT}{n * 10}号",
            postcode="339921",
            office_hours="周一至周五 上午8:30—12:00，下午14:30—17:30",
            phone=f"{PHONE_PREFIX}88{n:02d}100",
            email=f"{key}@lanwan.example.cn",
            sort_order=order,
        )
        agencies[key] = agency
        for j, dept in enumerate(depts):
            Department.objects.create(
                agency=agency, name=dept, sort_order=j, phone=f"{PHONE_PREFIX}88{n:02d}1{j + 1:02d}"
            )
        Leader.objects.create(
            agency=agency,
            name=_person(next(person)),
            title="局长",
            duties="主持局全面工作。",
            sort_order=0,
        )
        Leader.objects.create(
            agency=agency,
            name=_person(next(person)),
            title="副局长",
            duties="协助局长工作，分管办公室和政务公开工作。",
            sort_order=1,
        )

    for order, (key, name, short, depts) in enumerate(TOWNS, start=50):
        n = next(serial)
        town = Agency.objects.create(
            name=name,
            short_name=short,
            credit_code=generate_credit_code(division=DIVISION, serial=n),
            parent=gov,
            kind=AgencyKind.TOWN,
            functions=f"负责{short}辖区内经济社会发展、公共服务、社会治理和农业农村工作。",
            address=f"{COUNTY}{short}中心街{n}号",
            postcode="339922",
            office_hours="周一至周五 上午8:00—12:00，下午14:00—17:30",
            phone=f"{PHONE_PREFIX}87{n:02d}000",
            sort_order=order,
        )
        agencies[key] = town
        for j, dept in enumerate(depts):
            Department.objects.create(agency=town, name=dept, sort_order=j)
        Leader.objects.create(
            agency=town,
            name=_person(next(person)),
            title="镇长" if short.endswith("镇") else "乡长",
            duties="主持政府全面工作。",
            sort_order=0,
        )

    n = next(serial)
    center = Agency.objects.create(
        name="蓝湾县政务服务中心",
        short_name="县政务服务中心",
        credit_code=generate_credit_code(division=DIVISION, serial=n, kind="2"),
        parent=gov,
        kind=AgencyKind.INSTITUTION,
        functions="承担全县政务服务事项集中办理、12345热线受理和政务公开查阅点的日常管理。",
        address=f"{ADDRESS_ROOT}88号",
        postcode="339921",
        office_hours="周一至周日 上午9:00—17:00",
        phone=f"{PHONE_PREFIX}12345",
        sort_order=80,
    )
    agencies["center"] = center
    Department.objects.create(agency=center, name="综合窗口科", sort_order=0)

    password = settings.GONGKAI_DEMO_PASSWORD
    for username, full_name, role, key in STAFF:
        user = User(username=username, full_name=full_name, email=f"{username}@lanwan.example.cn")
        user.set_password(password)
        user.save()
        RoleAssignment.objects.create(
            user=user, agency=agencies.get(key) if key else None, role=role
        )

    record_event(actor=None, action="demo.build", agency=gov, data={"agencies": len(agencies)})
