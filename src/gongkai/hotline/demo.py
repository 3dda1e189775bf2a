"""Demo data of the hotline: a year of calls and visits to the demo county.

The county government's hotline office (the 12345-style desk) takes most of them, the 住建局's
reception the rest. Calls come on every day, visits on working days, from invented people
(some anonymous, some from a landline, a few group visits, 集体访). Each goes through the real
services with past dates:

- about half answered on the spot, the answer recorded;
- the others turned into work orders (letters with channel hotline or visit), half of them
  dispatched to the responsible bureau, and taken through the letter workflow: the recent ones
  open in every state (awaiting acceptance, accepted, being handled, reply in review), a few
  not accepted, the older ones replied (a few late);
- follow-up calls the working day after the conclusion: most reached with a satisfaction, a
  few reached only at the second try, some never (not reachable), a 不满意 work order reopened
  and answered again and followed up anew; the latest ones still due.

Deterministic (``random.Random(SEED)``; the dates follow today). One transaction, no e-mail;
it leaves a ``demo.hotline`` audit event, and when that event exists a second run does
nothing. Runs after ``build_interaction`` (the letters' mailboxes exist by then).
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.agencies.models import Agency, Department
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.casework import notify
from gongkai.casework.calendars import calendar_for
from gongkai.hotline import services
from gongkai.hotline.models import Contact, ContactStatus
from gongkai.interaction.services import handling

SEED = 12345
MARKER = "demo.hotline"
DAYS = 365
CONTACTS = 240
RECENT_DAYS = 20  # the work orders of these last days are still open, in every state
RECENT_CONTACTS = 30  # more calls lately (the demo shows the open states)
OPEN_STATES = ["received", "accepted", "assigned", "review", "closed"]
NOT_ACCEPTED_EVERY = 20  # every 20th concluded work order was not accepted
TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)

# (key, agency name, share of the contacts)
DESKS = [("gov", "蓝湾县人民政府", 0.75), ("zjj", "蓝湾县住房和城乡建设局", 0.25)]
# Bureaus a work order may be dispatched to.
TARGETS = [
    ("zjj", "蓝湾县住房和城乡建设局"),
    ("mzj", "蓝湾县民政局"),
    ("zrj", "蓝湾县自然资源和规划局"),
    ("jtj", "蓝湾县交通运输局"),
    ("wjj", "蓝湾县卫生健康局"),
    ("scj", "蓝湾县市场监督管理局"),
]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
GIVEN = ["红梅", "国强", "桂英", "建华", "玉兰", "德明", "小燕", "振华", "淑芬", "永福"]
PLACES = ["滨湖大道", "青石路", "白沙街", "柳溪路", "望海路", "上塘村", "下洋村", "东岙村"]

# category → (summary, answer on the spot, reply of the work order); {p} is a place.
MATTERS = {
    "inquiry": [
        (
            "咨询城乡居民医保今年的缴费截止时间和缴费渠道。",
            "今年缴费截止到12月31日，可通过手机银行、社区服务站或政务服务中心缴纳。",
            "已电话告知缴费时间和渠道，并发送了操作指引。",
        ),
        (
            "咨询{p}一带老旧小区改造的时间安排。",
            "改造计划以住建局公示为准，目前已列入明年计划，开工前会入户征求意见。",
            "经住建局核实，{p}片区改造将于明年二季度开工，方案公示期间欢迎提出意见。",
        ),
        (
            "咨询新生儿落户需要带哪些材料。",
            "需携带出生医学证明、父母双方户口簿和身份证、结婚证，到户籍所在地派出所办理。",
            "已告知落户所需材料，派出所可预约办理。",
        ),
    ],
    "complaint": [
        (
            "反映{p}工地夜间施工噪音扰民，晚上十点后仍在施工。",
            "已告知可向住建局和生态环境部门反映，我们同步转交核查。",
            "经现场核查，该工地夜间违规施工属实，已责令整改并限定施工时间。",
        ),
        (
            "反映{p}路灯坏了一个多月无人维修。",
            "已记录路段位置，告知将转交城管部门维修。",
            "城管部门已于近日更换线路，路灯恢复正常照明。",
        ),
        (
            "反映{p}菜市场占道经营，早晚高峰道路拥堵。",
            "已告知将转交市场监管和交通部门联合处理。",
            "已组织联合执法，规范摊位经营区域，道路通行恢复正常。",
        ),
    ],
    "help": [
        (
            "{p}连续降雨后积水严重，车辆无法通行，请求排水。",
            "已通知排水抢修队伍前往处置。",
            "抢修队伍已疏通排水管道，积水已排除，后续将实施排水改造。",
        ),
        (
            "家中老人行动不便，身份证过期，请求上门办理。",
            "已告知户籍窗口提供预约上门服务，并登记了联系方式。",
            "户籍民警已上门为老人采集信息，新证办好后将送证上门。",
        ),
    ],
    "suggestion": [
        (
            "建议在{p}增设公交站点，方便周边居民出行。",
            "感谢建议，已记录并转交交通部门研究。",
            "交通部门已实地调研，计划在{p}增设一处停靠站。",
        ),
    ],
    "report": [
        (
            "反映{p}有人在耕地上违法建房。",
            "已登记线索，将转交自然资源部门核查。",
            "执法人员现场核查属实，已立案查处并责令恢复原状。",
        ),
    ],
    "praise": [
        (
            "表扬政务服务中心不动产窗口工作人员服务耐心。",
            "感谢您的肯定，我们会转达表扬。",
            "已将表扬转达窗口，并通报表扬。",
        ),
    ],
}
CATEGORY_WEIGHTS = {
    "inquiry": 40,
    "complaint": 25,
    "help": 15,
    "suggestion": 10,
    "report": 5,
    "praise": 5,
}


@dataclass
class HotlineDemoResult:
    created: bool
    contacts: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


class _Desk:
    def __init__(self, key: str, agency: Agency):
        from gongkai.applications.demo import _staff

        self.key, self.agency = key, agency
        self.handler = _staff(key, agency, Role.HANDLER)
        self.leader = _staff(key, agency, Role.LEADER)
        self.department = Department.objects.filter(agency=agency).order_by("sort_order").first()


def build_hotline() -> HotlineDemoResult:
    """Give the demo county a year of calls and visits, once."""
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return HotlineDemoResult(created=False, contacts=Contact.objects.count())
    with notify.suppressed(), transaction.atomic():
        _Builder(random.Random(SEED), gov, timezone.localdate()).build()
        counts = {s: Contact.objects.filter(status=s).count() for s in ContactStatus.values}
        record_event(actor=None, action=MARKER, agency=gov, data=counts)
    return HotlineDemoResult(created=True, contacts=Contact.objects.count(), counts=counts)


class _Builder:
    def __init__(self, rng: random.Random, gov: Agency, today: dt.date):
        self.rng, self.today = rng, today
        self.first = today - dt.timedelta(days=DAYS)
        self.calendar = calendar_for(self.first)
        self.desks = {}
        for key, name, _share in DESKS:
            agency = gov if key == "gov" else Agency.objects.filter(name=name).first()
            if agency is not None:
                self.desks[key] = _Desk(key, agency)
        self.targets = {}
        for key, name in TARGETS:
            agency = Agency.objects.filter(name=name, is_active=True).first()
            if agency is not None:
                self.targets[key] = self.desks.get(key) or _Desk(key, agency)
        self.weights = [share for key, _n, share in DESKS if key in self.desks]
        self.open_states = 0  # turns through OPEN_STATES for the recent work orders
        self.closed_orders = 0

    def working_day_after(self, day: dt.date, n: int = 1) -> dt.date:
        return self.calendar.add_working_days(day, n)

    def days(self) -> list[dt.date]:
        return [
            self.first + dt.timedelta(days=n)
            for n in range(DAYS)
            if self.calendar.covers((self.first + dt.timedelta(days=n)).year)
        ]

    def caller(self, kind: str) -> dict:
        rng = self.rng
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        roll = rng.random()
        if kind == "call" and roll < 0.08:
            return {"caller_name": "", "caller_phone": ""}  # anonymous
        if roll < 0.28:
            phone = f"0579-8{rng.randint(0, 9999999):07d}"
        else:
            phone = f"13{rng.randint(5, 9)}{rng.randint(0, 99999999):08d}"
        return {"caller_name": name, "caller_phone": phone}

    def build(self) -> None:
        rng = self.rng
        days = self.days()
        working = [d for d in days if self.calendar.is_working_day(d)]
        recent = [d for d in working if (self.today - d).days <= RECENT_DAYS]
        plan = []
        for n in range(CONTACTS + RECENT_CONTACTS):
            kind = "visit" if rng.random() < 0.22 else "call"
            pool = recent if n >= CONTACTS and recent else (working if kind == "visit" else days)
            plan.append((rng.choice(pool), kind))
        registered = [self.register(day, kind) for day, kind in sorted(plan)]
        registered = [r for r in registered if r is not None]
        # The latest contact still waits for its outcome; every other one has it.
        for contact, desk, start, answer, reply in registered[:-1]:
            self.outcome(contact, desk, start, answer, reply)

    def register(self, day: dt.date, kind: str):
        rng = self.rng
        desk = rng.choices(list(self.desks.values()), self.weights)[0]
        categories = list(CATEGORY_WEIGHTS)
        category = rng.choices(categories, [CATEGORY_WEIGHTS[c] for c in categories])[0]
        summary, answer, reply = rng.choice(MATTERS[category])
        place = rng.choice(PLACES)
        hour = rng.randint(8, 19) if kind == "call" else rng.randint(9, 16)
        start = _at(day, hour, rng.randint(0, 59))
        if start > timezone.now() - dt.timedelta(hours=1):
            return None
        data = {
            "kind": kind,
            "started_at": start,
            "category": category,
            "summary": summary.format(p=place),
            "urgent": category == "help" and rng.random() < 0.4,
            **self.caller(kind),
        }
        if kind == "call":
            data["duration_minutes"] = rng.randint(2, 15)
        elif rng.random() < 0.06:
            data["visitors"] = rng.randint(5, 12)  # a group visit
        else:
            data["visitors"] = rng.choice([1, 1, 1, 2, 3])
        contact = services.contact_register(
            actor=desk.handler, agency=desk.agency, data=data, now=start
        )
        return contact, desk, start, answer.format(p=place), reply.format(p=place)

    def outcome(self, contact, desk, start, answer, reply) -> None:
        rng = self.rng
        recent = (self.today - start.date()).days <= RECENT_DAYS
        minutes = contact.duration_minutes or rng.randint(10, 40)
        at = start + dt.timedelta(minutes=minutes)
        on_the_spot = contact.category in ("inquiry", "praise") or rng.random() < 0.35
        if recent:
            on_the_spot = rng.random() < 0.3
        if on_the_spot:
            contact = services.contact_answer(
                actor=desk.handler, contact=contact, answer=answer, now=at
            )
            self.follow_up(contact, desk, at.date())
            return
        target = None
        if self.targets and rng.random() < 0.55:
            candidates = [t for t in self.targets.values() if t.agency != desk.agency]
            target = rng.choice(candidates) if candidates else None
        message = services.contact_make_work_order(
            actor=desk.handler,
            contact=contact,
            title=contact.summary[:24],
            to_agency=target.agency if target else None,
            dispatch_reason="该事项属于该部门职责，派单办理。" if target else "",
            publish_consent=rng.random() < 0.3,
            now=at,
        )
        self.letter(contact, message, target or desk, start.date(), reply)

    def letter(self, contact, message, desk, day, reply) -> None:
        """The work order through the letter workflow, stopping early for the recent ones."""
        rng = self.rng
        stop = "closed"
        if (self.today - day).days <= RECENT_DAYS:
            stop = OPEN_STATES[self.open_states % len(OPEN_STATES)]
            self.open_states += 1
        if stop == "received":
            return
        accept_day = self.working_day_after(day, rng.choice([0, 1, 1, 2]))
        if accept_day >= self.today:
            return
        self.closed_orders += stop == "closed"
        if stop == "closed" and self.closed_orders % NOT_ACCEPTED_EVERY == 0:
            handling.message_not_accept(
                actor=desk.handler,
                message=message,
                reason="out_of_scope",
                note="该事项属于司法程序，请通过诉讼途径解决。",
                now=_at(accept_day, 9),
            )
            return
        handling.message_accept(
            actor=desk.handler, message=message, today=accept_day, now=_at(accept_day, 9)
        )
        if stop == "accepted":
            return
        message = handling.message_assign(
            actor=desk.handler,
            message=message,
            handler=desk.handler,
            department=desk.department,
            instructions="请核实后按时答复，并告知热线办。",
            now=_at(accept_day, 10),
        )
        if stop == "review":
            handling.message_reply_draft(actor=desk.handler, message=message, reply=reply)
            return
        taken = max(1, message.time_limit_days - rng.randint(0, 2))
        if rng.random() < 0.1:
            taken = message.time_limit_days + rng.randint(1, 3)  # late
        reply_day = self.working_day_after(accept_day, taken)
        if stop == "assigned" or reply_day >= self.today:
            return
        message = handling.message_reply_draft(actor=desk.handler, message=message, reply=reply)
        message = handling.message_reply_review(
            actor=desk.leader, message=message, approve=True, now=_at(reply_day, 15)
        )
        contact.refresh_from_db()
        rating = self.follow_up(contact, self.desk_of(contact), reply_day)
        if rating == "dissatisfied" and rng.random() < 0.6:
            self.reopen(contact, message, desk, reply_day, reply)

    def desk_of(self, contact) -> _Desk:
        return next(d for d in self.desks.values() if d.agency.pk == contact.agency_id)

    def reopen(self, contact, message, desk, reply_day, reply) -> None:
        again = self.working_day_after(reply_day, 2)
        second = self.working_day_after(again, 3)
        if second >= self.today:
            return
        message.refresh_from_db()
        handling.message_reopen(
            actor=desk.handler,
            message=message,
            reason="回访不满意，重新核实办理。",
            today=again,
            now=_at(again, 9),
        )
        message.refresh_from_db()
        message = handling.message_reply_draft(
            actor=desk.handler,
            message=message,
            reply=reply + "\n经再次核实，已督促责任单位彻底整改。",
        )
        handling.message_reply_review(
            actor=desk.leader, message=message, approve=True, now=_at(second, 15)
        )
        contact.refresh_from_db()
        self.follow_up(contact, self.desk_of(contact), second)

    def follow_up(self, contact, desk, concluded: dt.date) -> str:
        """The follow-up calls from the working day after the conclusion; the rating given."""
        rng = self.rng
        if not contact.caller_phone:
            return ""
        day = self.working_day_after(concluded, 1)
        for attempt in range(3):
            if day >= self.today:
                return ""  # still due
            reached = rng.random() < (0.85 if attempt == 0 else 0.5)
            rating = ""
            if reached:
                rating = rng.choices(["satisfied", "basically", "dissatisfied"], [72, 20, 8])[0]
            services.follow_up_record(
                actor=desk.handler,
                contact=contact,
                reached=reached,
                satisfaction=rating,
                note="" if reached else "无人接听",
                now=_at(day, rng.randint(9, 17)),
            )
            if reached:
                return rating
            day = self.working_day_after(day, 1)
        return ""
