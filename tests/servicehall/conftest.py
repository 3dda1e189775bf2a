"""Fixtures for the servicehall tests: a county with two bureaus, staff of the roles the
service hall uses, published matters taken through the services app's own write path, and
helpers to rate a matter at a chosen time.

The working-day calendar of 2026 comes from the seed migration, so due dates are the real
ones (National Day 1–7 October 2026, make-up working day Saturday 10 October).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.servicehall.services import rating_submit, window_create
from gongkai.services import services as matter_services
from gongkai.services.models import (
    CaseKind,
    LimitUnit,
    MaterialForm,
    MatterType,
    PowerSource,
    ResultType,
)
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat
_codes = itertools.count(1)

RATER = {"contact_phone": "13912345678", "contact_email": "rater@example.com"}


def at(day: str | dt.date, hour: int = 10) -> dt.datetime:
    if isinstance(day, str):
        day = D(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def guide(name: str) -> dict:
    """A complete, small guide (the services app refuses to publish one without its key
    elements)."""
    return {
        "name": name,
        "matter_type": MatterType.CONFIRMATION,
        "power_source": PowerSource.STATUTORY,
        "implementing_body": "测试县某局",
        "serves_natural_persons": True,
        "conditions": "申请人符合规定条件。",
        "case_kind": CaseKind.PROMISED,
        "statutory_limit": 20,
        "statutory_unit": LimitUnit.WORKING_DAYS,
        "promised_limit": 5,
        "promised_unit": LimitUnit.WORKING_DAYS,
        "place": "测试县政务服务中心一楼",
        "hours": "周一至周五 9:00—17:00",
        "consultation_phone": "0579-80001234",
        "complaint_phone": "0579-12345",
        "result_name": "办理结果通知",
        "result_type": ResultType.PROOF,
        "bases": [{"title": "《测试条例》", "article": "第三条", "excerpt": "", "item": None}],
        "materials": [
            {"name": "申请表", "form": MaterialForm.ORIGINAL, "copies": 1, "required": True}
        ],
        "steps": [{"title": "受理", "description": "窗口受理。", "time_limit": "当场"}],
        "questions": [],
    }


def published_matter(county, agency, name: str = "测试事项"):
    """A matter of ``agency`` taken through drafting, review and approval."""
    officer, reviewer = county.officers[agency.pk], county.reviewers[agency.pk]
    matter = matter_services.matter_create(
        actor=officer,
        agency=agency,
        implementation_code=f"T33990100009{next(_codes):06d}",
        **guide(name),
    )
    version = matter.versions.order_by("-number").first()
    matter_services.version_submit(actor=officer, version=version, now=at("2026-01-05"))
    matter_services.version_approve(actor=reviewer, version=version, now=at("2026-01-05"))
    matter.refresh_from_db()
    return matter


def rate(agency, matter, level: str, *, day="2026-03-02", window=None, **data):
    """A citizen's rating given at 10:00 on ``day`` through the public service."""
    return rating_submit(
        agency=agency,
        matter=matter,
        window=window,
        data={"level": level, **data},
        now=at(day),
    )


def photo_upload(name: str = "photo.jpg", *, size=(400, 600), fmt="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#88aacc").save(buffer, format=fmt)
    mime = "image/png" if fmt == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=mime)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def mail_outbox(settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def county(db):
    """A county government with bureaus ``a`` and ``b`` and staff:

    - per bureau: ``admin_*`` (机关管理员: commitments, windows, rectification), ``handler_*``
      (办理人: rectification), ``reviewer_*`` (审核员: may view ratings only), and an
      officer and reviewer who publish the bureau's matters;
    - ``office``: 公开办 of the county government (views the bureaus' ratings);
    - ``sysadmin``: 系统管理员.
    """
    government = AgencyFactory(
        name="测试县人民政府", short_name="测试县政府", kind=AgencyKind.GOVERNMENT
    )
    a = AgencyFactory(name="测试县人力资源和社会保障局", short_name="人社局", parent=government)
    b = AgencyFactory(name="测试县民政局", short_name="民政局", parent=government)
    c = SimpleNamespace(
        government=government,
        a=a,
        b=b,
        admin_a=staff(Role.AGENCY_ADMIN, a, email="admin.a@example.com"),
        handler_a=staff(Role.HANDLER, a, email="handler.a@example.com"),
        handler_a2=staff(Role.HANDLER, a, email="handler.a2@example.com"),
        reviewer_a=staff(Role.REVIEWER, a, email="reviewer.a@example.com"),
        leader_a=staff(Role.LEADER, a),
        officer_a=staff(Role.OFFICER, a),
        admin_b=staff(Role.AGENCY_ADMIN, b, email="admin.b@example.com"),
        handler_b=staff(Role.HANDLER, b, email="handler.b@example.com"),
        office=staff(Role.DISCLOSURE_OFFICE, government, email="office@example.com"),
        sysadmin=staff(Role.SYSTEM_ADMIN),
    )
    c.officers = {a.pk: c.officer_a, b.pk: staff(Role.OFFICER, b)}
    c.reviewers = {a.pk: staff(Role.REVIEWER, a), b.pk: staff(Role.REVIEWER, b)}
    return c


@pytest.fixture
def matter(county):
    return published_matter(county, county.a, "城乡居民养老保险参保登记")


@pytest.fixture
def matter_b(county):
    return published_matter(county, county.b, "婚姻登记")


@pytest.fixture
def window(county, matter):
    return window_create(
        actor=county.admin_a,
        agency=county.a,
        number="3号窗口",
        name="社会保障综合窗口",
        location="县政务服务中心一楼东区",
        matters=[matter],
    )
