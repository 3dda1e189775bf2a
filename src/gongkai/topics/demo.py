"""Demo data of 点题公开: a year of topics proposed by the public to the demo county's agencies,
in every state — waiting for moderation, not accepted, public and waiting for the answer,
promised for a date (some dates passed and flagged), already published (a catalog item or a
link), cannot be published — some sent to the county because the proposer was not sure and
passed on by the 公开办, with supports from many browsers.

Everything goes through the services with the times it would have happened at; texts and
people are invented; the random choices are seeded. Leaves a ``demo.topics`` audit event, and
when that event exists a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.agencies.models import Agency
from gongkai.applications import notify
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.catalog.models import PUBLIC_CONDITION, Item
from gongkai.topics import services
from gongkai.topics.models import AnswerKind, TopicRequest

MARKER = "demo.topics"
SEED = 2026

# (agency name or None for "not sure", title, what, why)
TOPICS = [
    (
        "蓝湾县交通运输局",
        "农村公路养护资金使用情况",
        "希望公开近三年农村公路养护资金的安排和使用明细。",
        "村里道路年年修，想知道钱花在哪里。",
    ),
    (
        "蓝湾县交通运输局",
        "城乡公交线路调整方案",
        "希望公开今年城乡公交线路和班次调整的方案。",
        "上班通勤需要提前安排。",
    ),
    (
        "蓝湾县教育局",
        "城区小学学区划分",
        "希望公开今年城区各小学的学区划分范围。",
        "孩子明年上学，需要了解学区。",
    ),
    (
        "蓝湾县教育局",
        "学生营养餐补助标准",
        "希望公开农村学生营养改善计划的补助标准和供餐单位。",
        "",
    ),
    (
        "蓝湾县卫生健康局",
        "乡镇卫生院设备配置",
        "希望公开各乡镇卫生院新配置医疗设备的清单。",
        "想知道附近卫生院能做哪些检查。",
    ),
    ("蓝湾县卫生健康局", "疫苗接种点和时间", "希望公开全县疫苗接种点的地址和开放时间。", ""),
    (
        "蓝湾县民政局",
        "养老机构补贴发放情况",
        "希望公开养老机构运营补贴的发放对象和金额。",
        "关心养老服务质量。",
    ),
    ("蓝湾县民政局", "临时救助办理流程", "希望公开临时救助的申请条件、材料和办理时限。", ""),
    (
        "蓝湾县住房和城乡建设局",
        "老旧小区改造名单",
        "希望公开今年纳入改造的老旧小区名单和改造内容。",
        "我们小区很旧，想知道有没有列入。",
    ),
    ("蓝湾县住房和城乡建设局", "保障性住房分配结果", "希望公开公共租赁住房的分配结果。", ""),
    (
        "蓝湾县自然资源和规划局",
        "城东片区控制性详细规划",
        "希望公开城东片区控制性详细规划的批复文件。",
        "家在城东，关心周边建设。",
    ),
    (
        "蓝湾县市场监督管理局",
        "学校食堂抽检结果",
        "希望公开学校食堂食品安全抽检的结果。",
        "孩子在学校吃饭，家长关心。",
    ),
    ("蓝湾县市场监督管理局", "农贸市场计量器具检定", "希望公开农贸市场电子秤检定的情况。", ""),
    ("蓝湾县财政局", "县级部门“三公”经费", "希望公开县级部门“三公”经费的预算和决算对比。", ""),
    (
        "蓝湾县人力资源和社会保障局",
        "公益性岗位招聘信息",
        "希望公开公益性岗位的招聘数量、条件和结果。",
        "家人想报名。",
    ),
    ("蓝湾县发展和改革局", "重点建设项目进度", "希望公开今年县重点建设项目的进度情况。", ""),
    (
        "蓝湾县青石镇人民政府",
        "青石镇集镇改造补偿标准",
        "希望公开集镇改造中房屋征收的补偿标准。",
        "涉及我家的房子。",
    ),
    ("蓝湾县白沙镇人民政府", "白沙镇村级财务公开", "希望公开各村的年度财务收支情况。", ""),
    (
        "蓝湾县柳溪乡人民政府",
        "柳溪乡饮水工程建设",
        "希望公开集中供水工程的建设进度和水质检测结果。",
        "夏天经常停水。",
    ),
    (
        None,
        "城区路灯维修责任单位",
        "城区有些路灯长期不亮，希望公开路灯维护的责任单位和报修方式。",
        "",
    ),
    (None, "河道保洁承包情况", "希望公开县城河道保洁的承包单位和考核结果。", "河边垃圾较多。"),
    (None, "公园开放时间调整", "希望公开滨湖公园开放时间调整的依据。", ""),
]
# The agencies the 公开办 passes the "not sure" topics to.
ROUTED_TO = {
    "城区路灯维修责任单位": "蓝湾县住房和城乡建设局",
    "河道保洁承包情况": "蓝湾县住房和城乡建设局",
}
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = ["小红", "志明", "丽华", "建军", "秀梅", "海波", "文静", "国庆", "春兰", "晓光"]
REJECT_REASONS = [
    "所提事项属于个人信访诉求，请通过信访渠道反映。",
    "与已公开的点题内容重复，请在原点题下附议。",
    "内容与政府信息公开无关。",
]
CANNOT_REASONS = [
    "所涉信息包含第三方商业秘密，公开后可能损害其合法权益，依法不予公开。",
    "该事项尚在研究过程中，属于过程性信息，暂不公开；形成正式方案后将主动公开。",
    "所涉信息包含大量个人信息，不宜公开；汇总统计数据已在年度报告中公开。",
]


@dataclass
class TopicsDemoResult:
    created: bool
    topics: int


@functools.cache
def _password() -> str:
    return make_password(settings.GONGKAI_DEMO_PASSWORD)


def _staff(agency: Agency, role: str, label: str) -> User:
    existing = (
        User.objects.filter(roles__agency=agency, roles__role=role, is_active=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    username = f"{_agency_key(agency)}_{role}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            full_name=f"{agency.short_name or agency.name}{label}（演示）",
            email=f"{username}@lanwan.example.cn",
            password=_password(),
        )
        user.save()
    RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def _agency_key(agency: Agency) -> str:
    """The demo county's short key of an agency (``qsz``, ``scj``), for user names."""
    from gongkai.core.demo.county import BUREAUS, TOWNS

    keys = {name: key for key, name, *_rest in [*BUREAUS, *TOWNS]}
    return keys.get(agency.name, "gov" if agency.parent_id is None else f"a{agency.pk}")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def build_topics() -> TopicsDemoResult:
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    office = User.objects.filter(username="gkb").first()
    if gov is None or office is None or Event.objects.filter(action=MARKER).exists():
        return TopicsDemoResult(created=False, topics=TopicRequest.objects.count())
    today = timezone.localdate()
    with notify.suppressed(), transaction.atomic():
        made = _Builder(random.Random(SEED), gov, office, today).build()
        services.flag_overdue(timezone.now())
        record_event(actor=None, action=MARKER, agency=gov, data={"topics": made})
    return TopicsDemoResult(created=True, topics=TopicRequest.objects.count())


