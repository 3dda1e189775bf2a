"""The report as HTML fragments: the three tables (the body of the catalog item), and the whole
report (the public page and the source of the PDF).

Only the tags and attributes ``gongkai.catalog.html.sanitize`` keeps are used, written the way
it writes them, so a fragment comes out of the sanitiser unchanged: no classes or styles, every
table with an explicit ``<thead>``/``<tbody>``, text escaped. Column widths travel as
``<col width>``; the look comes from the page's style sheet (or the PDF's).
"""

from __future__ import annotations

from html import escape

from gongkai.reports import layout
from gongkai.reports.document import ReportDocument
from gongkai.reports.rendering.tables import Grid, notices, paragraphs, report_parts


def _text(text: str) -> str:
    return escape(text, quote=False)


def _cell(cell) -> str:
    attrs = []
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.header:
        tag = "th"
        attrs.append('scope="colgroup"' if cell.colspan > 1 else 'scope="col"')
    elif cell.numeric:
        tag = "td"
        attrs.append('align="center"')
    else:  # a row label
        tag = "th"
        attrs.append('scope="row"')
        attrs.append('align="left"')
    opening = f"<{tag} {' '.join(attrs)}>" if attrs else f"<{tag}>"
    return f"{opening}{_text(cell.text)}</{tag}>"


def grid_html(grid: Grid, *, caption: bool = True) -> str:
    total = sum(grid.widths)
    percents = [round(w / total * 100, 1) for w in grid.widths[:-1]]
    percents.append(round(100 - sum(percents), 1))  # the rounding must not add up past 100 %
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{_text(grid.caption)}</caption>")
    parts.append("<colgroup>")
    parts.extend(f'<col width="{p:g}%">' for p in percents)
    parts.append("</colgroup>")
    rows = grid.rows()
    if grid.header_rows:
        parts.append("<thead>")
        for row in rows[: grid.header_rows]:
            parts.append("<tr>" + "".join(_cell(c) for c in row) + "</tr>")
        parts.append("</thead>")
    parts.append("<tbody>")
    for row in rows[grid.header_rows :]:
        parts.append("<tr>" + "".join(_cell(c) for c in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _paragraph(text: str) -> str:
    return "<p>" + "<br>".join(_text(line) for line in text.split("\n")) + "</p>"


def render_tables_html(doc: ReportDocument) -> str:
    """The three official tables, each followed by its comparison with last year when known."""
    out = []
    for part in report_parts(doc):
        out.append(grid_html(part.grid))
        if part.comparison is not None:
            out.append(grid_html(part.comparison))
    return "".join(out)


def notices_html(doc: ReportDocument) -> str:
    """The draft mark and the correction note shown under the title."""
    return "".join(
        f"<p><strong>{_text(label)}</strong>：{_text(text)}</p>" for label, text in notices(doc)
    )


def render_report_html(doc: ReportDocument) -> str:
    """The whole report: the title, the notices, the six parts with the tables in 二–四."""
    parts = {part.section: part for part in report_parts(doc)}
    out = [f"<h2>{_text(doc.title)}</h2>", notices_html(doc)]
    for key, heading in layout.SECTIONS:
        out.append(f"<h3>{_text(heading)}</h3>")
        out.extend(_paragraph(p) for p in paragraphs(doc.sections.get(key, "")))
        part = parts.get(key)
        if part is not None:
            out.append(grid_html(part.grid, caption=False))
            if part.comparison is not None:
                out.append(grid_html(part.comparison))
    return "".join(out)
