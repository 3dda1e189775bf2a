"""The annual report as files and HTML: DOCX, XLSX, PDF and HTML fragments.

Every renderer is a pure function of a ``ReportDocument`` (no database, no clock). The three
official tables and their "与上年对比" companions are laid out once, as grids of cells with
their spans (``tables``), and each format draws those grids, so the four outputs agree cell for
cell.
"""

from __future__ import annotations

FORMATS = ("json", "docx", "xlsx", "pdf", "html")


def render(doc, fmt: str) -> bytes:
    """The report in one of ``FORMATS`` as bytes (HTML: the whole printable page)."""
    if fmt == "json":
        import json

        return (json.dumps(doc.figures, ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "html":
        from gongkai.reports.rendering.pdf import report_page_html

        return report_page_html(doc).encode()
    if fmt == "docx":
        from gongkai.reports.rendering.docx import render_docx

        return render_docx(doc)
    if fmt == "xlsx":
        from gongkai.reports.rendering.xlsx import render_xlsx

        return render_xlsx(doc)
    if fmt == "pdf":
        from gongkai.reports.rendering.pdf import render_pdf

        return render_pdf(doc)
    raise ValueError(f"Unknown report format {fmt!r}")
