"""A small arithmetic CAPTCHA drawn by our own server: no outside service, no JavaScript.

``new_challenge(request, purpose)`` invents a sum such as ``14 + 7`` or ``12 − 5``, keeps the
answer in the session under ``purpose`` (one challenge per purpose; a new one replaces the
old) and returns the question as an SVG image in a ``data:`` URI (the CSP allows ``data:``
images). The digits are drawn as jittered strokes, rotated and crossed with noise lines; the
SVG contains no text a script could read off.

``verify(request, purpose, answer)`` consumes the challenge whatever the answer, so each one
can be tried once; an expired challenge (``settings.GONGKAI_CAPTCHA_TTL``, default 10
minutes) fails. This keeps out simple scripts, not a determined attacker; the rate limits
(``ratelimit``) are the second line.

There is no test hook: tests read the answer from the session like the server does.
"""

from __future__ import annotations

import base64
import math
import secrets
import time
import unicodedata

from django.conf import settings
from django.utils.crypto import constant_time_compare

SESSION_KEY = "gk_captcha"

# A stroke font on a 4×6 grid: each glyph is a list of polylines.
_GLYPHS: dict[str, list[list[tuple[float, float]]]] = {
    "0": [
        [(0.3, 0), (3.7, 0), (4, 0.5), (4, 5.5), (3.7, 6), (0.3, 6), (0, 5.5), (0, 0.5), (0.3, 0)]
    ],
    "1": [[(1, 1.2), (2.2, 0), (2.2, 6)], [(1, 6), (3.4, 6)]],
    "2": [[(0, 1), (1, 0), (3, 0), (4, 1), (4, 2.2), (0, 6), (4, 6)]],
    "3": [
        [(0, 0.6), (1, 0), (3, 0), (4, 1), (4, 2), (3, 3), (1.6, 3)],
        [(3, 3), (4, 4), (4, 5), (3, 6), (1, 6), (0, 5.4)],
    ],
    "4": [[(3, 6), (3, 0), (0, 4.2), (4, 4.2)]],
    "5": [[(4, 0), (0.4, 0), (0, 2.8), (3, 2.6), (4, 3.6), (4, 5), (3, 6), (0, 6)]],
    "6": [
        [
            (3.8, 0.4),
            (2.6, 0),
            (1, 0),
            (0, 1.6),
            (0, 5),
            (1, 6),
            (3, 6),
            (4, 5),
            (4, 3.8),
            (3, 2.9),
            (1, 2.9),
            (0, 3.8),
        ]
    ],
    "7": [[(0, 0), (4, 0), (1.4, 6)], [(1.2, 3), (3.4, 3)]],
    "8": [
        [(1, 0), (3, 0), (4, 0.9), (4, 2.1), (3, 3), (1, 3), (0, 2.1), (0, 0.9), (1, 0)],
        [(1, 3), (0, 3.9), (0, 5.1), (1, 6), (3, 6), (4, 5.1), (4, 3.9), (3, 3)],
    ],
    "9": [
        [
            (4, 2.2),
            (3, 3.1),
            (1, 3.1),
            (0, 2.2),
            (0, 1),
            (1, 0),
            (3, 0),
            (4, 1),
            (4, 5),
            (3, 6),
            (1, 6),
            (0.2, 5.5),
        ]
    ],
    "+": [[(0, 3), (4, 3)], [(2, 1), (2, 5)]],
    "-": [[(0.4, 3), (3.6, 3)]],
    "=": [[(0, 2.2), (4, 2.2)], [(0, 3.8), (4, 3.8)]],
    "?": [[(0, 1.2), (1, 0), (3, 0), (4, 1), (4, 2), (2, 3.4), (2, 4.4)], [(2, 5.5), (2, 6)]],
}
WIDTH, HEIGHT = 220, 64
_COLOURS = ("#0b4f8a", "#1f2328", "#8a1f2a", "#3b5b1f", "#5a3b8a")


