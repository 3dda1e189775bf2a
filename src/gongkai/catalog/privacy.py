"""The personal-information check a reviewer (审核员) runs before an item is published.

``scan`` looks through plain texts (title, body, the extracted text of each attachment) for
things that should not reach the public site by accident:

- resident identity card numbers (居民身份证号码, GB 11643): 18 characters with a valid
  province code, a real birth date from 1900-01-01 to today and a correct check character; also
  written in 6-8-4 groups with single spaces. The 15-digit first-generation numbers (no check
  character, birth year ``19YY``) are reported too when province code and date are valid; they
  have no check character, so a 15-digit number that merely looks like one (an old business
  registration number, say) may be reported: the reviewer decides;
- mainland mobile numbers, with or without ``+86`` / ``86`` / ``0086``, contiguous or in 3-4-4
  groups separated by spaces or hyphens;
- bank card numbers: 16 to 19 digits, contiguous or in groups of four, passing the Luhn check;
- e-mail addresses (ASCII, also with a full-width ``＠``);
- words from a configurable list (``settings.GONGKAI_SENSITIVE_WORDS``).

Nothing here reads or writes the database. The rules are independent, with three exceptions so
that one piece of data is reported once: a number that is a valid ID number is not also a bank
card; a mobile number inside an ID or card number is not reported; and a number inside an
e-mail address (``13812345678@example.cn``) is covered by the e-mail finding.

A finding's ``fingerprint`` is what a reviewer's decision ("fixed", "may stay because …")
should be stored against: it depends on kind, location and the normalised matched value only,
so it survives edits elsewhere in the text. It is an HMAC keyed with ``SECRET_KEY`` (an ID
number's plain hash could be reversed by trying every plausible number), which means rotating
``SECRET_KEY`` makes earlier decisions stop matching: the reviewer is asked again, the safe way
round. Store ``fingerprint`` and ``masked``, never ``matched``.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

__all__ = [
    "DEFAULT_SENSITIVE_WORDS",
    "Finding",
    "Kind",
    "is_valid_id_number",
    "luhn_ok",
    "mask_id_number",
    "scan",
]

DEFAULT_SENSITIVE_WORDS = ("秘密", "机密", "绝密", "内部资料", "内部文件", "不得外传")


class Kind(enum.StrEnum):
    ID_NUMBER = "id_number"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    WORD = "word"


# GB/T 2260 province-level codes, plus 81/82/83 (residence permits of Hong Kong, Macao and
# Taiwan residents) and 91 (the 2023 foreigner's permanent residence ID card).
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)

# Full-width digits (１３８…) are common in text typed in a Chinese input method's full-width
# mode, so they count as digits here; matches are normalised with NFKC before checking.
_D = "[0-9０-９]"
_ALNUM = "[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]"
_NOT_ALNUM_BEFORE = f"(?<!{_ALNUM})"
_NOT_ALNUM_AFTER = f"(?!{_ALNUM})"

_ID_RE = re.compile(
    _NOT_ALNUM_BEFORE
    + f"(?:{_D}{{6}}(?P<s>[ ]?){_D}{{8}}(?P=s){_D}{{3}}[0-9０-９XxＸｘ]|{_D}{{15}})"
    + _NOT_ALNUM_AFTER
)
_MOBILE_RE = re.compile(
    f"(?<!{_ALNUM})(?<![+＋])"
    + "(?:(?:[+＋]|00)?86[ -]?)?"
    + f"(?P<n>[1１][3-9３-９]{_D}(?P<s>[ -]?){_D}{{4}}(?P=s){_D}{{4}})"
    + _NOT_ALNUM_AFTER
)
# Grouped cards must not be the middle of a longer grouped run (``(?<!\d[ -])`` and
# ``(?!(?P=s)\d)``), or any long row of 4-digit groups would yield a "card".
_CARD_RE = re.compile(
    _NOT_ALNUM_BEFORE
    + f"(?:{_D}{{16,19}}"
    + f"|(?<!{_D}[ -]){_D}{{4}}(?P<s>[ -]){_D}{{4}}(?P=s){_D}{{4}}(?P=s){_D}{{4}}"
    + f"(?:(?P=s){_D}{{1,3}})?(?!(?P=s){_D}))"
    + _NOT_ALNUM_AFTER
)
# Every ID number, mobile number and card number holds eleven or more digits in a row, with at
# most one space or hyphen between two of them: text without such a run (most text) skips the
# three patterns above, which are costly to try at every position.
_LONG_NUMBER_RE = re.compile(f"{_D}(?:[ -]?{_D}){{10}}")
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])"
    + r"(?P<local>[A-Za-z0-9_%+-](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?)"
    + r"[@＠]"
    + r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})"
    + r"(?![A-Za-z0-9-])"
)
_SEPARATORS = re.compile(r"[\s-]")

# When two findings cover exactly the same span, the first kind in this order is kept.
_PRIORITY = {Kind.ID_NUMBER: 0, Kind.BANK_CARD: 1, Kind.MOBILE: 2, Kind.EMAIL: 3, Kind.WORD: 4}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    location: str
    start: int
    end: int
    matched: str
    masked: str
    fingerprint: str
    word: str = ""  # for Kind.WORD: the list entry that matched

    @property
    def message(self) -> str:
        """What was found, in the active language (computed when read, not when scanned)."""
        if self.kind == Kind.ID_NUMBER:
            return gettext("This looks like a resident identity card number.")
        if self.kind == Kind.MOBILE:
            return gettext("This looks like a mobile phone number.")
        if self.kind == Kind.BANK_CARD:
            return gettext("This looks like a bank card number.")
        if self.kind == Kind.EMAIL:
            return gettext("This looks like an e-mail address.")
        return gettext(
            "The text contains the word “%(word)s”, which is on the sensitive-word list."
        ) % {"word": self.word or self.matched}


# --- Validators and masks -----------------------------------------------------------------


def _digits(s: str) -> str:
    """``s`` without spaces and hyphens, full-width characters made ASCII."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", s))


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _birth_date_ok(year: int, month: int, day: int, today: dt.date) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return EARLIEST_BIRTH_DATE <= born <= today


