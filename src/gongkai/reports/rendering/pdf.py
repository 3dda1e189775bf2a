"""The annual report as PDF: ``render_report_html`` printed by WeasyPrint on A4.

The fonts are the letters' (``applications.documents.PDF_FONTS``: Debian's Noto Serif CJK SC
for the text, Noto Sans CJK SC for headings). The tables are set in 9 pt with fixed column
widths taken from the HTML's ``<col width>``, so Table 2 (three label columns and seven
numbers) fits the 174 mm between the margins; heading rows repeat when a table runs over a
page (kept whole when it fits one) and no row is split. A draft has "草稿" in the page header and a faint watermark on
every page.
"""

from __future__ import annotations

from html import escape

from gongkai.applications.documents import PDF_FONTS
from gongkai.reports.document import ReportDocument
from gongkai.reports.rendering.html import render_report_html

HEADING_FONTS = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'

PRINT_CSS = f"""
@page {{
  size: A4;
  margin: 25mm 18mm 22mm 18mm;
  @bottom-center {{
    content: "— " counter(page) " —";
    font-family: {PDF_FONTS};
    font-size: 11pt;
  }}
}}
html {{ font-family: {PDF_FONTS}; font-size: 14pt; line-height: 25pt; color: #000; }}
body {{ margin: 0; }}
h2 {{
  font-size: 21pt; line-height: 31pt; font-weight: bold; text-align: center;
  margin: 0 0 16pt;
}}
h3 {{
  font-family: {HEADING_FONTS}; font-size: 15pt; font-weight: bold;
  margin: 12pt 0 4pt; break-after: avoid;
}}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
table {{
  width: 100%; table-layout: fixed; border-collapse: collapse;
  font-size: 9pt; line-height: 12.5pt; margin: 6pt 0 12pt; break-inside: avoid;
}}
caption {{
  caption-side: top; font-family: {HEADING_FONTS}; font-size: 10.5pt; font-weight: bold;
  line-height: 15pt; padding-bottom: 4pt; text-align: center; break-after: avoid;
}}
th, td {{
  border: 0.6pt solid #000; padding: 2pt 2.5pt; vertical-align: middle;
  text-align: center; font-weight: normal; word-break: break-all;
}}
thead th, th[scope="col"], th[scope="colgroup"] {{ font-weight: bold; }}
th[scope="row"] {{ text-align: left; }}
tr {{ break-inside: avoid; }}
"""

DRAFT_CSS = f"""
@page {{
  @top-center {{
    content: "草稿 · 未发布"; font-family: {HEADING_FONTS}; font-size: 11pt; color: #c00000;
  }}
}}
.watermark {{
  position: fixed; top: 105mm; left: 0; right: 0; text-align: center;
  font-family: {HEADING_FONTS}; font-size: 110pt; line-height: 110pt; font-weight: bold;
  color: rgba(192, 0, 0, 0.10); transform: rotate(-30deg);
}}
"""


def report_page_html(doc: ReportDocument) -> str:
    """The printable page: the report's HTML with the print style sheet."""
    css = PRINT_CSS + (DRAFT_CSS if doc.draft else "")
    watermark = '<div class="watermark" aria-hidden="true">草稿</div>' if doc.draft else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{css}</style></head><body>"
        f"{watermark}{render_report_html(doc)}</body></html>"
    )


def render_pdf(doc: ReportDocument) -> bytes:
    """The report as PDF bytes (reads no database)."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s at start-up

    return HTML(string=report_page_html(doc)).write_pdf(presentational_hints=True)