# Every state, in this order over the year (oldest first); the plan repeats.
PLAN = [
    "published_item",
    "cannot",
    "published_url",
    "rejected",
    "will_publish_late",
    "published_item",
    "cannot",
    "will_publish",
    "published_url",
    "rejected",
    "will_publish_late",
    "approved",
    "will_publish",
    "approved",
    "cannot",
    "approved",
    "rejected",
    "pending",
    "pending",
]


class _Builder:
    def __init__(self, rng, gov, office, today) -> None:
        self.rng, self.gov, self.office, self.today = rng, gov, office, today
        self.made = 0

    def proposer(self) -> dict[str, str]:
        name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
        mobile = "139" + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
        email = f"citizen{self.rng.randint(100, 999)}@example.cn" if self.rng.random() < 0.4 else ""
        return {"name": name, "mobile": mobile, "email": email}

    def build(self) -> int:
        topics = list(TOPICS)
        self.rng.shuffle(topics)
        named = [t for t in topics if t[0] is not None]
        unsure = [t for t in topics if t[0] is None]
        span = 360
        for i, (state, topic) in enumerate(zip(PLAN, named, strict=False)):
            day = self.today - dt.timedelta(days=span - i * (span // len(PLAN)))
            self.one(topic, state, day)
        # The "not sure" ones: two passed on by the 公开办 and answered, one still waiting.
        for i, topic in enumerate(unsure):
            day = self.today - dt.timedelta(days=60 - 25 * i)
            self.one(topic, "routed" if topic[1] in ROUTED_TO else "pending", day)
        return self.made

    def one(self, topic, state: str, day: dt.date) -> None:
        agency_name, title, what, why = topic
        agency = Agency.objects.get(name=agency_name) if agency_name else None
        t = services.topic_submit(
            agency=agency,
            data={"title": title, "description": what, "reason": why, **self.proposer()},
            now=_at(day, 9),
        )
        self.made += 1
        if state == "pending":
            return
        if state == "routed":
            routed = min(day + dt.timedelta(days=1), self.today)
            t = services.topic_route(
                actor=self.office,
                topic=t,
                agency=Agency.objects.get(name=ROUTED_TO[title]),
                now=_at(routed, 11),
            )
            state = "will_publish"
        reviewer = _staff(t.agency, Role.REVIEWER, "审核员")
        moderated = min(day + dt.timedelta(days=self.rng.randint(1, 3)), self.today)
        if state == "rejected":
            services.topic_reject(
                actor=reviewer, topic=t, reason=self.rng.choice(REJECT_REASONS), now=_at(moderated)
            )
            return
        t = services.topic_approve(actor=reviewer, topic=t, now=_at(moderated))
        self.support(t)
        if state == "approved":
            return
        officer = _staff(t.agency, Role.OFFICER, "信息员")
        answered = min(moderated + dt.timedelta(days=self.rng.randint(5, 15)), self.today)
        if state in ("will_publish", "will_publish_late"):
            if state == "will_publish_late":
                promised = answered + dt.timedelta(days=20)
                if promised >= self.today:
                    promised = self.today - dt.timedelta(days=1)
            else:
                promised = self.today + dt.timedelta(days=self.rng.randint(15, 60))
            services.topic_answer(
                actor=officer,
                topic=t,
                kind=AnswerKind.WILL_PUBLISH,
                text="相关信息正在整理汇总，将按期在政府信息公开目录中公开。",
                promised_by=max(promised, answered),
                today=answered,
            )
        elif state == "cannot":
            services.topic_answer(
                actor=officer,
                topic=t,
                kind=AnswerKind.CANNOT,
                text=self.rng.choice(CANNOT_REASONS),
                today=answered,
            )
        else:
            item = None
            if state == "published_item":
                item = (
                    Item.objects.filter(PUBLIC_CONDITION, agency=t.agency)
                    .order_by("-published_date", "-pk")
                    .first()
                )
            services.topic_answer(
                actor=officer,
                topic=t,
                kind=AnswerKind.PUBLISHED,
                text="相关信息已在本机关政府信息公开专栏公开，欢迎查阅。",
                item=item,
                url="" if item else f"https://www.lanwan.example.cn/xxgk/topic-{t.pk}.html",
                today=answered,
            )

    def support(self, topic: TopicRequest) -> None:
        for n in range(self.rng.choice([0, 1, 3, 5, 8, 12, 20, 35])):
            services.topic_support(topic=topic, token=f"demo-browser-{topic.pk}-{n}")
