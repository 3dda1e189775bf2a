"""Demo data of 办事指南: every bureau of the demo county gets its service matters with full
guides (``demo_matters.MATTERS``, 66 in all) — conditions, legal bases (some linked to the
bureau's published items), materials with generated blank forms and samples, procedure steps
(drawn as flowcharts on the pages), time limits, fees with the bureau's fee list for some, place,
phones, online handling and FAQ — filed under the county's life events.

Everything goes through the real services with past dates: each bureau's demo 信息员 and 审核员
draft and approve its matters where the demo has them (the 财政局 always), the system
administrator otherwise;
the county's 公开办 keeps the life events. About one matter in six has a second, approved
version (a shortened promised limit or a new hall window), and a few have a change waiting:
three submitted for review, one returned. Deterministic; leaves a ``demo.services`` audit
event, and when that event exists a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.catalog.models import PUBLIC_CONDITION, Item
from gongkai.services import services
from gongkai.services.demo_data import (
    CONDITIONS,
    FEES,
    FORM_FIELDS,
    HOURS,
    LIFE_EVENTS,
    QUESTIONS,
    SAMPLE_VALUES,
    STEPS,
    Spec,
)
from gongkai.services.demo_files import form_pdf
from gongkai.services.demo_matters import MATTERS
from gongkai.services.models import Matter

MARKER = "demo.services"
SEED = 2026
TYPE_DIGITS = {
    "licensing": "01",
    "payment": "02",
    "confirmation": "07",
    "adjudication": "08",
    "other_power": "10",
    "public_service": "20",
}
CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass
class ServicesDemoResult:
    created: bool
    matters: int = 0


def build_services() -> ServicesDemoResult:
    """Build the demo matters once (see the module docstring)."""
    from gongkai.core.demo.county import BUREAUS, root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return ServicesDemoResult(created=False, matters=Matter.objects.count())
    bureaus = {key: Agency.objects.filter(name=name).first() for key, name, *_rest in BUREAUS}
    if any(a is None for a in bureaus.values()):
        return ServicesDemoResult(created=False, matters=Matter.objects.count())
    with transaction.atomic():
        count = _build(gov, bureaus, random.Random(SEED))
        record_event(actor=None, action=MARKER, agency=gov, data={"matters": count})
    return ServicesDemoResult(created=True, matters=count)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(is_active=True)}


def _cast(users: dict[str, User], key: str, agency: Agency) -> tuple[User, User]:
    """(drafter, reviewer) of a bureau: its own demo 信息员 and 审核员 where the demo has them
    (the 财政局 always), else the system administrator."""
    admin = users["admin"]
    officer, reviewer = users.get(f"{key}_officer"), users.get(f"{key}_reviewer")
    return (
        officer if officer and can(officer, "service.draft", agency=agency) else admin,
        reviewer if reviewer and can(reviewer, "service.review", agency=agency) else admin,
    )


def _build(gov: Agency, bureaus: dict[str, Agency], rng: random.Random) -> int:
    users = _users()
    admin = users["admin"]
    events = {
        slug: services.life_event_create(
            actor=users.get("gkb", admin),
            agency=gov,
            name=name,
            slug=slug,
            description=description,
            for_natural_persons=natural,
            for_organizations=organization,
            sort_order=order,
        )
        for order, (slug, name, natural, organization, description) in enumerate(
            LIFE_EVENTS, start=1
        )
    }
    filed: dict[str, list[Matter]] = {slug: [] for slug in events}
    matters: list[tuple[Matter, Spec, str]] = []
    for index, (key, agency) in enumerate(bureaus.items(), start=1):
        drafter, reviewer = _cast(users, key, agency)
        fees = {
            fee.name: services.fee_item_create(
                actor=reviewer,
                agency=agency,
                name=fee.name,
                standard=fee.standard,
                amount=fee.amount,
                unit=fee.unit,
                basis=fee.basis,
                sort_order=n,
            )
            for n, fee in enumerate(FEES.get(key, []), start=1)
        }
        items = list(
            Item.objects.filter(PUBLIC_CONDITION, agency=agency).order_by("published_date", "pk")[
                :4
            ]
        )
        departments = [d for d in agency.departments.order_by("sort_order") if d.name != "办公室"]
        for serial, spec in enumerate(MATTERS[key], start=1):
            day = dt.date(2025, 9, 1) + dt.timedelta(days=rng.randint(0, 150))
            matter = _matter(
                agency, spec, index, serial, departments, fees, items, drafter, reviewer, day, rng
            )
            matters.append((matter, spec, key))
            for slug in spec.events:
                filed[slug].append(matter)
    for slug, event in events.items():
        services.life_event_update(actor=users.get("gkb", admin), event=event, matters=filed[slug])
    _changes(matters, users, rng)
    return len(matters)


def _content(agency: Agency, spec: Spec, code: str, departments, fees, items, rng) -> dict:
    core = spec.core or spec.name
    window = rng.randint(1, 40)
    statutory, unit = spec.statutory if spec.statutory else (None, "working")
    promised, promised_unit = spec.promised
    immediate = promised == 0
    bases = [
        {
            "title": f"《蓝湾县{core}实施细则》",
            "article": f"第{CHINESE_NUMBERS[rng.randint(1, 8)]}条",
            "excerpt": f"申请{spec.name}的，应当向县{agency.short_name.removeprefix('县')}提出申请，并提交本细则规定的材料。",
        }
    ]
    if items and rng.random() < 0.4:
        item = rng.choice(items)
        bases.append({"title": f"《{item.title}》", "article": "", "excerpt": "", "item": item})
    materials = []
    for n, name in enumerate(spec.materials):
        form = "original"
        if "身份证" in name or "户口簿" in name or "营业执照" in name or "证书" in name:
            form = "original_and_copy"
        elif "照片" in name or "申请" in name or "表" in name or "声明" in name:
            form = "original"
        elif n % 3 == 2:
            form = "copy"
        requirements = ""
        if n == 0:
            requirements = "须由申请人签字（盖章），内容真实、填写完整。"
        elif form == "original_and_copy":
            requirements = "核验原件，留存复印件。"
        entry = {
            "name": name,
            "form": form,
            "copies": 2 if "照片" in name else 1,
            "required": not ("证明" in name and n >= 3),
            "source": "申请人自备" if "申请" in name or "表" in name else "相关部门出具",
            "requirements": requirements,
        }
        if n == 0:
            values = list(SAMPLE_VALUES)
            values[4] = spec.name
            entry["blank_form_upload"] = (
                f"{name}（空白表格）.pdf",
                form_pdf(name, FORM_FIELDS, note=f"{agency.name} 制（演示）"),
            )
            entry["sample_upload"] = (
                f"{name}（示例样表）.pdf",
                form_pdf(name, FORM_FIELDS, values, note=f"{agency.name} 制（演示）"),
            )
        materials.append(entry)
    fee_items = [fees[name] for name in spec.fees]
    place = f"蓝湾县政务服务中心{1 + window // 15}楼{window}号窗口"
    return {
        "name": spec.name,
        "basic_code": f"00{TYPE_DIGITS[spec.kind]}{code[-8:-3]}000",
        "department": rng.choice(departments) if departments else None,
        "matter_type": spec.kind,
        "power_source": "statutory" if rng.random() < 0.85 else "devolved",
        "implementing_body": agency.name,
        "serves_natural_persons": "n" in spec.audience,
        "serves_organizations": "o" in spec.audience,
        "conditions": CONDITIONS[spec.kind].format(core=core),
        "case_kind": "immediate" if immediate else "promised",
        "statutory_limit": statutory,
        "statutory_unit": unit,
        "statutory_note": "自受理之日起计算。" if statutory else "",
        "promised_limit": promised,
        "promised_unit": promised_unit,
        "promised_note": "材料齐全、符合法定形式的当场办结。"
        if immediate
        else "自受理之次日起计算。",
        "special_procedures": spec.special,
        "visits": spec.visits,
        "charges_fee": bool(fee_items),
        "fee_standard": "；".join(f"{f.name}：{f.standard}" for f in fee_items),
        "fee_basis": "；".join(sorted({f.basis for f in fee_items})),
        "fee_items": fee_items,
        "place": place,
        "hours": HOURS,
        "consultation_phone": agency.phone or "0570-8800001",
        "consultation_other": "蓝湾县政务服务网“我要咨询”栏目",
        "complaint_phone": "0570-12345",
        "complaint_other": "县政务服务中心一楼投诉受理台",
        "online_url": f"https://zwfw.lanwan.example.cn/matter/{code}",
        "mobile_url": f"https://m.zwfw.lanwan.example.cn/matter/{code}"
        if spec.depth == "full"
        else "",
        "online_depth": spec.depth,
        "result_name": spec.result[0],
        "result_type": spec.result[1],
        "bases": bases,
        "materials": materials,
        "steps": [
            {"title": title, "description": text, "time_limit": limit}
            for title, text, limit in STEPS[
                "other_power" if immediate and spec.kind != "payment" else spec.kind
            ]
        ],
        "questions": [{"question": q, "answer": a} for q, a in rng.sample(QUESTIONS, 2)],
    }


def _matter(agency, spec, index, serial, departments, fees, items, drafter, reviewer, day, rng):
    code = f"{agency.credit_code}{TYPE_DIGITS[spec.kind]}{index:02d}{serial:03d}"
    content = _content(agency, spec, code, departments, fees, items, rng)
    matter = services.matter_create(
        actor=drafter, agency=agency, implementation_code=code, **content
    )
    version = matter.versions.get()
    services.version_submit(actor=drafter, version=version, now=_at(day, 9))
    services.version_approve(
        actor=reviewer, version=version, now=_at(day + dt.timedelta(days=1), 15)
    )
    matter.refresh_from_db()
    return matter


def _changes(
    matters: list[tuple[Matter, Spec, str]], users: dict[str, User], rng: random.Random
) -> None:
    """Later versions: some approved, some waiting for review, one returned."""
    for n, (matter, _spec, key) in enumerate(matters):
        drafter, reviewer = _cast(users, key, matter.agency)
        version = matter.current_version
        if n % 6 == 3 and version.case_kind == "promised" and version.promised_limit > 1:
            draft = services.matter_new_draft(actor=drafter, matter=matter, note="压缩承诺办结时限")
            services.version_update(
                actor=drafter, version=draft, promised_limit=max(1, version.promised_limit // 2)
            )
            day = dt.date(2026, 3, 2) + dt.timedelta(days=rng.randint(0, 60))
            services.version_submit(actor=drafter, version=draft, now=_at(day, 9))
            services.version_approve(actor=reviewer, version=draft, now=_at(day, 16))
        elif n % 6 == 5:
            draft = services.matter_new_draft(actor=drafter, matter=matter, note="窗口调整")
            services.version_update(
                actor=drafter, version=draft, place="蓝湾县政务服务中心二楼综合受理窗口"
            )
            day = dt.date(2026, 4, 1) + dt.timedelta(days=rng.randint(0, 40))
            services.version_submit(actor=drafter, version=draft, now=_at(day, 9))
            services.version_approve(actor=reviewer, version=draft, now=_at(day, 16))
    waiting = [m for m, _s, key in matters if key == "czj"][:3] + [
        m for m, _s, key in matters if key == "scj"
    ][:1]
    for n, matter in enumerate(waiting):
        drafter, reviewer = _cast(users, "czj" if n < 3 else "scj", matter.agency)
        draft = services.matter_new_draft(
            actor=drafter, matter=matter, note="更新咨询方式和常见问题"
        )
        services.version_update(
            actor=drafter,
            version=draft,
            consultation_other="蓝湾县政务服务网“我要咨询”栏目；政务服务中心咨询台",
            questions=[
                {
                    "question": "可以在网上提交材料吗？",
                    "answer": "可以，登录蓝湾县政务服务网提交电子材料，窗口核验原件。",
                },
            ],
        )
        services.version_submit(actor=drafter, version=draft, now=_at(dt.date(2026, 5, 11), 10))
        if n == 3:
            services.version_return(
                actor=reviewer,
                version=draft,
                reason="常见问题的答案请写明需核验的原件。",
                now=_at(dt.date(2026, 5, 12), 10),
            )
