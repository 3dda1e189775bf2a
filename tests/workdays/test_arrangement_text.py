"""Parsing what an administrator types into the arrangement form (pure)."""

import pytest

from gongkai.workdays.arrangement_text import (
    ArrangementTextError,
    format_make_up_days,
    format_rest_periods,
    parse_make_up_days,
    parse_rest_periods,
)

from .conftest import MAKE_UP_2027, MAKE_UP_2027_TEXT, REST_2027, REST_2027_TEXT, D


def test_parses_every_accepted_spelling():
    assert parse_rest_periods(REST_2027_TEXT, year=2027) == REST_2027
    text = (
        "# comments and blank lines are ignored\n\n"
        "春节：２０２７年２月６日～２月８日\n"  # full-width digits, colon, tilde, short end
        "清明 2027/4/5\n"
        "劳动节 2027-05-01 到 2027-05-03\n"
        "国庆节 2027.10.01-2027.10.02\n"
    )
    assert parse_rest_periods(text, year=2027) == {
        D("2027-02-06"): "春节",
        D("2027-02-07"): "春节",
        D("2027-02-08"): "春节",
        D("2027-04-05"): "清明",
        D("2027-05-01"): "劳动节",
        D("2027-05-02"): "劳动节",
        D("2027-05-03"): "劳动节",
        D("2027-10-01"): "国庆节",
        D("2027-10-02"): "国庆节",
    }


def test_parses_make_up_days():
    assert parse_make_up_days(MAKE_UP_2027_TEXT, year=2027) == MAKE_UP_2027


def test_names_with_digits_are_kept():
    name = "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    assert parse_rest_periods(f"{name} 2015-09-03", year=2015) == {D("2015-09-03"): name}


def errors_of(func, text, **kwargs):
    with pytest.raises(ArrangementTextError) as exc:
        func(text, year=2027, **kwargs)
    return exc.value.messages


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("春节", "第1行：没有找到日期。请按“春节 2027-02-06~2027-02-12”的格式填写。"),
        ("元旦 2027-01-01\n春节 2027-02-30~2027-03-02", "第2行：“2027-02-30”不是有效的日期。"),
        (
            "2027-02-06~2027-02-12",
            "第1行：请在日期前写上节假日名称，例如“春节 2027-02-06~2027-02-12”。",
        ),
        ("春节 2027-02-12~2027-02-06", "第1行：结束日期2027-02-06早于开始日期2027-02-12。"),
        ("元旦 2026-12-31~2027-01-02", "第1行：2026-12-31不在2027年内。"),
        ("春节 2027-02-06~2027-04-06", "第1行：2027-02-06至2027-04-06超过了31天，请检查日期。"),
        (
            "春节 2027-02-06~2027-02-12\n\n国庆节 2027-02-12",
            "第3行：2027-02-12已在第1行填写过。",
        ),
        (
            "春节 2027-02-06~2027-02-12 放假",
            "第1行：无法识别“春节 2027-02-06~2027-02-12 放假”。请每行填写一个放假时段，"
            "格式如“春节 2027-02-06~2027-02-12”。",
        ),
    ],
)
def test_rest_period_errors_name_the_line(text, message):
    assert message in errors_of(parse_rest_periods, text)


def test_every_bad_line_is_reported():
    messages = errors_of(parse_rest_periods, "春节\n元旦 2027-01-01\n清明 2027-13-01")
    assert [m[:3] for m in messages] == ["第1行", "第3行"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("春节 2027-02-10", "第1行：2027-02-10是星期三，调休上班日只能是星期六或星期日。"),
        ("2027-02-14", "第1行：请在日期前写上节假日名称，例如“春节 2027-02-14”。"),
        (
            "春节 2027-02-14 周日",
            "第1行：无法识别“周日”。请填写节假日名称和一个或多个日期，格式如“春节 2027-02-14”。",
        ),
        ("国庆节 2028-10-07", "第1行：2028-10-07不在2027年内。"),
        ("春节 2027-02-14\n春节 2027-02-14", "第2行：2027-02-14已在第1行填写过。"),
    ],
)
def test_make_up_errors_name_the_line(text, message):
    assert message in errors_of(parse_make_up_days, text)


def test_make_up_day_that_is_also_a_rest_day():
    messages = errors_of(parse_make_up_days, "春节 2027-02-06", rest_days=REST_2027)
    assert messages == ["第1行：2027-02-06已被填为放假日，不能同时是调休上班日。"]


def test_formatting_round_trips():
    text = format_rest_periods(REST_2027)
    assert text.splitlines() == [
        "元旦 2027-01-01~2027-01-03",
        "春节 2027-02-06~2027-02-12",
        "国庆节 2027-10-01~2027-10-07",
    ]
    assert parse_rest_periods(text, year=2027) == REST_2027
    assert parse_make_up_days(format_make_up_days(MAKE_UP_2027), year=2027) == MAKE_UP_2027


def test_adjacent_periods_with_different_names_stay_apart():
    days = {D("2025-10-05"): "国庆节", D("2025-10-06"): "中秋", D("2025-10-07"): "国庆节"}
    assert format_rest_periods(days).splitlines() == [
        "国庆节 2025-10-05",
        "中秋 2025-10-06",
        "国庆节 2025-10-07",
    ]
