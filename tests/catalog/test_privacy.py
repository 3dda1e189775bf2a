"""The reviewer's personal-information check (pure functions, no database). All data invented."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gongkai.catalog.privacy import (
    DEFAULT_SENSITIVE_WORDS,
    Kind,
    is_valid_id_number,
    luhn_ok,
    mask_id_number,
    scan,
)

TODAY = dt.date(2026, 3, 1)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    """Complete 17 digits with the GB 11643 check character (written out here on purpose)."""
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def wrong_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def luhn_number(prefix: str, length: int) -> str:
    """``prefix`` padded with zeros to ``length - 1`` digits plus its Luhn check digit."""
    body = prefix.ljust(length - 1, "0")
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def grouped(digits: str, sep: str = " ") -> str:
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def kinds(findings):
    return [(f.kind, f.matched) for f in findings]


def body(text, **kwargs):
    return scan({"body": text}, today=TODAY, **kwargs)


ID_A = id_number("33010219900307123")  # ends in a digit
ID_X = "11010519491231002X"  # the worked example of GB 11643-1999
CARD_16 = luhn_number("622202", 16)
CARD_19 = luhn_number("6217001", 19)


def test_fixtures_are_what_they_claim():
    assert ID_A != wrong_check(ID_A)
    assert luhn_ok(CARD_16) and luhn_ok(CARD_19)
    assert len(CARD_16) == 16 and len(CARD_19) == 19


# --- ID numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("number", [ID_A, ID_X, ID_X.lower()])
def test_valid_id_numbers_are_found_with_offsets(number):
    text = f"申请人身份证号码：{number}，住址略。"
    [finding] = body(text)
    assert finding.kind == Kind.ID_NUMBER == "id_number"
    assert finding.matched == number
    assert text[finding.start : finding.end] == number
    assert finding.location == "body"


def test_id_number_masks():
    [finding] = body(f"身份证 {ID_A}")
    assert finding.masked == "330102********" + ID_A[-4:]
    [finding] = body(f"身份证 {ID_X.lower()}")
    assert finding.masked == "110105********002X"
    assert mask_id_number(ID_X) == "110************02X"
    assert mask_id_number(f" {ID_A} ") == "330" + "*" * 12 + ID_A[-3:]
    assert mask_id_number("12345") == "*****"


def test_wrong_check_character_is_not_an_id_number():
    number = wrong_check(ID_A)
    assert not is_valid_id_number(number, today=TODAY)
    assert all(f.kind != Kind.ID_NUMBER for f in body(f"身份证号码{number}。"))


@pytest.mark.parametrize(
    "first17",
    [
        "33010219991332123",  # month 13
        "33010219990230123",  # 30 February
        "33010218991231123",  # before 1900
        "33010220270101123",  # born after "today"
        "00010219900307123",  # province 00
        "39010219900307123",  # province 39 does not exist
    ],
)
def test_impossible_dates_and_provinces_are_rejected(first17):
    number = id_number(first17)
    assert not is_valid_id_number(number, today=TODAY)
    assert not [f for f in body(f"号码 {number} 。") if f.kind == Kind.ID_NUMBER]


def test_standard_example_born_1880_is_outside_the_accepted_range():
    assert id_number("44052418800101001") == "440524188001010014"  # GB 11643 example
    assert not is_valid_id_number("440524188001010014", today=TODAY)


def test_birth_date_bound_is_today():
    number = id_number("33010220260301123")
    assert is_valid_id_number(number, today=TODAY)
    assert not is_valid_id_number(number, today=TODAY - dt.timedelta(days=1))


@pytest.mark.parametrize("text", [f"1{ID_A}", f"{ID_A}9", f"A{ID_A}", f"{ID_A}b", f"NO.{ID_A}0"])
def test_id_number_inside_a_longer_run_is_not_reported(text):
    assert not [f for f in body(text) if f.kind == Kind.ID_NUMBER]


def test_id_number_in_6_8_4_groups_and_full_width_digits():
    spaced = f"{ID_A[:6]} {ID_A[6:14]} {ID_A[14:]}"
    full_width = ID_A.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    findings = body(f"甲：{spaced}；乙：{full_width}。")
    assert kinds(findings) == [(Kind.ID_NUMBER, spaced), (Kind.ID_NUMBER, full_width)]
    # Both spell the same number, so a decision about one applies to the other.
    assert findings[0].fingerprint == findings[1].fingerprint


def test_old_15_digit_id_numbers():
    old = "330102900307123"  # born 1990-03-07
    assert is_valid_id_number(old, today=TODAY)
    assert kinds(body(f"旧身份证{old}")) == [(Kind.ID_NUMBER, old)]
    assert not is_valid_id_number("330102901307123", today=TODAY)  # month 13


# --- Mobile numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "8613812345678",
        "86 13812345678",
        "0086 138-1234-5678",
        "１３８１２３４５６７８",
    ],
)
def test_mobile_numbers_in_every_written_form(written):
    text = f"联系电话：{written}。"
    [finding] = body(text)
    assert finding.kind == Kind.MOBILE
    assert finding.matched == written
    assert text[finding.start : finding.end] == written
    assert finding.masked == "138****5678"


def test_mobile_fingerprint_ignores_the_way_it_is_written():
    findings = body("13812345678，+86 138-1234-5678")
    assert findings[0].fingerprint == findings[1].fingerprint


@pytest.mark.parametrize(
    "text",
    [
        "12812345678",  # no 12x mobile prefix
        "138123456789",  # twelve digits
        "913812345678",
        "138 12345678",  # groups not 3-4-4
        "138-1234 5678",  # mixed separators
        "0571-8765432",
    ],
)
def test_not_mobile_numbers(text):
    assert not [f for f in body(text) if f.kind == Kind.MOBILE]


def test_mobile_not_reported_inside_id_or_card_numbers():
    number = id_number("13812345678901231")  # not a valid ID (province 13, bad date)…
    assert not [f for f in body(number) if f.kind == Kind.MOBILE]
    card = luhn_number("6213812345678", 19)
    assert kinds(body(f"卡号{card}")) == [(Kind.BANK_CARD, card)]
    # A valid ID whose digits contain a mobile-looking run.
    id_with_run = id_number("51013819880101123")
    assert "13819880101" in id_with_run
    assert kinds(body(id_with_run)) == [(Kind.ID_NUMBER, id_with_run)]


# --- Bank cards -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        CARD_16,
        CARD_19,
        grouped(CARD_16),
        grouped(CARD_19),
        grouped(CARD_16, "-"),
        "4111111111111111",
    ],
)
def test_bank_cards_passing_luhn(written):
    text = f"请汇入账户 {written} 。"
    [finding] = body(text)
    assert finding.kind == Kind.BANK_CARD
    assert finding.matched == written
    assert text[finding.start : finding.end] == written
    digits = written.replace(" ", "").replace("-", "")
    assert finding.masked == f"{digits[:4]} **** **** {digits[-4:]}"


@pytest.mark.parametrize("card", [CARD_16, CARD_19])
def test_bank_cards_failing_luhn_are_not_reported(card):
    broken = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert not luhn_ok(broken)
    assert body(broken) == []
    assert body(grouped(broken)) == []


def test_card_length_limits_and_longer_runs():
    assert body(luhn_number("6222", 15)) == []
    assert body(luhn_number("6222", 20)) == []
    assert body(f"X{CARD_16}") == []
    # A row of 4-digit groups longer than any card is not a card.
    assert body(grouped(luhn_number("6222", 24))) == []


def test_valid_id_number_passing_luhn_is_reported_once_as_id():
    for seq in range(100, 1000):
        number = id_number(f"33010219900307{seq}")
        if luhn_ok(number):
            break
    assert luhn_ok(number) and is_valid_id_number(number, today=TODAY)
    assert kinds(body(number)) == [(Kind.ID_NUMBER, number)]


def test_luhn_helper():
    assert luhn_ok("4111 1111 1111 1111")
    assert not luhn_ok("4111 1111 1111 1112")
    assert not luhn_ok("")
    assert not luhn_ok("abcd")


# --- E-mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address", "masked"),
    [
        ("联系邮箱：a.b@ex.com。", "a.b@ex.com", "a***@ex.com"),
        (
            "请发送至zhang_san+gk@mail.example.cn，谢谢",
            "zhang_san+gk@mail.example.cn",
            "z***@mail.example.cn",
        ),
        ("（邮箱 li@example.org.cn）", "li@example.org.cn", "l***@example.org.cn"),
        ("邮箱wang＠example.cn。", "wang＠example.cn", "w***@example.cn"),
        ("Mail me: Zhao.Si@Example.COM.", "Zhao.Si@Example.COM", "Z***@Example.COM"),
        ("13812345678@163.com", "13812345678@163.com", "1***@163.com"),
    ],
)
def test_emails_in_chinese_sentences(text, address, masked):
    [finding] = body(text)
    assert finding.kind == Kind.EMAIL
    assert finding.matched == address
    assert text[finding.start : finding.end] == address
    assert finding.masked == masked


@pytest.mark.parametrize("text", ["a@b", "user@localhost", "@example.cn", "版本 v1.2@3"])
def test_not_emails(text):
    assert not [f for f in body(text) if f.kind == Kind.EMAIL]


# --- Sensitive words ------------------------------------------------------------------------


def test_default_word_list_every_occurrence(settings):
    if hasattr(settings, "GONGKAI_SENSITIVE_WORDS"):
        del settings.GONGKAI_SENSITIVE_WORDS
    text = "本文件为内部资料，不得外传。机密。再说一次：机密！"
    findings = scan({"body": text})
    assert [(f.matched, f.start) for f in findings] == [
        ("内部资料", 4),
        ("不得外传", 9),
        ("机密", 14),
        ("机密", 22),
    ]
    assert all(f.kind == Kind.WORD and f.masked == f.matched for f in findings)
    assert set(DEFAULT_SENSITIVE_WORDS) >= {"秘密", "机密", "绝密"}


def test_word_list_from_settings(settings):
    settings.GONGKAI_SENSITIVE_WORDS = ["涉密", "Draft"]
    findings = scan({"body": "机密 涉密 DRAFT draft"})
    assert [f.matched for f in findings] == ["涉密", "DRAFT", "draft"]
    assert findings[1].fingerprint == findings[2].fingerprint


def test_words_argument_overrides_settings(settings):
    settings.GONGKAI_SENSITIVE_WORDS = ["涉密"]
    findings = scan({"body": "涉密 机密 征求意见稿"}, words=["征求意见稿"])
    assert [f.matched for f in findings] == ["征求意见稿"]
    assert scan({"body": "机密"}, words=[]) == []


def test_overlapping_words_are_all_reported_but_not_duplicated():
    findings = scan({"body": "内部资料"}, words=["内部", "内部资料", "内部", " "])
    assert [(f.matched, f.start, f.end) for f in findings] == [("内部", 0, 2), ("内部资料", 0, 4)]


def test_word_message_names_the_word():
    [finding] = scan({"body": "绝密"}, words=["绝密"])
    with translation.override("en"):
        assert "“绝密”" in finding.message


def test_every_kind_has_a_message():
    text = f"{ID_A} 13812345678 {CARD_16} a@ex.cn 机密"
    findings = body(text, words=["机密"])
    assert {f.kind for f in findings} == set(Kind)
    with translation.override("en"):
        messages = {f.message for f in findings}
    assert len(messages) == len(Kind) and all(messages)


# --- Several locations, order, fingerprints -------------------------------------------------


def test_findings_ordered_by_location_then_offset():
    texts = {
        "title": "关于某某的答复（机密）",
        "body": f"电话13812345678，邮箱a@ex.cn，身份证{ID_A}",
        "attachment:年度预算.pdf": f"账号 {grouped(CARD_19)}",
        "attachment:空白.pdf": "",
    }
    findings = scan(texts, words=["机密"], today=TODAY)
    assert [(f.location, f.kind) for f in findings] == [
        ("title", Kind.WORD),
        ("body", Kind.MOBILE),
        ("body", Kind.EMAIL),
        ("body", Kind.ID_NUMBER),
        ("attachment:年度预算.pdf", Kind.BANK_CARD),
    ]
    for f in findings:
        assert texts[f.location][f.start : f.end] == f.matched


def test_fingerprint_survives_edits_elsewhere_but_not_a_move_or_a_new_value():
    before = scan({"body": f"申请人电话13812345678。身份证{ID_A}"}, today=TODAY)
    after = scan(
        {"body": f"经核实，申请人（已更正）电话 13812345678 ，另附身份证{ID_A}。"}, today=TODAY
    )
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]
    assert [f.start for f in before] != [f.start for f in after]

    moved = scan({"title": "13812345678"}, today=TODAY)[0]
    other = scan({"body": "13912345678"}, today=TODAY)[0]
    assert moved.fingerprint != before[0].fingerprint
    assert other.fingerprint != before[0].fingerprint
    assert before[0].fingerprint != before[1].fingerprint


def test_fingerprint_does_not_contain_the_number():
    [finding] = body(ID_A)
    assert ID_A not in finding.fingerprint and ID_A[-8:] not in finding.fingerprint


def test_finding_is_frozen():
    [finding] = body(ID_A)
    with pytest.raises(AttributeError):
        finding.start = 0


# --- Properties -----------------------------------------------------------------------------

chinese_filler = st.text(alphabet="，。的了是在申请人答复公开信息 ", max_size=20)


@hypothesis_settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=chinese_filler,
    after=chinese_filler,
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY),
    area=st.sampled_from(["110101", "330102", "440305", "510107", "650102"]),
    seq=st.integers(min_value=0, max_value=999),
)
def test_any_valid_id_in_chinese_text_is_found_exactly(before, after, born, area, seq):
    number = id_number(f"{area}{born:%Y%m%d}{seq:03d}")
    text = before + number + after
    ids = [f for f in scan({"body": text}, words=[], today=TODAY) if f.kind == Kind.ID_NUMBER]
    assert [(f.start, f.end) for f in ids] == [(len(before), len(before) + 18)]
    assert born.strftime("%Y%m%d") not in ids[0].masked


@hypothesis_settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="0123456789 -+xX@.a机密", max_size=60))
def test_scan_never_fails_and_spans_are_consistent(text):
    findings = scan({"t": text}, today=TODAY)
    spans = [(f.start, f.end) for f in findings]
    assert len(spans) == len(set(spans))
    assert spans == sorted(spans)
    for f in findings:
        assert text[f.start : f.end] == f.matched
