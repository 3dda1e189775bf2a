"""Demo data of 依申请公开: a year of applications of the demo county in every state.

Applications are received on working days from ``FIRST_DAY`` to today at the county government
and three bureaus (each given a 办理人 and a 领导 account when it has none), from invented
natural persons (valid resident ID numbers) and organisations of every kind (valid credit
codes), through every channel. Every case goes through the real services with past dates
(``today=``/``now=``), so timelines, audit events, clocks and letters are the real ones:

- open cases: submitted online and waiting for confirmation, registered, being handled (some
  due soon, a few overdue), waiting for a 补正, with a consultation running, with an approved
  extension, waiting for a fee, decided with the reply still a draft;
- closed cases: every one of the 21 outcomes at least once, each with its reply letter issued
  (a real PDF: this is the slow part, so the number of closed cases is bounded), most of them
  delivered, most of those older than two months archived, a few with 行政复议 / 行政诉讼.

Deterministic (``random.Random(SEED)``; the dates follow today). One transaction; it leaves a
``demo.applications`` audit event, and when that event exists a second run does nothing. No
e-mail is sent (the invented applicants' addresses are not real).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.agencies.credit_code import generate_credit_code
from gongkai.agencies.models import Agency
from gongkai.applications import notify
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    DeliveryWanted,
    FormWanted,
    IdType,
    LetterKind,
    RemedyKind,
    RemedyResult,
)
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services import intake, letters, workflow
from gongkai.applications.services.clock import calendar_for
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.catalog.privacy import ID_CHECK_CHARS, ID_WEIGHTS

SEED = 2027
MARKER = "demo.applications"
FIRST_DAY = dt.date(2025, 12, 1)
DIVISION = "339921"  # as in gongkai.core.demo.county
# Closed cases besides the one per outcome (each issues a real PDF, ~0.4 s) and open cases
# being handled, at scale 1.0.
EXTRA_CLOSED = 45
EXTRA_OPEN = 14

# The agencies that receive applications: key (for the account names), name, share.
AGENCIES = [
    ("gov", "蓝湾县人民政府", 0.55),
    ("zrj", "蓝湾县自然资源和规划局", 0.17),
    ("zjj", "蓝湾县住房和城乡建设局", 0.15),
    ("mzj", "蓝湾县民政局", 0.13),
]
STAFF_NAMES = {
    "zrj": ("自然资源局办理人（演示）", "自然资源局领导（演示）"),
    "zjj": ("住建局办理人（演示）", "住建局领导（演示）"),
    "mzj": ("民政局办理人（演示）", "民政局领导（演示）"),
}

ROADS = ["滨湖大道", "青石路", "白沙街", "柳溪路", "望海路", "翠屏路", "环城东路", "迎宾大道"]
VILLAGES = ["上塘村", "下洋村", "东岙村", "石门村", "湖头村", "溪口村", "横街村", "山前村"]
PROJECTS = ["改造工程", "拓宽工程", "提升改造项目", "配套管网工程", "综合整治工程"]


def _titles(rng: random.Random, key: str, year: int) -> tuple[str, str]:
    """An invented request: the title and a description."""
    road, village = rng.choice(ROADS), rng.choice(VILLAGES)
    choices = {
        "gov": [
            (f"{road}{rng.choice(PROJECTS)}的立项批复文件", "包括立项批复及项目概算批复。"),
            (f"{year - 1}年度县政府常务会议纪要中涉及{road}建设的部分", ""),
            (
                f"{village}集体土地征收的征地批复及补偿安置方案",
                "本人系该村村民，房屋在征收范围内。",
            ),
            (f"{year - 1}年度蓝湾县重大行政决策事项目录", ""),
            (f"蓝湾县{village}美丽乡村建设项目的资金拨付文件", ""),
            (f"{year - 1}年县政府信访事项办理情况统计", ""),
            (f"关于{road}沿线违章建筑整治的县政府会议纪要", ""),
            (f"{year - 1}年度蓝湾县政府性基金预算执行情况", ""),
        ],
        "zrj": [
            (f"{village}地块的建设用地规划许可证及附图", ""),
            (f"{village}宅基地审批台账（{year - 1}年）", "仅需本组农户的审批结果。"),
            (f"{road}两侧控制性详细规划调整的批复", ""),
            (f"{year - 1}年度蓝湾县耕地占补平衡项目清单", ""),
            (f"{village}土地征收的勘测定界图", ""),
        ],
        "zjj": [
            (f"{road}老旧小区改造项目的施工许可证", ""),
            (f"{year - 1}年度公共租赁住房分配名单", ""),
            (f"{road}安置小区的竣工验收备案材料", ""),
            (f"{village}农村危房改造补助资金发放明细", ""),
            (f"{road}{rng.choice(PROJECTS)}的招标文件及中标通知书", ""),
        ],
        "mzj": [
            (f"{year - 1}年度城乡居民最低生活保障资金发放明细", "按乡镇汇总即可。"),
            (f"{year - 1}年度特困人员救助供养资金使用情况", ""),
            ("蓝湾县养老服务机构运营补贴的发放标准和名单", ""),
            (f"{year - 1}年度社会组织年检结果", ""),
            (f"{village}低保户认定的评议记录", ""),
        ],
    }
    return rng.choice(choices[key])


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国海燕志明"

ORGANISATIONS = [
    # kind, names, (authority, kind digit) of the credit code
    (
        ApplicantKind.COMMERCIAL,
        ["蓝湾县宏达建材有限公司", "蓝湾县海丰水产养殖有限公司", "东海市安居置业有限公司"],
        ("9", "1"),
    ),
    (ApplicantKind.RESEARCH, ["东海大学地方治理研究中心", "东海市社会科学研究所"], ("1", "2")),
    (
        ApplicantKind.NONPROFIT,
        ["蓝湾县绿水环保公益服务中心", "东海市阳光助残服务社"],
        ("5", "2"),
    ),
    (
        ApplicantKind.LEGAL_SERVICE,
        ["蓝湾明正律师事务所", "东海市衡平律师事务所"],
        ("3", "1"),
    ),
    (ApplicantKind.OTHER, ["蓝湾县滨湖社区居民委员会", "青石镇上塘村股份经济合作社"], ("N", "2")),
]

REFERRALS = {
    "gov": ("蓝湾县自然资源和规划局", "地址：蓝湾县滨湖大道50号，电话：0570-8805100"),
    "zrj": ("蓝湾县住房和城乡建设局", "地址：蓝湾县滨湖大道60号，电话：0570-8806100"),
    "zjj": ("蓝湾县发展和改革局", "地址：蓝湾县滨湖大道20号，电话：0570-8802100"),
    "mzj": ("蓝湾县财政局", "地址：蓝湾县滨湖大道40号，电话：0570-8804100"),
}
REASONS = {
    Outcome.PARTIAL: "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，"
    "但能够作区分处理，本机关向您提供可以公开的部分。其中涉及个人身份证号码、银行账号的内容"
    "属于个人隐私，公开会对第三方合法权益造成损害，依据《中华人民共和国政府信息公开条例》"
    "第十五条不予公开。",
    Outcome.NOT_HANDLED_PUBLICATION: "您申请获取的是公开出版物，请通过公开渠道获取，本机关告知"
    "获取的途径如下：该信息已刊载于《蓝湾年鉴》，可在蓝湾县图书馆查阅。",
    Outcome.OTHER: "您已于申请答复前书面申请撤回该政府信息公开申请，本机关终止处理。",
}
PROVIDED = [
    "相关文件复印件一份，随本告知书一并邮寄。",
    "相关文件的电子文本，已通过电子邮件发送至您预留的邮箱。",
    "相关信息已在本机关门户网站公开，获取途径：蓝湾县人民政府门户网站“政府信息公开”栏目。",
]
# The outcomes of the closed cases beyond the one of each (weights).
WEIGHTS = {
    Outcome.GRANTED: 34,
    Outcome.PARTIAL: 12,
    Outcome.UNAVAILABLE_NOT_HELD: 12,
    Outcome.UNAVAILABLE_NEEDS_CREATION: 6,
    Outcome.WITHHELD_INTERNAL: 4,
    Outcome.WITHHELD_PROCESS: 6,
    Outcome.WITHHELD_THIRD_PARTY: 4,
    Outcome.NOT_HANDLED_PETITION: 6,
    Outcome.NOT_HANDLED_REPEAT: 3,
    Outcome.NOT_HANDLED_CONFIRMATION: 2,
    Outcome.OTHER: 3,
}


# 行政复议 (result; then 行政诉讼?) over a case of these outcomes.
REMEDIES = [
    (Outcome.WITHHELD_PROCESS, RemedyResult.UPHELD, False),
    (Outcome.UNAVAILABLE_NOT_HELD, RemedyResult.CORRECTED, False),
    (Outcome.WITHHELD_THIRD_PARTY, RemedyResult.UPHELD, True),
    (Outcome.NOT_HANDLED_PETITION, RemedyResult.PENDING, False),
]
REMEDY_OUTCOMES = {outcome for outcome, _result, _lawsuit in REMEDIES}


@dataclass
class ApplicationsDemoResult:
    created: bool
    applications: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def build_applications(scale: float = 1.0) -> ApplicationsDemoResult:
    """Give the demo county its applications, once (see the module docstring). ``scale``
    multiplies the number of ordinary cases; the cases that show each state, each outcome,
    overdue handling and the remedies are always made."""
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return ApplicationsDemoResult(created=False, applications=Application.objects.count())
    with notify.suppressed(), transaction.atomic():
        builder = _Builder(random.Random(SEED), gov, timezone.localdate())
        builder.build(scale)
        counts = builder.counts()
        record_event(actor=None, action=MARKER, agency=gov, data=counts)
    return ApplicationsDemoResult(
        created=True, applications=Application.objects.count(), counts=counts
    )


class _Desk:
    """One receiving agency with its handler and leader."""

    def __init__(self, key: str, agency: Agency, handler: User, leader: User):
        self.key, self.agency, self.handler, self.leader = key, agency, handler, leader


@functools.cache
def _demo_password_hash() -> str:
    """The demo password hashed once (hashing takes about a second here; a new salt per
    account buys nothing for a published demo password)."""
    return make_password(settings.GONGKAI_DEMO_PASSWORD)


def _account(username: str, full_name: str, role: str, agency: Agency) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, email=f"{username}@lanwan.example.cn")
        user.password = _demo_password_hash()
        user.save()
    if not RoleAssignment.objects.filter(user=user, agency=agency, role=role).exists():
        RoleAssignment.objects.create(user=user, agency=agency, role=role)
    return user


def _staff(key: str, agency: Agency, role: str) -> User:
    existing = (
        User.objects.filter(roles__agency=agency, roles__role=role, is_active=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    handler_name, leader_name = STAFF_NAMES.get(key, (f"{key}办理人（演示）", f"{key}领导（演示）"))
    if role == Role.HANDLER:
        return _account(f"{key}_handler", handler_name, role, agency)
    return _account(f"{key}_leader", leader_name, role, agency)


def resident_id(rng: random.Random, born: dt.date) -> str:
    """A well-formed (GB 11643) resident ID number of an invented person born on ``born``."""
    body = (
        f"33{rng.randint(1, 99):02d}{rng.randint(1, 30):02d}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    )
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK_CHARS[total % 11]


class _Builder:
    def __init__(self, rng: random.Random, gov: Agency, today: dt.date):
        self.rng, self.gov, self.today = rng, gov, today
        self.calendar = calendar_for(FIRST_DAY)
        self.days = [
            FIRST_DAY + dt.timedelta(days=n)
            for n in range((today - FIRST_DAY).days + 1)
            if self.calendar.is_working_day(FIRST_DAY + dt.timedelta(days=n))
        ]
        self.desks: list[_Desk] = []
        for key, name, _share in AGENCIES:
            agency = Agency.objects.filter(name=name).first() if key != "gov" else gov
            if agency is None:
                continue
            self.desks.append(
                _Desk(
                    key, agency, _staff(key, agency, Role.HANDLER), _staff(key, agency, Role.LEADER)
                )
            )
        self.weights = [
            share for key, _n, share in AGENCIES if any(d.key == key for d in self.desks)
        ]
        self.people = 0
        self.tracking = 0
        self.closed: list[tuple[Application, _Desk, dt.date]] = []

    # --- helpers ----------------------------------------------------------------------

    def day(self, back: int) -> dt.date:
        """The working day ``back`` working days before the last one up to today."""
        return self.days[max(0, len(self.days) - 1 - back)]

    def add(self, start: dt.date, n: int) -> dt.date:
        return self.calendar.add_working_days(start, n)

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        minute = self.rng.randint(0, 59)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def desk(self) -> _Desk:
        return self.rng.choices(self.desks, weights=self.weights)[0]

    def applicant(self) -> dict[str, str]:
        rng = self.rng
        self.people += 1
        if rng.random() < 0.72:
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
            born = dt.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
            data = {
                "applicant_kind": ApplicantKind.NATURAL_PERSON,
                "applicant_name": name,
                "id_type": IdType.RESIDENT_ID,
                "id_number": resident_id(rng, born),
            }
        else:
            kind, names, (authority, digit) = rng.choice(ORGANISATIONS)
            name = rng.choice(names)
            data = {
                "applicant_kind": kind,
                "applicant_name": name,
                "id_type": IdType.CREDIT_CODE,
                "id_number": generate_credit_code(
                    division=DIVISION,
                    serial=7000 + sum(map(ord, name)) % 1000,
                    authority=authority,
                    kind=digit,
                ),
                "contact_person": rng.choice(SURNAMES) + rng.choice(["先生", "女士", "律师"]),
            }
        email = f"applicant{self.people}@mail.example.cn"
        form, delivery = rng.choice(
            [
                (FormWanted.PAPER, DeliveryWanted.POST),
                (FormWanted.PAPER, DeliveryWanted.COLLECT),
                (FormWanted.EMAIL, DeliveryWanted.EMAIL),
                (FormWanted.EMAIL, DeliveryWanted.ONLINE),
            ]
        )
        data.update(
            phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
            email=email if delivery != DeliveryWanted.COLLECT or rng.random() < 0.5 else "",
            address=f"蓝湾县{rng.choice(ROADS)}{rng.randint(1, 300)}号",
            postcode="339921",
            form_wanted=form,
            delivery_wanted=delivery,
        )
        if data["form_wanted"] == FormWanted.EMAIL and not data["email"]:
            data["email"] = email
        return data

    def request(self, desk: _Desk, received: dt.date, **extra) -> dict[str, str]:
        data = self.applicant()
        title, description = _titles(self.rng, desk.key, received.year)
        data.update(info_title=title, info_description=description)
        if self.rng.random() < 0.4:
            data["purpose"] = self.rng.choice(
                ["维护自身合法权益。", "学术研究需要。", "了解征收补偿政策。", "办理相关手续需要。"]
            )
        data.update(extra)
        return data

    # --- intake ----------------------------------------------------------------------------

    def submit_online(self, desk: _Desk, submitted: dt.date) -> Application:
        data = self.request(desk, submitted)
        application, _code = intake.application_submit_online(
            agency=desk.agency, data=data, now=self.at(submitted, self.rng.randint(8, 21))
        )
        return application

    def receive(self, desk: _Desk, received: dt.date, channel: str | None = None) -> Application:
        """An application received on ``received`` through a random channel, assigned to the
        handler the same day."""
        channel = (
            channel
            or self.rng.choices(
                [
                    Channel.ONLINE,
                    Channel.IN_PERSON,
                    Channel.POST,
                    Channel.ORDINARY_MAIL,
                    Channel.EMAIL,
                ],
                weights=[45, 20, 15, 8, 12],
            )[0]
        )
        if channel == Channel.ONLINE:
            submitted = received
            if self.rng.random() < 0.5 and received > FIRST_DAY:
                submitted = received - dt.timedelta(days=self.rng.randint(1, 2))
            application = self.submit_online(desk, submitted)
            application = intake.application_confirm_receipt(
                actor=desk.handler, application=application, received_on=received, today=received
            )
        else:
            data = self.request(desk, received)
            if channel == Channel.EMAIL and not data["email"]:
                data["email"] = f"applicant{self.people}@mail.example.cn"
            note = ""
            if channel == Channel.POST:
                note = f"挂号信签收，邮件号XA{self.rng.randint(10**8, 10**9 - 1)}CN。"
            application, _code = intake.application_register(
                actor=desk.handler,
                agency=desk.agency,
                data=data,
                channel=channel,
                received_on=received,
                receipt_note=note,
                now=self.at(received, 9),
            )
        return application

    def assign(self, desk: _Desk, application: Application, day: dt.date) -> Application:
        return workflow.application_assign(
            actor=desk.handler, application=application, handler=desk.handler, now=self.at(day, 11)
        )

    # --- closing ------------------------------------------------------------------------

    def decide(self, desk, application, outcome, day, **kwargs) -> Application:
        h = desk.handler
        common = {"today": day, "now": self.at(day, 15)}
        if outcome == Outcome.UNAVAILABLE_NOT_HELD:  # the letter names the agency that holds it
            name, contact = REFERRALS[desk.key]
            return workflow.application_transfer(
                actor=h,
                application=application,
                agency_name=name,
                contact=contact,
                decided_on=day,
                **common,
            )
        if outcome in (Outcome.GRANTED, Outcome.PARTIAL):
            kwargs.setdefault("provided", self.rng.choice(PROVIDED))
        if outcome in REASONS:
            kwargs.setdefault("reason", REASONS[outcome])
        return workflow.application_decide(
            actor=h, application=application, outcome=outcome, decided_on=day, **common, **kwargs
        )

    def reply(self, desk: _Desk, application: Application, day: dt.date) -> None:
        """Draft and issue the reply on ``day``, record its delivery, remember the case."""
        letter = letters.letter_draft(
            actor=desk.handler, application=application, kind=LetterKind.REPLY
        )
        letter = letters.letter_issue(actor=desk.handler, letter=letter, now=self.at(day, 16))
        application.refresh_from_db()
        delivered = min(day + dt.timedelta(days=self.rng.randint(0, 4)), self.today)
        if self.rng.random() < 0.9:
            method, receipt = {
                DeliveryWanted.POST: (
                    DeliveryMethod.POST,
                    f"XA{self.rng.randint(10**8, 10**9 - 1)}CN",
                ),
                DeliveryWanted.COLLECT: (DeliveryMethod.IN_PERSON, "申请人当面签收"),
                DeliveryWanted.EMAIL: (DeliveryMethod.EMAIL, ""),
                DeliveryWanted.ONLINE: (DeliveryMethod.ONLINE, ""),
            }[application.delivery_wanted]
            if method in (DeliveryMethod.EMAIL, DeliveryMethod.ONLINE):
                delivered = day
            letters.delivery_record(
                actor=desk.handler,
                letter=letter,
                method=method,
                delivered_on=delivered,
                receipt=receipt,
                today=delivered,
            )
        self.closed.append((application, desk, day))

    def closed_case(
        self, outcome: str, received: dt.date, desk: _Desk | None = None
    ) -> Application:
        """A case received on ``received``, handled through the steps its outcome needs,
        decided and replied to (within the time limit, a couple late)."""
        rng, desk = self.rng, desk or self.desk()
        h = desk.handler
        application = self.assign(desk, self.receive(desk, received), received)
        decided = self.add(received, rng.randint(4, 18))
        if outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.UNAVAILABLE_UNCLEAR):
            sent = self.add(received, rng.randint(1, 5))
            deadline = sent + dt.timedelta(days=15)
            workflow.correction_send(
                actor=h,
                application=application,
                sent_on=sent,
                deadline=deadline,
                what="请明确所需政府信息的名称、文号或者便于查询的其他特征性描述。",
                today=sent,
                now=self.at(sent, 14),
            )
            if outcome == Outcome.OTHER_NO_CORRECTION:
                lapse = self.calendar.next_working_day(deadline + dt.timedelta(days=1))
                application = workflow.correction_lapse(
                    actor=h, application=application, today=lapse, now=self.at(lapse, 10)
                )
                self.reply(desk, application, lapse)
                return application
            supplemented = self.add(sent, rng.randint(2, 6))
            workflow.correction_supplement(
                actor=h,
                application=application,
                received_on=supplemented,
                text="所需信息为本村土地征收相关文件。",
                today=supplemented,
                now=self.at(supplemented, 9),
            )
            decided = self.add(supplemented, rng.randint(5, 15))
        elif outcome == Outcome.OTHER_FEE_UNPAID:
            sent = self.add(received, rng.randint(3, 8))
            fee = workflow.fee_notice_send(
                actor=h,
                application=application,
                method=FeeMethod.PER_PAGE,
                units=rng.randint(60, 180),
                sent_on=sent,
                today=sent,
                now=self.at(sent, 14),
            )
            got = self.add(sent, 2)
            fee = workflow.fee_notice_received(
                actor=h, fee=fee, received_on=got, today=got, now=self.at(got, 9)
            )
            lapse = self.add(fee.pay_by, 1)
            application = workflow.fee_lapse(actor=h, fee=fee, today=lapse, now=self.at(lapse, 10))
            self.reply(desk, application, lapse)
            return application
        elif outcome == Outcome.WITHHELD_THIRD_PARTY or (
            outcome == Outcome.GRANTED and rng.random() < 0.1
        ):
            sent = self.add(received, rng.randint(2, 5))
            consultation = workflow.consultation_send(
                actor=h,
                application=application,
                kind=ConsultationKind.THIRD_PARTY,
                party=rng.choice(ORGANISATIONS[0][1]),
                sent_on=sent,
                party_received_on=self.add(sent, 1),
                today=sent,
                now=self.at(sent, 14),
            )
            replied = self.add(sent, rng.randint(5, 12))
            workflow.consultation_record_reply(
                actor=h,
                consultation=consultation,
                replied_on=replied,
                agrees=outcome == Outcome.GRANTED,
                summary="同意公开。"
                if outcome == Outcome.GRANTED
                else "不同意公开，涉及商业秘密。",
                today=replied,
                now=self.at(replied, 10),
            )
            decided = self.add(replied, rng.randint(2, 8))
        elif outcome == Outcome.GRANTED and rng.random() < 0.08:
            sent = self.add(received, rng.randint(3, 8))
            fee = workflow.fee_notice_send(
                actor=h,
                application=application,
                method=FeeMethod.PER_PAGE,
                units=rng.randint(40, 90),
                sent_on=sent,
                today=sent,
                now=self.at(sent, 14),
            )
            got = self.add(sent, 1)
            workflow.fee_notice_received(
                actor=h, fee=fee, received_on=got, today=got, now=self.at(got, 9)
            )
            paid = self.add(got, rng.randint(1, 5))
            workflow.fee_paid(actor=h, fee=fee, paid_on=paid, today=paid, now=self.at(paid, 11))
            decided = self.add(paid, 3)
        if rng.random() < 0.06 and outcome not in (Outcome.WITHHELD_THIRD_PARTY,):
            # Extended: requested and approved a few days before the due date.
            application.refresh_from_db()
            asked = self.add(received, 15)
            extension = workflow.extension_request(
                actor=h,
                application=application,
                days=rng.choice((10, 15, 20)),
                reason="申请内容涉及多个年度的档案，需逐件检索和审核。",
                today=asked,
                now=self.at(asked, 10),
            )
            workflow.extension_approve(
                actor=desk.leader, extension=extension, today=asked, now=self.at(asked, 16)
            )
            decided = self.add(received, rng.randint(22, 30))
        application.refresh_from_db()
        if rng.random() < 0.03 and application.due_date:  # answered late (counted as such)
            decided = self.add(application.due_date, rng.randint(1, 4))
        application = self.decide(desk, application, outcome, decided)
        self.reply(desk, application, decided)
        return application

    # --- the whole year -------------------------------------------------------------------

    def build(self, scale: float) -> None:
        rng = self.rng
        # Closed cases are received at least 45 working days ago; the last months stay open.
        closable = [d for d in self.days[: max(1, len(self.days) - 45)]]
        # One case of each outcome; those that go on to 行政复议 or 行政诉讼 (``remedies``)
        # early in the year, so that the reviews had time to conclude.
        cases = [
            (outcome, rng.choice(self.days[:80] if outcome in REMEDY_OUTCOMES else closable))
            for outcome in Outcome.values
        ]
        pool = list(WEIGHTS)
        extra = rng.choices(pool, weights=[WEIGHTS[o] for o in pool], k=round(EXTRA_CLOSED * scale))
        cases += [(outcome, rng.choice(closable)) for outcome in extra]
        for outcome, day in sorted(cases, key=lambda case: case[1]):
            self.closed_case(outcome, day)
        self.remedies()
        self.archive()
        self.open_cases(scale)

    def remedies(self) -> None:
        """行政复议 upheld and corrected, a lawsuit after reconsideration, one pending."""
        by_outcome: dict[str, list] = {}
        for application, desk, day in self.closed:
            by_outcome.setdefault(application.outcome, []).append((application, desk, day))

        def pick(*wanted):
            for outcome in wanted:
                for case in by_outcome.get(outcome, []):
                    if case[2] < self.today - dt.timedelta(days=150) and case[0] not in picked:
                        picked.append(case[0])
                        return case
            return None

        picked: list[Application] = []
        for outcome, result, lawsuit in REMEDIES:
            case = pick(outcome)
            if case is None:
                continue
            application, desk, replied = case
            filed = replied + dt.timedelta(days=self.rng.randint(20, 50))
            concluded = filed + dt.timedelta(days=self.rng.randint(45, 60))
            review_body = "东海市人民政府" if desk.key == "gov" else "蓝湾县人民政府"
            if result == RemedyResult.PENDING:
                filed = min(filed, self.today - dt.timedelta(days=10))
            workflow.remedy_add(
                actor=desk.handler,
                application=application,
                kind=RemedyKind.RECONSIDERATION,
                filed_on=filed,
                body=review_body,
                result=result,
                concluded_on=None if result == RemedyResult.PENDING else concluded,
                note="责令重新答复。" if result == RemedyResult.CORRECTED else "",
                today=self.today,
            )
            if lawsuit:
                sued = concluded + dt.timedelta(days=self.rng.randint(7, 14))
                workflow.remedy_add(
                    actor=desk.handler,
                    application=application,
                    kind=RemedyKind.LITIGATION,
                    after_reconsideration=True,
                    filed_on=min(sued, self.today),
                    body="蓝湾县人民法院",
                    today=self.today,
                )

    def archive(self) -> None:
        """The replies older than two months, mostly archived a few weeks after the reply."""
        for application, desk, day in self.closed:
            if day < self.today - dt.timedelta(days=60) and self.rng.random() < 0.75:
                when = self.add(day, self.rng.randint(5, 15))
                workflow.application_archive(
                    actor=desk.handler, application=application, now=self.at(when, 17)
                )

    def open_cases(self, scale: float) -> None:
        rng = self.rng
        desks = self.desks
        gov = desks[0]
        n = max(1, round(3 * scale))
        # Submitted online in the last days, waiting for confirmation.
        for i in range(n + 1):
            self.submit_online(desks[i % len(desks)], self.day(i % 2))
        # Registered today or yesterday, nobody assigned yet.
        for i in range(max(1, round(2 * scale))):
            self.receive(desks[i % len(desks)], self.day(i % 2))
        # Being handled: received in the last 19 working days (some due soon).
        backs = [0, 3, 17, 18, 19] + [rng.randint(1, 19) for _ in range(round(EXTRA_OPEN * scale))]
        for back in backs:
            desk = self.desk()
            day = self.day(back)
            self.assign(desk, self.receive(desk, day), day)
        # Overdue: received 22-30 working days ago, never answered.
        for back in rng.sample(range(22, 31), max(1, round(4 * scale))):
            desk = self.desk()
            day = self.day(back)
            self.assign(desk, self.receive(desk, day), day)
        # Waiting for a 补正.
        for i in range(max(1, round(3 * scale))):
            desk = desks[i % len(desks)]
            day = self.day(rng.randint(2, 6))
            application = self.assign(desk, self.receive(desk, day), day)
            sent = self.add(day, 1)
            workflow.correction_send(
                actor=desk.handler,
                application=application,
                sent_on=sent,
                deadline=self.today + dt.timedelta(days=rng.randint(5, 14)),
                what="请补充所需信息的具体名称或文号，以及相关项目的地点和大致时间。",
                today=sent,
                now=self.at(sent, 15),
            )
        # Consultations running (received 10-16 working days ago: the reply period is still
        # open and the due date, pushed back by the pause, stays in a year the calendar has).
        for i in range(max(1, round(3 * scale))):
            desk = desks[(i + 1) % len(desks)]
            day = self.day(rng.randint(10, 16))
            application = self.assign(desk, self.receive(desk, day), day)
            sent = self.add(day, 2)
            kind = ConsultationKind.THIRD_PARTY if i % 2 == 0 else ConsultationKind.AGENCY
            workflow.consultation_send(
                actor=desk.handler,
                application=application,
                kind=kind,
                party=rng.choice(ORGANISATIONS[0][1])
                if kind == ConsultationKind.THIRD_PARTY
                else "蓝湾县财政局",
                sent_on=sent,
                party_received_on=self.add(sent, 1),
                today=sent,
                now=self.at(sent, 14),
            )
        # An approved extension (and its notice).
        for i in range(max(1, round(2 * scale))):
            desk = gov if i == 0 else desks[-1]
            day = self.day(19 - i)
            application = self.assign(desk, self.receive(desk, day), day)
            asked = self.day(1)
            extension = workflow.extension_request(
                actor=desk.handler,
                application=application,
                days=10,
                reason="申请公开的信息涉及多个部门，需会同核实。",
                today=asked,
                now=self.at(asked, 10),
            )
            workflow.extension_approve(
                actor=desk.leader, extension=extension, today=asked, now=self.at(asked, 15)
            )
            if i == 0:
                letter = letters.letter_draft(
                    actor=desk.handler, application=application, kind=LetterKind.EXTENSION
                )
                letters.letter_issue(actor=desk.handler, letter=letter, now=self.at(asked, 16))
        # Waiting for the fee.
        desk = gov
        day = self.day(10)
        application = self.assign(desk, self.receive(desk, day, Channel.IN_PERSON), day)
        sent = self.add(day, 4)
        fee = workflow.fee_notice_send(
            actor=desk.handler,
            application=application,
            method=FeeMethod.PER_PAGE,
            units=120,
            sent_on=sent,
            today=sent,
            now=self.at(sent, 14),
        )
        got = self.add(sent, 1)
        workflow.fee_notice_received(
            actor=desk.handler, fee=fee, received_on=got, today=got, now=self.at(got, 9)
        )
        # Decided yesterday, the reply still a draft.
        for i in range(max(1, round(2 * scale))):
            desk = desks[i % len(desks)]
            day = self.day(rng.randint(8, 14))
            application = self.assign(desk, self.receive(desk, day), day)
            decided = self.day(1)
            application = self.decide(desk, application, Outcome.GRANTED, decided)
            letters.letter_draft(actor=desk.handler, application=application, kind=LetterKind.REPLY)

    def counts(self) -> dict[str, int]:
        by_status = Counter(Application.objects.values_list("status", flat=True))
        by_outcome = Counter(
            Application.objects.exclude(outcome="").values_list("outcome", flat=True)
        )
        return {
            "applications": Application.objects.count(),
            **{f"status.{k}": v for k, v in sorted(by_status.items())},
            **{f"outcome.{k}": v for k, v in sorted(by_outcome.items())},
        }
