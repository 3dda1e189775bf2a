"""``gongkai demo`` builds the county once and prints every demo account with its role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from gongkai.agencies.models import Agency
from gongkai.core import demo
from gongkai.core.demo.county import build_county

pytestmark = pytest.mark.django_db


def test_demo_builds_once_and_prints_the_accounts(monkeypatch):
    monkeypatch.setattr(demo, "BUILDERS", [build_county])
    monkeypatch.setattr("gongkai.core.management.commands.demo.BUILDERS", [build_county])
    with translation.override("zh-hans"):
        out = StringIO()
        call_command("demo", stdout=out)
        text = out.getvalue()
        assert "演示县已创建" in text
        for username, role in [
            ("admin", "系统管理员"),
            ("gkb", "公开办"),
            ("czj_officer", "信息员"),
            ("czj_reviewer", "审核员"),
            ("gov_handler", "办理人"),
            ("gov_leader", "领导"),
            ("czj_admin", "机关管理员"),
        ]:
            assert any(username in line and role in line for line in text.splitlines()), username
        count = Agency.objects.count()
        assert count >= 12  # government, 8+ bureaus, 3 towns
        out = StringIO()
        call_command("demo", stdout=out)
        assert "已存在" in out.getvalue()
        assert Agency.objects.count() == count