def _rand(low: float, high: float) -> float:
    return low + (high - low) * secrets.randbelow(10_001) / 10_000


def _question() -> tuple[str, str]:
    """(text such as "14+7=?", answer such as "21")."""
    if secrets.randbelow(2):
        a, b = 2 + secrets.randbelow(18), 1 + secrets.randbelow(9)
        return f"{a}+{b}=?", str(a + b)
    a = 10 + secrets.randbelow(10)
    b = 1 + secrets.randbelow(9)
    return f"{a}-{b}=?", str(a - b)


def render_svg(text: str) -> str:
    """``text`` (digits and ``+-=?``) as an SVG of jittered strokes."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="100%" height="100%" fill="#f6f3ea"/>'
    ]
    for _ in range(5):  # noise behind the glyphs
        x1, y1 = _rand(0, WIDTH), _rand(0, HEIGHT)
        x2, y2 = _rand(0, WIDTH), _rand(0, HEIGHT)
        cx, cy = _rand(0, WIDTH), _rand(0, HEIGHT)
        parts.append(
            f'<path d="M{x1:.1f} {y1:.1f}Q{cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}" '
            f'stroke="#b7b09c" stroke-width="{_rand(1, 2):.1f}" fill="none"/>'
        )
    step = (WIDTH - 20) / max(len(text), 1)
    for i, ch in enumerate(text):
        scale = _rand(6.2, 7.4)
        angle = math.radians(_rand(-18, 18))
        ox = 10 + i * step + _rand(0, step - 4 * scale if step > 4 * scale else 1)
        oy = (HEIGHT - 6 * scale) / 2 + _rand(-5, 5)
        cos, sin = math.cos(angle), math.sin(angle)
        colour = _COLOURS[secrets.randbelow(len(_COLOURS))]
        for line in _GLYPHS[ch]:
            points = []
            for gx, gy in line:
                x = (gx - 2 + _rand(-0.18, 0.18)) * scale
                y = (gy - 3 + _rand(-0.18, 0.18)) * scale
                points.append(
                    f"{ox + 2 * scale + x * cos - y * sin:.1f},"
                    f"{oy + 3 * scale + x * sin + y * cos:.1f}"
                )
            parts.append(
                f'<polyline points="{" ".join(points)}" stroke="{colour}" '
                f'stroke-width="{_rand(2.2, 3.2):.1f}" fill="none" stroke-linecap="round" '
                'stroke-linejoin="round"/>'
            )
    for _ in range(2):  # noise in front
        x1, y1, x2, y2 = _rand(0, 40), _rand(0, HEIGHT), _rand(WIDTH - 40, WIDTH), _rand(0, HEIGHT)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            'stroke="#8d8676" stroke-width="1.2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _ttl() -> int:
    return int(getattr(settings, "GONGKAI_CAPTCHA_TTL", 600))


def new_challenge(request, purpose: str) -> str:
    """Store a new challenge for ``purpose`` in the session; return its image as a data URI."""
    text, answer = _question()
    store = dict(request.session.get(SESSION_KEY, {}))
    store[purpose] = {"answer": answer, "expires": time.time() + _ttl()}
    request.session[SESSION_KEY] = store
    svg = render_svg(text)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def verify(request, purpose: str, answer: str) -> bool:
    """Whether ``answer`` solves the pending challenge of ``purpose``; the challenge is used
    up either way."""
    store = dict(request.session.get(SESSION_KEY, {}))
    pending = store.pop(purpose, None)
    request.session[SESSION_KEY] = store
    if not pending or pending.get("expires", 0) < time.time():
        return False
    given = unicodedata.normalize("NFKC", answer or "").strip()
    return bool(given) and constant_time_compare(given, str(pending.get("answer", "")))


def pending_answer(session, purpose: str) -> str | None:
    """The answer of the pending challenge (for tests, which read it from the session)."""
    pending = session.get(SESSION_KEY, {}).get(purpose)
    return pending["answer"] if pending else None
