"""Demo data of the mailboxes: a year of letters to the demo county in every state.

The county government gets a 县长信箱 beside its own mailbox, each bureau of the applications
demo a 局长信箱. Letters are written on working days from ``FIRST_DAY`` to today by invented
people, through every channel, and go through the real services with past dates, so steps,
audit events, due dates, ratings and figures are the real ones:

- open: awaiting acceptance, accepted, being handled (a few overdue, one with an extension
  waiting for the leader and one with an approved extension), reply awaiting review;
- closed: replied on time and late, rated 满意 / 基本满意 / 不满意, a 不满意 reopened and answered
  again, not accepted, merged into an earlier letter, transferred to the right bureau;
- published: the consenting ones with a reviewed public copy (reports never).

Deterministic (``random.Random(SEED)``; the dates follow today). One transaction, no e-mail;
it leaves a ``demo.interaction`` audit event, and when that event exists a second run does
nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency, Department, Leader
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.casework import notify
from gongkai.casework.calendars import calendar_for
from gongkai.interaction.models import Mailbox, MailboxKind, Message, MessageStatus
from gongkai.interaction.services import handling, publication
from gongkai.interaction.services.intake import mailbox_for_agency, message_submit_online

SEED = 2026
MARKER = "demo.interaction"
FIRST_DAY = dt.date(2025, 12, 1)
LETTERS = 150

DESKS = [
    ("gov", "蓝湾县人民政府", 0.4),
    ("zrj", "蓝湾县自然资源和规划局", 0.2),
    ("zjj", "蓝湾县住房和城乡建设局", 0.25),
    ("mzj", "蓝湾县民政局", 0.15),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "建国",
    "秀英",
    "海燕",
    "志强",
    "丽华",
    "伟",
    "芳",
    "军",
    "静",
    "磊",
    "婷",
    "勇",
    "敏",
    "杰",
]
PLACES = ["滨湖大道", "青石路", "白沙街", "柳溪路", "望海路", "上塘村", "下洋村", "东岙村"]

# kind → (title, content, reply) patterns; {p} is a place.
TEXTS = {
    "inquiry": [
        (
            "咨询{p}老旧小区改造时间",
            "请问{p}一带的老旧小区改造计划什么时候开始？需要居民做哪些准备？",
            "经查，{p}片区老旧小区改造已列入明年计划，具体时间将在开工前公示，届时社区会上门征求意见。",
        ),
        (
            "咨询低保申请条件",
            "家里老人没有收入，想咨询申请最低生活保障需要什么条件和材料。",
            "申请低保须由户主向户籍所在地乡镇（街道）提出，提交户口簿、家庭收入情况说明等材料，详见本局办事指南。",
        ),
        (
            "咨询不动产登记办理时限",
            "在{p}买的二手房，办理转移登记一般需要几个工作日？",
            "二手房转移登记材料齐全的，承诺5个工作日内办结，可在政务服务中心不动产窗口一窗办理。",
        ),
    ],
    "suggestion": [
        (
            "建议在{p}增设公交站点",
            "{p}附近居民较多，最近的公交站步行需要二十分钟，建议增设站点。",
            "感谢您的建议。已联系公交公司实地调研，计划在{p}增设一处停靠站，预计下季度启用。",
        ),
        (
            "建议延长政务服务中心周末开放时间",
            "上班族工作日难以请假办事，建议周末也开放部分窗口。",
            "感谢建议。自下月起，政务服务中心每周六上午开放综合窗口，提供常办事项服务。",
        ),
    ],
    "complaint": [
        (
            "{p}施工噪音扰民",
            "{p}工地晚上十点后仍在施工，噪音很大，影响休息。",
            "经现场核查，该工地存在夜间违规施工行为，已责令整改并依法处理，后续将加强巡查。",
        ),
        (
            "{p}路灯长期不亮",
            "{p}段路灯坏了一个多月，晚上出行不安全。",
            "经核实，该路段路灯线路老化，已于近日完成维修，恢复正常照明。",
        ),
        (
            "小区物业不作为",
            "{p}某小区物业对电梯故障长期不修，业主多次反映无果。",
            "已约谈物业企业负责人，电梯已完成维修并通过检验，将把该企业纳入重点监管。",
        ),
    ],
    "help": [
        (
            "求助：老人走失后找到需办理身份证",
            "家中老人走失后找回，身份证丢失，行动不便，能否上门办理？",
            "已协调户籍窗口为行动不便的老人提供上门采集服务，工作人员将与您电话联系预约时间。",
        ),
        (
            "求助：{p}积水严重",
            "连续降雨后{p}积水严重，车辆无法通行。",
            "已安排抢修队伍疏通排水管道，积水已排除，后续将实施排水改造。",
        ),
    ],
    "report": [
        (
            "举报{p}违法占用耕地",
            "{p}有人在耕地上建房，已经打好地基。",
            "经执法人员现场核查，该行为属违法占用耕地，已立案查处并责令恢复原状。",
        ),
        (
            "举报{p}非法倾倒建筑垃圾",
            "夜间有车辆在{p}河边倾倒建筑垃圾。",
            "接报后已组织执法队伍蹲守，查获违法车辆两辆，已依法处罚并清理现场。",
        ),
    ],
    "praise": [
        (
            "表扬不动产窗口工作人员",
            "在不动产窗口办事时，工作人员耐心细致，一次就办好了，特此表扬。",
            "感谢您的肯定，我们已将您的表扬转达相关窗口，将继续提升服务质量。",
        ),
    ],
}
KIND_WEIGHTS = {
    "inquiry": 30,
    "suggestion": 20,
    "complaint": 25,
    "help": 10,
    "report": 8,
    "praise": 7,
}
TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass
class InteractionDemoResult:
    created: bool
    letters: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=TZ)


class _Desk:
    def __init__(self, key: str, agency: Agency):
        self.key, self.agency = key, agency
        self.handler = self._user(Role.HANDLER)
        self.leader = self._user(Role.LEADER)
        self.department = Department.objects.filter(agency=agency).order_by("sort_order").first()

    def _user(self, role: str) -> User:
        from gongkai.applications.demo import _staff

        return _staff(self.key, self.agency, role)


def build_interaction() -> InteractionDemoResult:
    """Give the demo county its mailboxes and a year of letters, once."""
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return InteractionDemoResult(created=False, letters=Message.objects.count())
    with notify.suppressed(), transaction.atomic():
        builder = _Builder(random.Random(SEED), gov, timezone.localdate())
        builder.build()
        counts = {s: Message.objects.filter(status=s).count() for s in MessageStatus.values}
        record_event(actor=None, action=MARKER, agency=gov, data=counts)
    return InteractionDemoResult(created=True, letters=Message.objects.count(), counts=counts)


class _Builder:
    def __init__(self, rng: random.Random, gov: Agency, today: dt.date):
        self.rng, self.gov, self.today = rng, gov, today
        self.calendar = calendar_for(FIRST_DAY)
        self.desks = []
        for key, name, _share in DESKS:
            agency = gov if key == "gov" else Agency.objects.filter(name=name).first()
            if agency is not None:
                self.desks.append(_Desk(key, agency))
        self.weights = [share for key, _n, share in DESKS if any(d.key == key for d in self.desks)]
        self.days = [
            FIRST_DAY + dt.timedelta(days=n)
            for n in range((today - FIRST_DAY).days)
            if self.calendar.is_working_day(FIRST_DAY + dt.timedelta(days=n))
        ]
        self.serial = 0

    def working_day_after(self, day: dt.date, n: int) -> dt.date:
        return self.calendar.add_working_days(day, n)

    def mailboxes(self) -> dict[str, list[Mailbox]]:
        boxes = {}
        for desk in self.desks:
            own = mailbox_for_agency(desk.agency)
            head = Leader.objects.filter(agency=desk.agency).order_by("sort_order").first()
            found = [own]
            if head is not None and not Mailbox.objects.filter(leader=head).exists():
                title = "县长信箱" if desk.key == "gov" else "局长信箱"
                box = Mailbox.objects.create(
                    agency=desk.agency,
                    kind=MailboxKind.LEADER,
                    leader=head,
                    name=title,
                    description=f"{head.title}{head.name}亲自阅处的来信，重要问题由{head.title}批示交办。",
                )
                found.append(box)
            boxes[desk.key] = found
        return boxes

    def person(self) -> dict[str, str]:
        self.serial += 1
        name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
        return {
            "writer_name": name,
            "writer_mobile": f"139{self.rng.randint(0, 99999999):08d}",
            "writer_email": f"writer{self.serial}@example.com" if self.rng.random() < 0.4 else "",
            "writer_address": f"蓝湾县{self.rng.choice(PLACES)}{self.rng.randint(1, 99)}号",
        }

    def build(self) -> None:
        boxes = self.mailboxes()
        kinds = list(KIND_WEIGHTS)
        kind_weights = [KIND_WEIGHTS[k] for k in kinds]
        # The last ~20 working days hold the open letters; the rest are closed.
        recent = set(self.days[-20:])
        chosen = sorted(self.rng.choices(self.days, k=LETTERS))
        earlier: dict[str, Message] = {}
        for index, day in enumerate(chosen):
            desk = self.rng.choices(self.desks, self.weights)[0]
            kind = self.rng.choices(kinds, kind_weights)[0]
            title, content, reply = self.rng.choice(TEXTS[kind])
            place = self.rng.choice(PLACES)
            mailbox = self.rng.choice(boxes[desk.key])
            data = {
                "kind": kind,
                "title": title.format(p=place),
                "content": content.format(p=place),
                "publish_consent": "on" if self.rng.random() < 0.6 else "",
                **self.person(),
            }
            message, _code = message_submit_online(
                mailbox=mailbox, data=data, now=_at(day, self.rng.randint(8, 20))
            )
            self.handle(message, desk, day, reply.format(p=place), index, day in recent, earlier)
            earlier.setdefault(desk.key, message)

    def handle(self, message, desk, day, reply, index, recent, earlier) -> None:
        rng = self.rng
        accept_day = self.working_day_after(day, rng.choice([0, 1, 1, 2]))
        if accept_day >= self.today:
            return  # still awaiting acceptance
        # Recent letters stay open in one of the open states; older ones are concluded.
        stop = (
            rng.choices(
                ["received", "accepted", "assigned", "review", "closed"], [15, 10, 30, 15, 30]
            )[0]
            if recent
            else "closed"
        )
        if stop == "received":
            return  # awaiting acceptance
        roll = rng.random()
        if roll < 0.04:
            handling.message_not_accept(
                actor=desk.handler,
                message=message,
                reason="unclear",
                note="来信未说明具体事项和地点，无法办理，欢迎补充后重新来信。",
                now=_at(accept_day, 9),
            )
            return
        first = earlier.get(desk.key)
        if roll < 0.08 and first is not None and first.agency_id == message.agency_id:
            first.refresh_from_db()
            if first.status not in (MessageStatus.NOT_ACCEPTED, MessageStatus.MERGED):
                handling.message_merge(
                    actor=desk.handler,
                    message=message,
                    into=first,
                    reason="同一事项重复来信",
                    now=_at(accept_day, 9),
                )
                return
        if roll < 0.12 and desk.key == "gov" and len(self.desks) > 1:
            target = rng.choice(self.desks[1:])
            handling.message_transfer(
                actor=desk.handler,
                message=message,
                to_agency=target.agency,
                reason="该事项属于职能部门职责范围，转交办理。",
                now=_at(accept_day, 9),
            )
            desk = target
            accept_day = self.working_day_after(accept_day, 1)
            if accept_day >= self.today:
                return
        handling.message_accept(
            actor=desk.handler, message=message, today=accept_day, now=_at(accept_day, 9)
        )
        if stop == "accepted":
            return  # accepted, not yet assigned
        handling.message_assign(
            actor=desk.handler,
            message=message,
            handler=desk.handler,
            department=desk.department,
            instructions="请核实情况，按时限答复。",
            now=_at(accept_day, 10),
        )
        message.refresh_from_db()
        if stop == "review":
            handling.message_reply_draft(actor=desk.handler, message=message, reply=reply)
            return  # the reply waits for the leader's review
        due = message.due_date or self.working_day_after(accept_day, message.time_limit_days)
        if rng.random() < 0.06 and self.working_day_after(accept_day, 1) < self.today:
            ask = self.working_day_after(accept_day, 1)
            extension = handling.extension_request(
                actor=desk.handler,
                message=message,
                days=5,
                reason="需会同相关部门现场核查。",
                today=ask,
                now=_at(ask, 11),
            )
            if not recent or rng.random() < 0.5:
                handling.extension_decide(
                    actor=desk.leader,
                    extension=extension,
                    approve=True,
                    note="同意延期。",
                    today=ask,
                    now=_at(ask, 16),
                )
                message.refresh_from_db()
                due = message.due_date or due
        late = rng.random() < 0.1
        reply_day = self.working_day_after(
            accept_day, max(1, message.time_limit_days + message.extension_days - rng.randint(0, 2))
        )
        if late:
            reply_day = self.working_day_after(due, rng.randint(1, 3))
        if stop == "assigned" or reply_day >= self.today:
            return  # being handled (overdue once the due date has passed)
        message = handling.message_reply_draft(actor=desk.handler, message=message, reply=reply)
        message = handling.message_reply_review(
            actor=desk.leader, message=message, approve=True, now=_at(reply_day, 15)
        )
        self.after_reply(message, desk, reply_day)

    def after_reply(self, message, desk, reply_day) -> None:
        rng = self.rng
        rate_day = self.working_day_after(reply_day, rng.randint(1, 3))
        if rate_day < self.today and rng.random() < 0.75:
            rating = rng.choices(["satisfied", "basically", "dissatisfied"], [70, 20, 10])[0]
            comment = {
                "satisfied": "答复及时，问题已解决。",
                "basically": "基本解决，希望继续跟进。",
                "dissatisfied": "问题没有真正解决。",
            }[rating]
            handling.message_rate(
                message=message, rating=rating, comment=comment, now=_at(rate_day, 20)
            )
            if rating == "dissatisfied":
                again = self.working_day_after(rate_day, 1)
                if again < self.today:
                    handling.message_reopen(
                        actor=desk.handler,
                        message=message,
                        reason="来信人不满意，重新核实办理。",
                        today=again,
                        now=_at(again, 9),
                    )
                    second = self.working_day_after(again, 3)
                    if second < self.today:
                        message = handling.message_reply_draft(
                            actor=desk.handler,
                            message=message,
                            reply=message.reply
                            + "\n经再次核实，已督促责任单位彻底整改，并将跟踪回访。",
                        )
                        message = handling.message_reply_review(
                            actor=desk.leader, message=message, approve=True, now=_at(second, 15)
                        )
                        return
        message.refresh_from_db()
        if (
            message.status == MessageStatus.REPLIED
            and message.publish_consent
            and not message.is_report
            and rng.random() < 0.7
        ):
            pub_day = self.working_day_after(reply_day, 2)
            if pub_day >= self.today:
                return
            masked = publication.masked_copy(message)
            publication.message_publication_prepare(
                actor=desk.handler,
                message=message,
                public_title=masked["public_title"],
                public_content=masked["public_content"],
                public_reply=masked["public_reply"],
                now=_at(pub_day, 10),
            )
            message.refresh_from_db()
            if publication.public_findings(message):
                return  # left for the reviewer to clean up
            publication.message_publish(
                actor=desk.leader,
                message=message,
                confirm_no_personal_data=True,
                now=_at(pub_day, 16),
            )
