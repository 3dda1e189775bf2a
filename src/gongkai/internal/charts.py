"""Stacked columns (one per month, split by kind of spending) as geometry for a
server-rendered inline SVG (``internal/staff/_chart_stacked_columns.html``).

Like the statistics' charts (``supervision.stats.charts``, whose tick rule and fills it uses):
no script and no inline style, every column with its total as text, the segments told apart
by a pattern as well as a colour, and a table with the same figures beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gongkai.supervision.stats.charts import SEGMENT_STYLES, nice_ticks

WIDTH = 640


@dataclass
class ColumnData:
    label: str
    values: dict[str, Decimal]  # segment key → amount
    present: bool = True  # False: nothing was posted for this column
    url: str = ""


@dataclass
class Piece:
    key: str
    label: str
    value: Decimal
    y: float
    height: float
    pattern: int  # 1-based index of the legend entry (its fill)


@dataclass
class Column:
    label: str
    x: float
    width: float
    label_x: float
    label_y: float
    value_y: float
    total_text: str
    pieces: list[Piece]
    present: bool
    url: str


@dataclass
class LegendEntry:
    key: str
    label: str
    colour: str
    pattern: str
    x: float
    y: float


@dataclass
class Tick:
    text: str
    y: float


@dataclass
class StackedColumns:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    baseline: float
    columns: list[Column]
    ticks: list[Tick]
    legend: list[LegendEntry]
    empty: bool


def whole_yuan(value: Decimal | float) -> str:
    return f"{round(value):,}"


def stacked_columns(
    chart_id: str,
    title: str,
    description: str,
    segments: list[tuple[str, str]],
    data: list[ColumnData],
    *,
    plot_height: int = 220,
) -> StackedColumns:
    """Columns of ``data`` stacked in the order of ``segments`` ((key, label) pairs)."""
    left, right, top = 64.0, 8.0, 22.0
    plot_w = WIDTH - left - right
    totals = [sum(d.values.values(), Decimal(0)) for d in data]
    ticks = nice_ticks(float(max(totals, default=0)))
    scale = float(ticks[-1]) or 1.0
    baseline = top + plot_height
    slot = plot_w / max(1, len(data))
    bar_w = min(30.0, slot * 0.62)
    columns = []
    for i, (d, total) in enumerate(zip(data, totals, strict=True)):
        cx = left + slot * i + slot / 2
        y = baseline
        pieces = []
        for index, (key, label) in enumerate(segments, start=1):
            value = d.values.get(key) or Decimal(0)
            if value <= 0:
                continue
            h = plot_height * float(value) / scale
            y -= h
            pieces.append(Piece(key, label, value, round(y, 1), round(h, 1), index))
        columns.append(
            Column(
                label=d.label,
                x=round(cx - bar_w / 2, 1),
                width=round(bar_w, 1),
                label_x=round(cx, 1),
                label_y=round(baseline + 16, 1),
                value_y=round(y - 5, 1),
                total_text=whole_yuan(total) if d.present else "—",
                pieces=pieces,
                present=d.present,
                url=d.url,
            )
        )
    legend_top = baseline + 34
    legend = []
    per_line = 2
    for index, (key, label) in enumerate(segments):
        colour, pattern = SEGMENT_STYLES[index % len(SEGMENT_STYLES)]
        legend.append(
            LegendEntry(
                key=key,
                label=label,
                colour=colour,
                pattern=pattern,
                x=4 + (index % per_line) * (WIDTH / per_line),
                y=legend_top + (index // per_line) * 22,
            )
        )
    lines = (len(segments) + per_line - 1) // per_line
    return StackedColumns(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=int(legend_top + lines * 22 + 4),
        plot_left=left,
        plot_right=WIDTH - right,
        baseline=baseline,
        columns=columns,
        ticks=[
            Tick(text=whole_yuan(t), y=round(baseline - plot_height * float(t) / scale, 1))
            for t in ticks
        ],
        legend=legend,
        empty=not any(totals),
    )
