"""Charts of the statistics page, as geometry for server-rendered inline SVG.

Each function returns a dataclass whose numbers the templates
``supervision/stats/_chart_*.svg.html`` write out as SVG attributes (no inline style, no
script: the site's content security policy allows neither, and the chart must print). Every
bar carries its value and label as text, segments of the stacked bar are told apart by a
pattern as well as a colour, and the data table beside each chart holds the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 640
# Fills of the stacked bar's segments: a colour and a pattern each, so that a grey print
# still tells them apart ("solid", "hatch", "dots", "cross", "hlines", "vlines").
SEGMENT_STYLES = [
    ("#0b4f8a", "solid"),
    ("#4f86b8", "hatch"),
    ("#b8232f", "dots"),
    ("#9a6700", "cross"),
    ("#57606a", "hlines"),
    ("#1a7f37", "vlines"),
]


@dataclass(frozen=True)
class Datum:
    label: str
    value: int
    url: str = ""
    long_label: str = ""  # the full label where ``label`` is shortened


def nice_ticks(maximum: float, count: int = 4, *, whole: bool = True) -> list[float]:
    """Round tick values from 0 to at least ``maximum`` (0, 5, 10 …; for fractions, with
    ``whole`` false, 0, 0.2, 0.4 …)."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:  # counts: whole steps
        step = max(1, math.ceil(step))
    ticks = [0.0]
    while ticks[-1] < maximum:
        ticks.append(round(ticks[-1] + step, 10))
    return [int(t) if float(t).is_integer() else t for t in ticks]


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Bar:
    datum: Datum
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_y: float


@dataclass
class Tick:
    value: float
    y: float


@dataclass
class ColumnChart:
    """Vertical bars, e.g. one per month."""

    chart_id: str
    title: str
    description: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    empty: bool


def column_chart(
    chart_id: str, title: str, description: str, data: list[Datum], *, height: int = 240
) -> ColumnChart:
    left, right, top, bottom = 44.0, 12.0, 22.0, 34.0
    plot_w = WIDTH - left - right
    plot_h = height - top - bottom
    ticks = nice_ticks(max((d.value for d in data), default=0))
    scale = ticks[-1] or 1
    slot = plot_w / max(1, len(data))
    bar_w = min(48.0, slot * 0.62)
    baseline = top + plot_h
    bars = []
    for i, d in enumerate(data):
        h = plot_h * d.value / scale
        cx = left + slot * i + slot / 2
        bars.append(
            Bar(
                datum=d,
                x=round(cx - bar_w / 2, 1),
                y=round(baseline - h, 1),
                width=round(bar_w, 1),
                height=round(h, 1),
                label_x=round(cx, 1),
                label_y=round(baseline + 18, 1),
                value_y=round(baseline - h - 5, 1),
            )
        )
    return ColumnChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        plot_left=left,
        plot_right=WIDTH - right,
        baseline=baseline,
        bars=bars,
        ticks=[Tick(value=t, y=round(baseline - plot_h * t / scale, 1)) for t in ticks],
        empty=not any(d.value for d in data),
    )


@dataclass
class BarChart:
    """Horizontal bars with the label on the left, e.g. one per catalog category."""

    chart_id: str
    title: str
    description: str
    width: int
    height: int
    label_right: float
    bars: list[Bar]
    empty: bool


def bar_chart(
    chart_id: str, title: str, description: str, data: list[Datum], *, label_chars: int = 12
) -> BarChart:
    row_h, top, label_w, value_w = 24.0, 6.0, 190.0, 56.0
    plot_w = WIDTH - label_w - value_w
    scale = max((d.value for d in data), default=0) or 1
    bars = []
    for i, d in enumerate(data):
        y = top + row_h * i
        w = plot_w * d.value / scale
        short = shorten(d.label, label_chars)
        datum = Datum(label=short, value=d.value, url=d.url, long_label=d.label)
        bars.append(
            Bar(
                datum=datum,
                x=label_w,
                y=round(y + 4, 1),
                width=round(w, 1),
                height=row_h - 8,
                label_x=label_w - 8,
                label_y=round(y + row_h / 2 + 5, 1),
                value_y=round(label_w + w + 6, 1),  # x of the value text
            )
        )
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=int(top * 2 + row_h * max(1, len(data))),
        label_right=label_w - 8,
        bars=bars,
        empty=not any(d.value for d in data),
    )


@dataclass
class Segment:
    datum: Datum
    x: float
    width: float
    colour: str
    pattern: str
    percent: str
    show_text: bool
    text_x: float
    legend_y: float


@dataclass
class StackedBar:
    """One bar split into parts of a whole, e.g. the outcome groups of the replies."""

    chart_id: str
    title: str
    description: str
    width: int
    height: int
    bar_y: float
    bar_height: float
    segments: list[Segment] = field(default_factory=list)
    empty: bool = False
    total: int = 0


def stacked_bar(chart_id: str, title: str, description: str, data: list[Datum]) -> StackedBar:
    left, bar_y, bar_h, legend_top, line_h = 4.0, 6.0, 34.0, 62.0, 22.0
    plot_w = WIDTH - 2 * left
    total = sum(d.value for d in data)
    segments = []
    x = left
    for i, d in enumerate(data):
        colour, pattern = SEGMENT_STYLES[i % len(SEGMENT_STYLES)]
        w = plot_w * d.value / total if total else 0
        share = d.value / total if total else 0
        segments.append(
            Segment(
                datum=d,
                x=round(x, 1),
                width=round(w, 1),
                colour=colour,
                pattern=pattern,
                percent=f"{share:.0%}",
                show_text=w >= 44,
                text_x=round(x + w / 2, 1),
                legend_y=legend_top + line_h * i,
            )
        )
        x += w
    return StackedBar(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=int(legend_top + line_h * len(data)),
        bar_y=bar_y,
        bar_height=bar_h,
        segments=segments,
        empty=total == 0,
        total=total,
    )
