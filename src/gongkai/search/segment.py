"""Chinese word segmentation for the search index, shared by both database backends.

The index and the query are segmented by the same rules, so that what one backend's tokenizer
sees is exactly what the other's sees:

- text is NFKC-normalised (full-width digits and letters become ASCII) and lower-cased;
- rjieba (jieba's dictionary) cuts it into words; the index uses ``cut_for_search`` (words plus
  the dictionary words inside long words: 年度报告 → 年度, 报告, 年度报告), the query ``cut``;
- every token is split again into runs of CJK characters and runs of other letters and digits,
  and everything else (punctuation, brackets, ``-``, ``/``, ``_``, spaces) is dropped, so that
  ``113399210000001X/2026-00001`` is ``113399210000001x 2026 00001`` on both sides, and neither
  SQLite's unicode61 tokenizer nor PostgreSQL's text-search parser has anything to split again;
- the index also holds every CJK character of a word as a token of its own, so that a query of
  one character (税) finds every text that contains it.

Tokens are not deduplicated: how often a word occurs is what bm25 and ts_rank_cd rank by.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

import rjieba

# Words that the general dictionary cuts apart but that people search for as one word.
DOMAIN_WORDS = (
    "政务公开",
    "信息公开",
    "政府信息公开",
    "依申请公开",
    "主动公开",
    "不予公开",
    "内部公开",
    "索引号",
    "文号",
    "发文字号",
    "预决算",
    "政策解读",
    "年度报告",
    "办事指南",
    "政民互动",
    "意见征集",
    "在线访谈",
    "告知书",
    "行政复议",
    "行政诉讼",
    "统一社会信用代码",
    "有效性",
)
for _word in DOMAIN_WORDS:
    rjieba.add_word(_word, None, None)

_CJK = (
    "\u3400-\u4dbf"  # Extension A
    "\u4e00-\u9fff"  # Unified Ideographs
    "\uf900-\ufaff"  # Compatibility Ideographs
    "\U00020000-\U0003134f"  # Extensions B–G
)
# A run of CJK ideographs, or a run of other letters/digits (the underscore is a separator for
# both SQLite's unicode61 and PostgreSQL's parser, so it is one here too).
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_LONG_CJK = re.compile(rf"[{_CJK}]{{2,}}")


def normalize_text(text: str) -> str:
    text = text or ""
    if not unicodedata.is_normalized("NFKC", text):  # the quick check is much cheaper
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _runs(words: Iterable[str]) -> list[str]:
    # Joined by a space, which no run contains, so one regex pass splits every word at once.
    return _RUN.findall(" ".join(words))


def index_tokens(text: str) -> list[str]:
    """The tokens stored for ``text``: search words, plus each CJK character of a longer word."""
    text = normalize_text(text)
    if not text.strip():
        return []
    tokens = _runs(rjieba.cut_for_search(text, False))
    for word in _LONG_CJK.findall(" ".join(rjieba.cut(text, False))):
        tokens.extend(word)
    return tokens


def query_tokens(q: str, *, limit: int = 12) -> list[str]:
    """The tokens a query must all match, in query order, without repeats (at most ``limit``)."""
    text = normalize_text(q)
    seen: dict[str, None] = {}
    for token in _runs(rjieba.cut(text, False)):
        seen.setdefault(token, None)
    return list(seen)[:limit]


# Filter values are indexed as tokens too ("ǂy2026", "ǂa12"), so that both engines narrow a
# filtered search inside the full-text index (an intersection of posting lists) instead of
# checking the matches of a common word one by one. ǂ is a letter to SQLite's unicode61 and to
# PostgreSQL's parser, so "ǂy2026" stays one token, and it does not occur in Chinese text.
FILTER_MARK = "ǂ"


@functools.lru_cache(maxsize=4096)  # a few agencies, categories, years: asked for again and again
def filter_token(name: str, value) -> str:
    """``name`` is one letter: k (kind), a (agency), c (category), y (year), v (validity)."""
    return f"{FILTER_MARK}{name}{normalize_text(str(value))}"


def tokens_text(*parts: str, cache: Mapping[str, str] | None = None) -> str:
    """The ``tokens`` column for the given texts, each segmented on its own (so that a 文号 or
    索引号 is cut the same way as when it is typed alone into the search box).

    ``cache`` maps a text to its tokens already joined by spaces (``segment_texts``), for
    callers that segmented ahead of time, in another process say; a text not in it, or a text
    given twice, is segmented once here."""
    done: dict[str, str] = dict(cache or {})
    out: list[str] = []
    for part in parts:
        joined = done.get(part)
        if joined is None:
            joined = done[part] = " ".join(index_tokens(part))
        if joined:
            out.append(joined)
    return " ".join(out)


def segment_texts(*texts: str) -> dict[str, str]:
    """``{text: its tokens joined by spaces}``, the ``cache`` that ``tokens_text`` accepts."""
    return {text: " ".join(index_tokens(text)) for text in dict.fromkeys(texts)}


_OPEN_BRACKETS = str.maketrans(
    {"[": "〔", "(": "〔", "【": "〔", "〖": "〔", "]": "〕", ")": "〕", "】": "〕", "〗": "〕"}
)
_SPACE = re.compile(r"\s+")


def normalize_number(text: str) -> str:
    """The form in which a 文号 or 索引号 is stored and looked up exactly: NFKC, brackets of
    the year as 〔〕 (people type 【】, [] or ()), no spaces, ASCII letters upper-case."""
    text = unicodedata.normalize("NFKC", text or "").translate(_OPEN_BRACKETS)
    return _SPACE.sub("", text).upper()
