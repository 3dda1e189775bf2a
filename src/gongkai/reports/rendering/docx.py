"""The annual report as a Word document (python-docx), laid out like the official format.

A4 portrait. The title in 宋体 22 pt bold, the part headings (一、总体情况 …) in 黑体 16 pt, the
text in 仿宋 16 pt on a 28 pt line as in official documents; the tables in 宋体 9 pt (小五) so
that Table 2, a label area three columns wide and seven number columns, fits the 170 mm text
width. Merged cells follow ``tables``; a table is kept on one page when it fits, its heading rows repeat when it runs over;
rows never break across pages. A draft carries "草稿" in the page header; a correction carries
its reason under the title. Chinese text takes its font from ``w:eastAsia``, so every run sets
it.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from gongkai.reports import layout
from gongkai.reports.document import ReportDocument
from gongkai.reports.rendering.tables import Grid, notices, paragraphs, report_parts

TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
TEXT_WIDTH_MM = 170
RED = RGBColor(0xC0, 0x00, 0x00)


def _font(run, name: str, size: float, *, bold: bool = False, color=None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _lines(paragraph, text: str, font: str, size: float, *, bold: bool = False, color=None):
    """``text`` into ``paragraph``, a "\\n" as a line break."""
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if i:
            run.add_break()
        run.add_text(line)
        _font(run, font, size, bold=bold, color=color)


class _Writer:
    def __init__(self, doc: ReportDocument) -> None:
        self.doc = doc
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(30), Mm(25)
        section.left_margin = section.right_margin = Mm((210 - TEXT_WIDTH_MM) / 2)
        normal = self.document.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        self.document.core_properties.title = doc.title
        self._header_and_footer(section)

    def _header_and_footer(self, section) -> None:
        if self.doc.draft:
            p = section.header.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run("草稿 · 未发布"), HEADING_FONT, 12, bold=True, color=RED)
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run("— "), BODY_FONT, 12)
        run = p.add_run()
        _font(run, BODY_FONT, 12)
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._element.append(char)
            else:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._element.append(instr)
        _font(p.add_run(" —"), BODY_FONT, 12)

    def paragraph(
        self,
        text: str,
        *,
        font: str = BODY_FONT,
        size: float = 16,
        bold: bool = False,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: bool = True,
        line: float = 28,
        before: float = 0,
        after: float = 0,
        color=None,
    ):
        p = self.document.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(line)
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        p.alignment = align
        _lines(p, text, font, size, bold=bold, color=color)
        return p

    def table(self, grid: Grid) -> None:
        table = self.document.add_table(rows=grid.n_rows, cols=grid.n_cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(grid.widths)
        widths = [Mm(TEXT_WIDTH_MM * w / total) for w in grid.widths]
        for i, column in enumerate(table.columns):
            column.width = widths[i]
        # One pass over the grid: ``table.cell()`` walks the whole table on every call.
        flat = table._cells
        grid_cells = [flat[r * grid.n_cols : (r + 1) * grid.n_cols] for r in range(grid.n_rows)]
        for row in grid_cells:
            for i, cell in enumerate(row):
                cell.width = widths[i]
        for index, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if index < grid.header_rows:
                tr_pr.append(OxmlElement("w:tblHeader"))
        for cell in grid.cells:
            # Merged areas never overlap, so the cells outside one stay valid after merging it.
            target = grid_cells[cell.row][cell.col]
            if cell.rowspan > 1 or cell.colspan > 1:
                corner = grid_cells[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1]
                target = target.merge(corner)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = target.paragraphs[0]
            fmt = p.paragraph_format
            fmt.space_before = fmt.space_after = Pt(1)
            fmt.line_spacing = 1.0
            if cell.header or cell.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if cell.indent:
                fmt.left_indent = Pt(9)
            if cell.row + cell.rowspan < grid.n_rows:
                fmt.keep_with_next = True  # Word keeps the table on one page when it fits
            _lines(p, cell.text, TABLE_FONT, 9, bold=cell.header)

    def caption(self, text: str) -> None:
        p = self.paragraph(
            text,
            font=HEADING_FONT,
            size=12,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
            line=20,
            before=10,
            after=4,
        )
        p.paragraph_format.keep_with_next = True

    def write(self) -> bytes:
        doc = self.doc
        title = self.paragraph(
            doc.title,
            font=TITLE_FONT,
            size=22,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
            line=33,
            after=16,
        )
        title.paragraph_format.keep_with_next = True
        for label, text in notices(doc):
            self.paragraph(f"{label}：{text}", bold=True, color=RED if label == "草稿" else None)
        parts = {part.section: part for part in report_parts(doc)}
        for key, heading in layout.SECTIONS:
            h = self.paragraph(heading, font=HEADING_FONT, before=6)
            h.paragraph_format.keep_with_next = True
            for text in paragraphs(doc.sections.get(key, "")):
                # A line break inside a justified paragraph would stretch its line.
                align = WD_ALIGN_PARAGRAPH.LEFT if "\n" in text else WD_ALIGN_PARAGRAPH.JUSTIFY
                self.paragraph(text, align=align)
            part = parts.get(key)
            if part is not None:
                self.table(part.grid)
                if part.comparison is not None:
                    self.caption(part.comparison.caption)
                    self.table(part.comparison)
                self.paragraph("", line=14)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def render_docx(doc: ReportDocument) -> bytes:
    """The report as DOCX bytes (reads no database)."""
    return _Writer(doc).write()
