"""The password rules speak Chinese."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from gongkai.accounts.models import User


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Ab1-short", "密码太短：至少需要 10 个字符。"),
        ("alllowercaseletters", "密码须至少包含大写字母、小写字母、数字和符号中的三类。"),
        ("Password123", "这个密码太常见，请换一个不易猜到的密码。"),
        ("Zhangwei-2026", "密码与您的用户名或其他个人信息过于相似。"),
    ],
)
def test_rules_give_chinese_messages(password, expected):
    user = User(username="zhangwei-2026", full_name="张伟")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert expected in exc.value.messages


def test_a_good_password_passes():
    validate_password("Qingshui-River-2026", User(username="wangfang"))
