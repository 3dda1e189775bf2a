"""The flowchart of a matter's procedure (办理流程图), drawn from its steps as inline SVG.

``flowchart_svg`` is a pure function of the steps: one box a step, top to bottom, each box
holding the step's number and title and its text wrapped to the box, an arrow from each box to
the next. The drawing is 320 units wide and scales to the width of its container, so it stays
vertical and legible on a phone and prints on A4. It is accessible: ``role="img"`` with a
title and a description naming every step, and the page lists the same steps as an ordered
list beside it. Presentation attributes only (no ``style``, no script), as the site's content
security policy requires; the page's stylesheet may override the colours (high contrast).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 320
MARGIN = 16
BOX_WIDTH = WIDTH - 2 * MARGIN
PADDING = 12
FONT_SIZE = 14
TITLE_SIZE = 15
LINE_HEIGHT = 20
ARROW = 30
TEXT_WIDTH = BOX_WIDTH - 2 * PADDING


@dataclass(frozen=True)
class Step:
    title: str
    description: str = ""
    time_limit: str = ""


def char_width(ch: str, size: float) -> float:
    """Approximate advance of one character: CJK and full-width characters are one em wide,
    others about half."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return size
    return size * 0.55


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (explicit line breaks kept). Latin
    words stay whole where they fit on a line; Chinese text breaks between any two
    characters, but closing punctuation never starts a line (it hangs at the end of the
    line before, as Chinese typesetting does)."""
    lines: list[str] = []
    for paragraph in (text or "").splitlines():
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        line, used = "", 0.0
        for token in _tokens(paragraph):
            w = _width(token, size)
            if used + w <= width:
                line, used = line + token, used + w
            elif line and token[0] in _NO_LINE_START and len(token) == 1:
                line += token  # hanging punctuation
            elif w > width:  # longer than a line: split it where it must be
                for ch in token:
                    cw = _width(ch, size)
                    if used + cw > width and line:
                        lines.append(line.rstrip())
                        line, used = "", 0.0
                    line, used = line + ch, used + cw
            else:
                lines.append(line.rstrip())
                line, used = token, w
        if line.strip():
            lines.append(line.rstrip())
    return lines


def _width(text: str, size: float) -> float:
    return sum(char_width(ch, size) for ch in text)


_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)")


def _tokens(text: str) -> list[str]:
    """Latin words (with their trailing space) as one token, every other character alone."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        if ch.isspace():
            if tokens:
                tokens[-1] += " "
            continue
        tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


@dataclass
class _Box:
    y: float
    height: float
    title_lines: list[str]
    text_lines: list[str]


def _layout(steps: Sequence[Step]) -> tuple[list[_Box], float]:
    boxes: list[_Box] = []
    y = float(MARGIN)
    for number, step in enumerate(steps, start=1):
        title = f"{number}. {step.title}"
        title_lines = wrap(title, TEXT_WIDTH, TITLE_SIZE)
        body = step.description
        if step.time_limit:
            body = (
                body + "\n" + _("Time: %(limit)s") % {"limit": step.time_limit}
                if body
                else _("Time: %(limit)s") % {"limit": step.time_limit}
            )
        text_lines = wrap(body, TEXT_WIDTH, FONT_SIZE)
        height = 2 * PADDING + LINE_HEIGHT * (len(title_lines) + len(text_lines))
        boxes.append(_Box(y, height, title_lines, text_lines))
        y += height + ARROW
    total = (y - ARROW + MARGIN) if boxes else 2 * MARGIN
    return boxes, total


def description(steps: Iterable[Step]) -> str:
    """The text alternative: every step in order."""
    return _("Steps: %(steps)s.") % {
        "steps": "；".join(f"{n}. {s.title}" for n, s in enumerate(steps, start=1))
    }


def flowchart_svg(
    steps: Sequence[Step], *, chart_id: str = "flowchart", title: str = ""
) -> SafeString:
    """The flowchart of ``steps`` as an ``<svg>`` element (every text escaped)."""
    boxes, height = _layout(steps)
    title = title or _("Flowchart of the procedure")
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {height:g}" width="100%" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'font-family="Noto Sans CJK SC, Noto Serif CJK SC, sans-serif">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description(steps))}</desc>',
    ]
    cx = WIDTH / 2
    for i, box in enumerate(boxes):
        out.append(
            f'<rect class="flowchart-box" x="{MARGIN}" y="{box.y:g}" width="{BOX_WIDTH}" '
            f'height="{box.height:g}" rx="8" fill="#f3f7fb" stroke="#0b4f8a" stroke-width="2"/>'
        )
        line_y = box.y + PADDING + LINE_HEIGHT * 0.75
        for text in box.title_lines:
            out.append(
                f'<text class="flowchart-title" x="{cx:g}" y="{line_y:g}" text-anchor="middle" '
                f'font-size="{TITLE_SIZE}" font-weight="bold" fill="#0b2f52">{escape(text)}</text>'
            )
            line_y += LINE_HEIGHT
        for text in box.text_lines:
            out.append(
                f'<text class="flowchart-text" x="{MARGIN + PADDING}" y="{line_y:g}" '
                f'font-size="{FONT_SIZE}" fill="#1f2328">{escape(text)}</text>'
            )
            line_y += LINE_HEIGHT
        if i + 1 < len(boxes):
            top = box.y + box.height
            bottom = top + ARROW
            out.append(
                f'<line class="flowchart-arrow" x1="{cx:g}" y1="{top + 2:g}" x2="{cx:g}" '
                f'y2="{bottom - 9:g}" stroke="#0b4f8a" stroke-width="2"/>'
                f'<polygon class="flowchart-arrowhead" points="{cx - 6:g},{bottom - 10:g} '
                f'{cx + 6:g},{bottom - 10:g} {cx:g},{bottom - 1:g}" fill="#0b4f8a"/>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text above is escaped
