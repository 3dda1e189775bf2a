"""统一社会信用代码 (GB 32100-2015): the check character and the messages for wrong codes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gongkai.agencies.credit_code import (
    check_character,
    generate_credit_code,
    make_credit_code,
    validate_credit_code,
)
from tests.factories import AgencyFactory

# Codes in the published format whose check character was verified outside this code.
# Worked by hand for the first: the 17 characters 9 1 3 5 0 1 0 0 M 0 0 0 1 0 0 Y 4 have the
# values 9 1 3 5 0 1 0 0 21 0 0 0 1 0 0 30 4 (M = 21, Y = 30 in the 31-character alphabet);
# weighted by 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 they sum to
# 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640; 1640 mod 31 = 28; 31 - 28 = 3 → “3”.
PUBLISHED_SAMPLES = [
    "91350100M000100Y43",
    "91110000600037341L",
    "91440300708461136T",
]


@pytest.mark.parametrize("code", PUBLISHED_SAMPLES)
def test_published_samples_are_valid(code):
    validate_credit_code(code)
    assert check_character(code[:17]) == code[17]


def test_hand_computed_sample():
    assert check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize("serial", [1, 42, 10_000_000, 99_999_999])
def test_generated_codes_are_valid(serial):
    code = generate_credit_code(division="339901", serial=serial)
    assert len(code) == 18
    validate_credit_code(code)


def test_spaces_and_lower_case_are_forgiven():
    validate_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    ("code", "expected", "given"),
    [
        ("91350100M000100Y44", "3", "4"),
        ("91110000600037341M", "L", "M"),
        (make_credit_code("11339901000000010")[:17] + "0", None, "0"),
    ],
)
def test_wrong_check_character_names_the_expected_one(code, expected, given):
    expected = expected or check_character(code[:17])
    assert expected != given
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == "check"
    message = exc.value.messages[0]
    assert f"should be “{expected}”, not “{given}”" in message


def test_wrong_check_character_message_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_credit_code("91350100M000100Y44")
    assert exc.value.messages[0] == (
        "统一社会信用代码校验位错误：最后一位应为“3”，而不是“4”，请核对是否录入有误。"
    )


@pytest.mark.parametrize("code", ["", "91350100M000100Y4", "91350100M000100Y433", "9135"])
def test_wrong_length(code):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == "length"
    assert f"this one has {len(code)}" in exc.value.messages[0]


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_outside_the_alphabet(letter):
    code = "91350100M000100" + letter + "43"
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == "alphabet"
    assert f"“{letter}”" in exc.value.messages[0]


@pytest.mark.django_db
def test_model_validation_rejects_a_wrong_code():
    agency = AgencyFactory.build(credit_code="91350100M000100Y44")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        agency.full_clean()
    assert "credit_code" in exc.value.message_dict
    assert "“3”" in exc.value.message_dict["credit_code"][0]
