"""Highlighted snippets, computed in Python from the stored plain text, the same on every
backend. Matching runs on the raw text and each piece is escaped on its own, so a query can
neither inject markup nor match inside an entity such as ``&amp;``."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from html import escape as _escape
from itertools import islice

from django.utils.safestring import SafeString, mark_safe


def escape(text: str) -> str:
    return _escape(text, quote=True)


def _pattern(tokens) -> re.Pattern | None:
    return _compiled(tuple(tokens))


@lru_cache(maxsize=256)
def _compiled(tokens: tuple[str, ...]) -> re.Pattern | None:
    words = sorted({t for t in tokens if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _folded(text: str) -> str:
    """The text to match tokens in, position for position: lower-cased (tokens are). Full-width
    letters and digits are not folded here — NFKC of a whole body costs more than it gains."""
    folded = text.lower()
    return folded if len(folded) == len(text) else text


def _best_window(pattern: re.Pattern, folded: str, width: int) -> int:
    """Where the first window of ``width`` characters with the most distinct tokens starts
    (two pointers over the first few hundred matches)."""
    positions = [(m.start(), m.group(0).lower()) for m in islice(pattern.finditer(folded), 300)]
    counts: Counter = Counter()
    best, best_start, left = 0, 0, 0
    for pos, word in positions:
        counts[word] += 1
        while positions[left][0] <= pos - width:
            old = positions[left][1]
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
            left += 1
        if len(counts) > best:
            best, best_start = len(counts), positions[left][0]
    return best_start


def highlight(text: str, tokens) -> SafeString:
    """``text`` escaped, with every occurrence of a token wrapped in ``<mark>``."""
    pattern = _pattern(tokens)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308
    out, last = [], 0
    folded = _folded(text)
    for m in pattern.finditer(folded):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(text[m.start() : m.end()])}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def snippet(text: str, tokens, *, width: int = 120) -> SafeString:
    """About ``width`` characters of ``text`` around the first place where the most query tokens
    occur together, highlighted; the start of the text when no token occurs."""
    text = " ".join((text or "").split())
    pattern = _pattern(tokens)
    start = 0
    if pattern is not None:
        start = max(_best_window(pattern, _folded(text), width) - width // 4, 0)
    end = min(start + width, len(text))
    start = max(min(start, end - width), 0)
    piece = highlight(text[start:end], tokens)
    return mark_safe(("…" if start > 0 else "") + piece + ("…" if end < len(text) else ""))  # noqa: S308
