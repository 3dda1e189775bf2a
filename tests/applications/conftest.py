"""Shared fixtures for the applications tests: a county with agencies and staff per role, and
``registered_application`` to start a case without going through intake.

The working-day calendar of 2026 comes from the seed migration (workdays 0002), so due dates
in these tests are the real ones.
"""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat

_numbers = itertools.count(1)


def registered_application(agency, received_on: dt.date | str = "2026-03-02", **fields):
    """An application created directly with status REGISTERED, a number, a query-code hash,
    ``received_on`` and its clock computed (``refresh_clock``). Any model field may be given.

    The query code is ``query_code=`` or ``"Q" + number``, stored as intake's
    ``hash_query_code(number, code)``; it is set on the returned object as
    ``application.query_code`` for tests of the tracking page.
    """
    from gongkai.applications.models import (
        ApplicantKind,
        Application,
        Channel,
        DeliveryWanted,
        FormWanted,
        IdType,
        Status,
    )
    from gongkai.applications.services.clock import refresh_clock
    from gongkai.applications.services.intake import hash_query_code

    if isinstance(received_on, str):
        received_on = D(received_on)
    serial = next(_numbers)
    number = fields.pop("number", f"T{received_on.year}{serial:06d}")
    code = fields.pop("query_code", f"Q{number}")
    values = {
        "agency": agency,
        "number": number,
        "query_code_hash": hash_query_code(number, code),
        "applicant_kind": ApplicantKind.NATURAL_PERSON,
        "applicant_name": "张三",
        "id_type": IdType.RESIDENT_ID,
        "id_number": "110101199003077777",
        "phone": "13800000000",
        "email": "applicant@example.com",
        "address": "测试县人民路2号",
        "postcode": "339900",
        "info_title": "2025年度本局预算执行情况",
        "form_wanted": FormWanted.EMAIL,
        "delivery_wanted": DeliveryWanted.EMAIL,
        "channel": Channel.IN_PERSON,
        "submitted_at": timezone.make_aware(dt.datetime.combine(received_on, dt.time(10, 0))),
        "received_on": received_on,
        "status": Status.REGISTERED,
    }
    values.update(fields)
    application = Application.objects.create(**values)
    refresh_clock(application)
    application.query_code = code
    return application


@pytest.fixture
def make_application(db):
    """The ``registered_application`` helper as a fixture."""
    return registered_application


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def county(db):
    """A county government (the 公开办's agency) with two bureaus below it, and staff:

    - ``county.office``: 公开办 for the county (supervises both bureaus);
    - per bureau ``a`` and ``b``: ``handler_a``/``handler_b`` (办理人),
      ``leader_a``/``leader_b`` (领导), ``officer_a`` (信息员);
    - ``admin``: 系统管理员.
    """
    government = AgencyFactory(
        name="测试县人民政府", short_name="测试县政府", kind=AgencyKind.GOVERNMENT
    )
    a = AgencyFactory(name="测试县教育局", short_name="教育局", parent=government)
    b = AgencyFactory(name="测试县财政局", short_name="财政局", parent=government)
    return SimpleNamespace(
        government=government,
        a=a,
        b=b,
        office=staff(Role.DISCLOSURE_OFFICE, government, email="office@example.com"),
        handler_a=staff(Role.HANDLER, a, email="handler.a@example.com"),
        handler_a2=staff(Role.HANDLER, a, email="handler.a2@example.com"),
        handler_b=staff(Role.HANDLER, b, email="handler.b@example.com"),
        leader_a=staff(Role.LEADER, a, email="leader.a@example.com"),
        leader_b=staff(Role.LEADER, b, email="leader.b@example.com"),
        officer_a=staff(Role.OFFICER, a, email="officer.a@example.com"),
        admin=staff(Role.SYSTEM_ADMIN, email="admin@example.com"),
    )


@pytest.fixture
def agency(county):
    """The bureau most tests work in (``county.a``)."""
    return county.a


@pytest.fixture
def handler(county):
    return county.handler_a


@pytest.fixture
def leader(county):
    return county.leader_a


@pytest.fixture
def application(county):
    """A case of bureau A received on Monday 2 March 2026 (due 30 March 2026)."""
    return registered_application(county.a, received_on="2026-03-02")


@pytest.fixture
def mail_outbox(settings):
    """Django's locmem mail backend; returns ``django.core.mail.outbox``."""
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox
