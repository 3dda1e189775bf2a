"""Notice-board posters (公开栏): public items as A4 or A3 PDF sheets for the physical boards
in the agency's hall or the village's 公开栏, each with a QR code to the online version.

A poster shows the issuing agency (in red, as a 公文 header), the title, 索引号, 文号 and the
publish date, the text, the attachments by name, and at the foot of every page the QR code of
the item's page with its URL printed beside it. Type is large enough to read standing in
front of a board (16 pt text on A4, 23 pt on A3). A long text either continues on further
sheets ("continue") or is cut to one sheet with "全文请扫码查看" ("cut"). A set prints a cover
with the contents (page numbers included) and then one item per sheet.

Rendering is pure (no database): ``Poster`` values in, PDF bytes out, with WeasyPrint and
Debian's Noto CJK fonts as the reply letters use.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from gongkai.catalog.qr import qr_svg
from gongkai.core.dates import format_cn_date

SANS = '"Noto Sans CJK SC", sans-serif'  # titles: 黑体-like, legible from a distance
SERIF = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'  # text: standing in for 仿宋
CUT, CONTINUE = "cut", "continue"
FITS = (CUT, CONTINUE)
# Characters of precision when cutting a text to one sheet (each try is one layout).
CUT_PRECISION = 12


@dataclass(frozen=True)
class PosterSize:
    name: str
    margin: str  # top right bottom left
    footer_mm: int  # height of the QR band at the foot of each page
    qr_mm: int
    agency_pt: int
    title_pt: int
    meta_pt: int
    body_pt: int
    small_pt: int


SIZES = {
    "A4": PosterSize("A4", "18mm 18mm 50mm 18mm", 38, 34, 20, 26, 13, 16, 11),
    "A3": PosterSize("A3", "25mm 25mm 70mm 25mm", 54, 48, 28, 38, 18, 23, 15),
}


@dataclass(frozen=True)
class Poster:
    """What one poster shows (built from an item by ``poster_for``)."""

    title: str
    agency_name: str
    published_on: dt.date | None
    index_number: str
    doc_number: str
    paragraphs: tuple[str, ...]
    attachments: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class Cover:
    """The first page of a set: what was chosen and when it was printed."""

    heading: str
    lines: tuple[str, ...]  # e.g. the agency, the column, the date range
    printed_on: dt.date


def poster_for(item, *, url: str) -> Poster:
    """The poster of ``item`` (an ``Item`` with its agency and attachments loaded)."""
    text = (item.body_text or "").strip() or (item.summary or "").strip()
    paragraphs = tuple(line.strip() for line in text.splitlines() if line.strip())
    return Poster(
        title=item.title,
        agency_name=item.agency.name,
        published_on=item.published_date,
        index_number=item.index_number or "",
        doc_number=item.doc_number or "",
        paragraphs=paragraphs,
        attachments=tuple(a.name for a in item.attachments.all()),
        url=url,
    )


# --- HTML -------------------------------------------------------------------------------------


def _labels() -> dict[str, str]:
    """The poster's fixed words in the active language, escaped for HTML."""
    words = {
        "page": _("Page no."),
        "scan": _("Scan the code to read it online"),
        "authoritative": _("The version published online is authoritative."),
        "cut": _("…… (The full text: scan the code.)"),
        "attachments": _("Attachments:"),
        "index": _("Index number"),
        "date": _("Date published"),
        "doc": _("Document number"),
        "no": _("No."),
        "title": _("Title"),
        "agency": _("Issuing agency"),
    }
    return {key: escape(value) for key, value in words.items()}


def _page_counter() -> str:
    """CSS ``content`` for "Page 2 of 4" in the active language (第2页／共4页)."""
    text = _("Page %(page)s of %(pages)s")
    out = []
    for piece in re.split(r"(%\((?:page|pages)\)s)", text):
        if piece == "%(page)s":
            out.append("counter(page)")
        elif piece == "%(pages)s":
            out.append("counter(pages)")
        elif piece:
            out.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


def _css(size: PosterSize) -> str:
    return f"""
@page {{
  size: {size.name};
  margin: {size.margin};
  @bottom-center {{ content: element(qr); vertical-align: top; width: 100%; }}
  @top-left {{
    content: string(title); width: 75%;
    font-family: {SANS}; font-size: {size.small_pt}pt; color: #444;
  }}
  @top-right {{
    content: {_page_counter()};
    font-family: {SANS}; font-size: {size.small_pt}pt; color: #444;
  }}
}}
@page :first {{ @top-left {{ content: none; }} @top-right {{ content: none; }} }}
@page cover {{
  @bottom-center {{ content: none; }} @top-left {{ content: none; }}
  @top-right {{ content: none; }}
}}
html {{ font-family: {SERIF}; font-size: {size.body_pt}pt; line-height: 1.65; color: #000; }}
body {{ margin: 0; }}
.agency {{
  font-family: {SANS}; font-weight: bold; font-size: {size.agency_pt}pt; color: #c00;
  text-align: center; letter-spacing: 0.08em; line-height: 1.3;
  border-bottom: 1.5pt solid #c00; padding-bottom: 3mm; margin: 0 0 5mm;
}}
h1 {{
  font-family: {SANS}; font-weight: bold; font-size: {size.title_pt}pt; line-height: 1.35;
  text-align: center; margin: 0 0 4mm; string-set: title content();
}}
table.meta {{
  width: 100%; border-collapse: collapse; margin: 0 0 6mm;
  font-family: {SANS}; font-size: {size.meta_pt}pt; line-height: 1.4;
}}
table.meta th, table.meta td {{ border: 0.75pt solid #999; padding: 1mm 2mm; text-align: left; }}
table.meta th {{ background: #f0f0f0; font-weight: normal; white-space: nowrap; width: 1%; }}
.text p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.text p.cut {{ text-indent: 0; text-align: center; font-family: {SANS}; font-weight: bold;
  margin-top: 3mm; }}
.attachments {{ margin-top: 5mm; font-family: {SANS}; font-size: {size.meta_pt}pt; }}
.attachments ol {{ margin: 1mm 0 0 2em; padding: 0; }}
.qr {{
  position: running(qr); display: flex; align-items: center; gap: 5mm;
  border-top: 0.75pt solid #888; padding-top: 3mm; height: {size.footer_mm - 4}mm;
  font-family: {SANS}; font-size: {size.small_pt}pt; line-height: 1.4;
}}
.qr img {{ width: {size.qr_mm}mm; height: {size.qr_mm}mm; flex: none; }}
.qr strong {{ font-size: {size.meta_pt}pt; }}
.qr .url {{ word-break: break-all; }}
.cover {{ page: cover; }}
.cover h1 {{ font-size: {size.title_pt + 4}pt; margin: 20mm 0 6mm; }}
.cover .lines {{ text-align: center; font-family: {SANS}; font-size: {size.meta_pt + 2}pt; }}
.cover table {{ width: 100%; border-collapse: collapse; margin-top: 8mm; table-layout: fixed;
  font-family: {SANS}; font-size: {size.small_pt + 1}pt; line-height: 1.4; }}
.cover th, .cover td {{ border: 0.75pt solid #555; padding: 1.5mm 2mm; vertical-align: top; }}
.cover th {{ background: #eee; }}
.cover td {{ overflow-wrap: anywhere; }}
.cover td.n, .cover td.page {{ text-align: center; }}
.cover col.c-n {{ width: 7%; }} .cover col.c-title {{ width: 35%; }} .cover col.c-agency {{ width: 15%; }}
.cover col.c-date {{ width: 16%; }} .cover col.c-index {{ width: 20%; }} .cover col.c-page {{ width: 7%; }}
"""


def _qr_img(url: str) -> str:
    data = base64.b64encode(qr_svg(url).encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" alt="">'


def _document(size: PosterSize, title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_css(size)}</style></head>"
        f"<body>{body}</body></html>"
    )


def poster_html(poster: Poster, size: PosterSize, *, keep: int | None = None) -> str:
    """The HTML of one poster; ``keep`` cuts the text after that many characters."""
    t = _labels()
    paragraphs, cut = _cut(poster.paragraphs, keep)
    parts = [
        f'<div class="qr">{_qr_img(poster.url)}<div><strong>'
        f"{t['scan']}</strong><br>"
        f'<span class="url">{escape(poster.url)}</span><br>'
        f"{t['authoritative']}</div></div>",
        f'<div class="agency">{escape(poster.agency_name)}</div>',
        f"<h1>{escape(poster.title)}</h1>",
        _meta_table(poster),
        '<div class="text">' + "".join(f"<p>{escape(p)}</p>" for p in paragraphs),
    ]
    if cut:
        parts.append(f'<p class="cut">{t["cut"]}</p>')
    parts.append("</div>")
    if poster.attachments and not cut:
        parts.append(
            f'<div class="attachments">{t["attachments"]}<ol>'
            + "".join(f"<li>{escape(name)}</li>" for name in poster.attachments)
            + "</ol></div>"
        )
    elif poster.attachments:
        parts.append(
            '<div class="attachments">'
            + escape(
                _("Attachments (%(n)d): see the online version.") % {"n": len(poster.attachments)}
            )
            + "</div>"
        )
    return _document(size, poster.title, "".join(parts))


def _meta_table(poster: Poster) -> str:
    """索引号 on the first row, 文号 and 发布日期 on the second (文号 only when there is one)."""
    t = _labels()
    index = f'<tr><th>{t["index"]}</th><td colspan="3">{escape(poster.index_number)}</td></tr>'
    label = f"<th>{t['date']}</th>"
    date = escape(format_cn_date(poster.published_on))
    if poster.doc_number:
        second = (
            f"<tr><th>{t['doc']}</th><td>{escape(poster.doc_number)}</td>"
            f"{label}<td>{date}</td></tr>"
        )
    else:
        second = f'<tr>{label}<td colspan="3">{date}</td></tr>'
    return f'<table class="meta">{index}{second}</table>'


def _cut(paragraphs: Sequence[str], keep: int | None) -> tuple[list[str], bool]:
    """The first ``keep`` characters of the text as paragraphs, ended at a sentence where
    one ends close by; whether anything was left out."""
    if keep is None or keep >= sum(len(p) for p in paragraphs):
        return list(paragraphs), False
    out: list[str] = []
    left = keep
    for paragraph in paragraphs:
        if left <= 0:
            break
        if len(paragraph) <= left:
            out.append(paragraph)
            left -= len(paragraph)
            continue
        piece = paragraph[:left]
        stop = max(piece.rfind(mark) for mark in "。；！？")
        if stop >= len(piece) - 40 and stop > 0:
            piece = piece[: stop + 1]
        out.append(piece)
        break
    return out, True


def cover_html(cover: Cover, rows: Sequence[tuple[Poster, int]], size: PosterSize) -> str:
    """The cover of a set: heading, what was chosen, and the contents with start pages."""
    t = _labels()
    cols = "".join(
        f'<col class="c-{c}">' for c in ("n", "title", "agency", "date", "index", "page")
    )
    head = (
        f"<tr><th>{t['no']}</th><th>{t['title']}</th>"
        f"<th>{t['agency']}</th><th>{t['date']}</th>"
        f"<th>{t['index']}</th><th>{t['page']}</th></tr>"
    )
    body = "".join(
        f'<tr><td class="n">{n}</td><td>{escape(p.title)}</td><td>{escape(p.agency_name)}</td>'
        f'<td class="date">{escape(format_cn_date(p.published_on))}</td>'
        f'<td>{escape(p.index_number)}</td><td class="page">{page}</td></tr>'
        for n, (p, page) in enumerate(rows, start=1)
    )
    lines = [*cover.lines, _("Printed on %(date)s") % {"date": format_cn_date(cover.printed_on)}]
    html = (
        f'<div class="cover"><h1>{escape(cover.heading)}</h1><div class="lines">'
        + "".join(f"<div>{escape(line)}</div>" for line in lines)
        + f"</div><table><colgroup>{cols}</colgroup><thead>{head}</thead><tbody>{body}</tbody></table></div>"
    )
    return _document(size, cover.heading, html)


# --- PDF --------------------------------------------------------------------------------------


def _render(html: str, fonts=None):
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s at start-up

    return HTML(string=html).render(font_config=fonts)


def _first_page_text(document) -> tuple[int, int] | None:
    """(characters of the text paragraphs on the first page, the longest line's), read from
    the layout; None when this WeasyPrint lays pages out differently."""
    try:
        from weasyprint.formatting_structure import boxes

        root = document.pages[0]._page_box
        lines = [
            sum(len(t.text) for t in line.descendants() if isinstance(t, boxes.TextBox))
            for line in root.descendants()
            if isinstance(line, boxes.LineBox) and line.element_tag == "p"
        ]
    except (AttributeError, ImportError, IndexError):
        return None
    return (sum(lines), max(lines)) if lines else None


def render_poster(poster: Poster, size: PosterSize, *, fit: str = CUT, fonts=None):
    """The laid-out poster (a WeasyPrint document): all of the text on as many pages as it
    needs (``continue``), or cut to fit one page (``cut``). The cut starts from what the
    full layout put on the first page less three lines (for the "scan the code" note), and
    steps back a line at a time until one page holds it: two or three layouts in all."""
    document = _render(poster_html(poster, size), fonts)
    if fit == CONTINUE or len(document.pages) <= 1:
        return document
    measured = _first_page_text(document)
    if measured is None:
        return _cut_by_search(poster, size, fonts)
    on_first, line = measured
    keep = max(on_first - 3 * line, 0)
    for _attempt in range(12):
        attempt = _render(poster_html(poster, size, keep=keep), fonts)
        if len(attempt.pages) <= 1 or keep == 0:
            return attempt
        keep = max(keep - line, 0)
    return _cut_by_search(poster, size, fonts)


def _cut_by_search(poster: Poster, size: PosterSize, fonts):
    """The longest cut that fits one page, by bisection over the characters kept."""
    lo, hi = 0, sum(len(p) for p in poster.paragraphs)
    best = None
    while hi - lo > CUT_PRECISION:
        mid = (lo + hi) // 2
        attempt = _render(poster_html(poster, size, keep=mid), fonts)
        if len(attempt.pages) <= 1:
            lo, best = mid, attempt
        else:
            hi = mid
    return best if best is not None else _render(poster_html(poster, size, keep=lo), fonts)


def render_pdf(
    posters: Sequence[Poster], *, size: str = "A4", fit: str = CUT, cover: Cover | None = None
) -> bytes:
    """One poster, or a set (one item per sheet, after ``cover`` when given), as PDF bytes."""
    from weasyprint.text.fonts import FontConfiguration

    page_size = SIZES[size]
    fonts = FontConfiguration()
    documents = [render_poster(p, page_size, fit=fit, fonts=fonts) for p in posters]
    pages = [page for document in documents for page in document.pages]
    if cover is not None:
        rows = [(p, 0) for p in posters]
        first = _render(cover_html(cover, rows, page_size), fonts)
        start, rows = len(first.pages) + 1, []
        for poster, document in zip(posters, documents, strict=True):
            rows.append((poster, start))
            start += len(document.pages)
        cover_document = _render(cover_html(cover, rows, page_size), fonts)
        pages = list(cover_document.pages) + pages
        documents.insert(0, cover_document)
    if not documents:
        raise ValueError("Nothing to print.")
    return documents[0].copy(pages).write_pdf()
