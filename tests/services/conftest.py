"""Fixtures for the services tests: a county with two bureaus and staff of every role, the
content of a complete guide, small PDF files for blank forms and samples, and helpers that
take a matter through the real services to a wanted state.

Times are fixed (``NOW`` = Friday 15 May 2026, 10:00 local) and passed to the services.
"""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind, Department
from gongkai.services import services
from gongkai.services.models import (
    CaseKind,
    LimitUnit,
    MaterialForm,
    MatterType,
    OnlineDepth,
    PowerSource,
    ResultType,
)
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat


def at(day: str | dt.date, hour: int = 10) -> dt.datetime:
    if isinstance(day, str):
        day = D(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


NOW = at("2026-05-15")
TODAY = D("2026-05-15")

_codes = itertools.count(1)


def minimal_pdf(text: str = "form") -> bytes:
    """A small valid PDF with one page (enough for the upload check and a browser)."""
    body = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def guide(**overrides) -> dict:
    """The content of a complete guide: every element of RULES.md §4.1 filled in."""
    content = {
        "name": "个体工商户设立登记",
        "basic_code": "000126001000",
        "matter_type": MatterType.CONFIRMATION,
        "power_source": PowerSource.STATUTORY,
        "implementing_body": "测试县市场监督管理局",
        "serves_natural_persons": True,
        "serves_organizations": False,
        "conditions": "申请人具有经营能力，经营场所符合规定。",
        "case_kind": CaseKind.PROMISED,
        "statutory_limit": 15,
        "statutory_unit": LimitUnit.WORKING_DAYS,
        "statutory_note": "自受理之日起计算。",
        "promised_limit": 3,
        "promised_unit": LimitUnit.WORKING_DAYS,
        "promised_note": "材料齐全的当场受理。",
        "special_procedures": "需要现场核查的，核查时间不计入办理时限。",
        "visits": 1,
        "charges_fee": False,
        "fee_basis": "",
        "fee_standard": "",
        "place": "测试县政务服务中心一楼3号窗口",
        "hours": "周一至周五 上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
        "consultation_phone": "0579-80001234",
        "consultation_other": "政务服务网在线咨询",
        "complaint_phone": "0579-12345",
        "complaint_other": "县政务服务中心投诉台",
        "online_url": "https://zwfw.example.cn/matter/gth",
        "mobile_url": "https://m.zwfw.example.cn/gth",
        "online_depth": OnlineDepth.PRE_REVIEW,
        "result_name": "个体工商户营业执照",
        "result_type": ResultType.CERTIFICATE,
        "bases": [
            {
                "title": "《测试条例》",
                "article": "第八条",
                "excerpt": "有经营能力的公民经依法登记，可以从事经营活动。",
                "item": None,
            }
        ],
        "materials": [
            {
                "name": "个体工商户登记申请书",
                "form": MaterialForm.ORIGINAL,
                "copies": 1,
                "required": True,
                "source": "申请人自备",
                "requirements": "申请人签字。",
                "blank_form_upload": ("申请书空白表.pdf", minimal_pdf("blank")),
                "sample_upload": ("申请书示例.pdf", minimal_pdf("sample")),
            },
            {
                "name": "经营者身份证件",
                "form": MaterialForm.ORIGINAL_AND_COPY,
                "copies": 2,
                "required": True,
                "source": "公安机关",
                "requirements": "核验原件，留存复印件。",
            },
        ],
        "steps": [
            {"title": "申请", "description": "申请人提交申请材料。", "time_limit": ""},
            {
                "title": "受理",
                "description": "窗口核对材料，当场决定是否受理。",
                "time_limit": "当场",
            },
            {"title": "审查", "description": "审查申请材料。", "time_limit": "2个工作日"},
            {
                "title": "决定",
                "description": "作出准予登记或不予登记的决定。",
                "time_limit": "1个工作日",
            },
        ],
        "questions": [
            {
                "question": "可以委托他人办理吗？",
                "answer": "可以，受托人须携带委托书和本人身份证件。",
            }
        ],
    }
    content.update(overrides)
    return content


def next_code() -> str:
    return f"T3399010000{next(_codes):06d}"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db):
    """A county government with bureaus ``a`` and ``b`` and staff:

    - per bureau: ``officer_*`` (信息员), ``reviewer_*`` (审核员), ``admin_*`` (机关管理员);
      bureau a also ``leader_a`` (领导) and ``handler_a`` (办理人);
    - ``office``: 公开办 of the county government (supervises both bureaus);
    - ``gov_admin``: 机关管理员 of the county government;
    - ``sysadmin``: 系统管理员.
    """
    government = AgencyFactory(
        name="测试县人民政府", short_name="测试县政府", kind=AgencyKind.GOVERNMENT
    )
    a = AgencyFactory(name="测试县市场监督管理局", short_name="市场监管局", parent=government)
    b = AgencyFactory(name="测试县民政局", short_name="民政局", parent=government)
    return SimpleNamespace(
        government=government,
        a=a,
        b=b,
        dept_a=Department.objects.create(agency=a, name="登记注册科"),
        dept_b=Department.objects.create(agency=b, name="婚姻登记处"),
        officer_a=staff(Role.OFFICER, a),
        reviewer_a=staff(Role.REVIEWER, a),
        admin_a=staff(Role.AGENCY_ADMIN, a),
        leader_a=staff(Role.LEADER, a),
        handler_a=staff(Role.HANDLER, a),
        officer_b=staff(Role.OFFICER, b),
        reviewer_b=staff(Role.REVIEWER, b),
        admin_b=staff(Role.AGENCY_ADMIN, b),
        office=staff(Role.DISCLOSURE_OFFICE, government),
        gov_admin=staff(Role.AGENCY_ADMIN, government),
        sysadmin=staff(Role.SYSTEM_ADMIN),
    )


def create(county, *, agency=None, actor=None, code=None, **overrides):
    agency = agency or county.a
    actor = actor or (county.officer_a if agency == county.a else county.officer_b)
    return services.matter_create(
        actor=actor,
        agency=agency,
        implementation_code=code or next_code(),
        **guide(**overrides),
    )


def publish(county, matter, *, now=NOW):
    """Submit the matter's open version and approve it (by the bureau's own staff)."""
    a = matter.agency == county.a
    version = matter.versions.order_by("-number").first()
    services.version_submit(
        actor=county.officer_a if a else county.officer_b, version=version, now=now
    )
    services.version_approve(
        actor=county.reviewer_a if a else county.reviewer_b, version=version, now=now
    )
    matter.refresh_from_db()
    return matter


@pytest.fixture
def published(county):
    """A complete matter of bureau a, published on 15 May 2026."""
    return publish(county, create(county))