def is_valid_id_number(s: str, *, today: dt.date | None = None) -> bool:
    """Whether ``s`` is a well-formed resident ID number (spaces and hyphens are ignored).

    18 characters: province code, a real birth date between 1900-01-01 and ``today`` (default:
    the local date), and the GB 11643 check character (``x`` accepted for ``X``). 15 digits:
    province code and a real ``19YYMMDD`` birth date (the old format has no check character).
    """
    s = _digits(s.strip()).upper()
    today = _today(today)
    if len(s) == 18:
        if not (s[:17].isdigit() and (s[17].isdigit() or s[17] == "X")):
            return False
        if int(s[:2]) not in PROVINCE_CODES:
            return False
        if not _birth_date_ok(int(s[6:10]), int(s[10:12]), int(s[12:14]), today):
            return False
        total = sum(int(c) * w for c, w in zip(s[:17], ID_WEIGHTS, strict=True))
        return ID_CHECK_CHARS[total % 11] == s[17]
    if len(s) == 15 and s.isascii() and s.isdigit():
        if int(s[:2]) not in PROVINCE_CODES:
            return False
        return _birth_date_ok(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]), today)
    return False


def luhn_ok(s: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers; spaces and hyphens are ignored."""
    s = _digits(s)
    if len(s) < 2 or not (s.isascii() and s.isdigit()):
        return False
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mask_id_number(s: str) -> str:
    """An ID number for display to people who must not read it: ``110************123``.

    First three and last three characters stay visible (spaces and hyphens are dropped);
    anything of six characters or fewer is masked completely.
    """
    s = _digits(s.strip())
    if len(s) <= 6:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 6) + s[-3:]


def _mask_id_for_review(s: str) -> str:
    # The reviewer sees the area code and the last four, not the birth date: 330102********1234.
    s = _digits(s).upper()
    return s[:6] + "*" * (len(s) - 10) + s[-4:] if len(s) == 18 else s[:6] + "******" + s[-3:]


def _mask_mobile(national: str) -> str:
    return national[:3] + "****" + national[-4:]


def _mask_card(digits: str) -> str:
    # The same shape whatever the length, so the mask does not tell the card type either.
    return f"{digits[:4]} **** **** {digits[-4:]}"


def _mask_email(local: str, domain: str) -> str:
    return f"{local[0]}***@{domain}"


# --- Scanning -------------------------------------------------------------------------------


def _sensitive_words(words: Iterable[str] | None) -> list[str]:
    if words is None:
        words = getattr(settings, "GONGKAI_SENSITIVE_WORDS", DEFAULT_SENSITIVE_WORDS)
    seen: dict[str, str] = {}
    for word in words:
        word = word.strip()
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return list(seen.values())


def _fingerprint(kind: Kind, location: str, normalised: str) -> str:
    value = f"{kind}\x1f{location}\x1f{normalised}"
    digest = salted_hmac("gongkai.catalog.privacy.finding", value, algorithm="sha256")
    return digest.hexdigest()[:32]


def _finding(
    kind: Kind,
    location: str,
    m: re.Match[str] | tuple[int, int, str],
    masked: str,
    normalised: str,
    **extra: str,
) -> Finding:
    if isinstance(m, re.Match):
        start, end, matched = m.start(), m.end(), m.group()
    else:
        start, end, matched = m
    return Finding(
        kind=kind,
        location=location,
        start=start,
        end=end,
        matched=matched,
        masked=masked,
        fingerprint=_fingerprint(kind, location, normalised),
        **extra,
    )


def _overlaps(f: Finding, others: Iterable[Finding]) -> bool:
    return any(f.start < o.end and o.start < f.end for o in others)


def _inside(f: Finding, others: Iterable[Finding]) -> bool:
    return any(o.start <= f.start and f.end <= o.end for o in others)


def _scan_text(location: str, text: str, words: list[str], today: dt.date) -> list[Finding]:
    numbers = _LONG_NUMBER_RE.search(text) is not None
    ids = []
    for m in _ID_RE.finditer(text) if numbers else ():
        if is_valid_id_number(m.group(), today=today):
            digits = _digits(m.group()).upper()
            ids.append(_finding(Kind.ID_NUMBER, location, m, _mask_id_for_review(digits), digits))

    cards = []
    for m in _CARD_RE.finditer(text) if numbers else ():
        digits = _digits(m.group())
        if luhn_ok(digits) and not is_valid_id_number(digits, today=today):
            card = _finding(Kind.BANK_CARD, location, m, _mask_card(digits), digits)
            if not _overlaps(card, ids):
                cards.append(card)

    mobiles = []
    for m in _MOBILE_RE.finditer(text) if numbers else ():
        national = _digits(m.group("n"))
        mobile = _finding(Kind.MOBILE, location, m, _mask_mobile(national), national)
        if not _overlaps(mobile, ids + cards):
            mobiles.append(mobile)

    emails = []
    for m in _EMAIL_RE.finditer(text) if "@" in text or "＠" in text else ():
        local, domain = m.group("local"), m.group("domain")
        normalised = f"{local}@{domain}".lower()
        emails.append(_finding(Kind.EMAIL, location, m, _mask_email(local, domain), normalised))

    found = [f for f in ids + cards + mobiles if not _inside(f, emails)] + emails

    if words and _any_word_re(tuple(words)).search(text):
        # One pass finds whether any word occurs; only then each word is looked for. A
        # lookahead finds overlapping occurrences too ("秘密秘密秘密" with the word "秘密秘密").
        for word in words:
            for m in re.finditer(f"(?=({re.escape(word)}))", text, re.IGNORECASE):
                span = (m.start(1), m.end(1), m.group(1))
                found.append(
                    _finding(Kind.WORD, location, span, m.group(1), word.casefold(), word=word)
                )
    return found


@functools.lru_cache(maxsize=32)
def _any_word_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def scan(
    texts: Mapping[str, str],
    *,
    words: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Findings in ``texts`` (location label → plain text), in location order, then by offset.

    ``words`` replaces the sensitive-word list (default: ``settings.GONGKAI_SENSITIVE_WORDS``,
    else ``DEFAULT_SENSITIVE_WORDS``); words match case-insensitively, every occurrence.
    ``today`` bounds the birth dates of ID numbers (default: the local date). Offsets are
    character offsets into the text of that location. Reads nothing but settings.
    """
    word_list = _sensitive_words(words)
    today = _today(today)
    result: list[Finding] = []
    for location, text in texts.items():
        if not text:
            continue
        found = _scan_text(location, text, word_list, today)
        found.sort(key=lambda f: (f.start, f.end, _PRIORITY[f.kind], f.word))
        seen: set[tuple[int, int]] = set()
        for f in found:
            if (f.start, f.end) not in seen:
                seen.add((f.start, f.end))
                result.append(f)
    return result
