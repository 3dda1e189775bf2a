"""Reading an annual report from a file: our JSON form, our XLSX, or a DOCX in the official
layout (anybody's, as long as its tables carry the official labels).

``read_report(source, filename=...)`` gives the figures in the JSON form (``document.py``) and
the reading problems (an unrecognised row label, a cell that is not a number, a table not
found); ``check_file(source)`` adds the violations of ``check.check_figures``. The kind of file
is judged by its content, not its name. A file that cannot be read at all (empty, too large,
damaged, a legacy .doc/.xls, a PDF, no report tables in it) raises ``ReportReadError`` with a
message for the person who gave it. Nothing here touches the database.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from gongkai.reports import layout
from gongkai.reports.check import MISSING, TYPE, Violation, check_figures
from gongkai.reports.document import Figures
from gongkai.reports.tables_reader import (
    BAD_NUMBER,
    DUPLICATE,
    METADATA,
    MISSING_TABLE,
    TABLE2_LABELS,
    UNKNOWN_LABEL,
    Block,
    RCell,
    ReadProblem,
    TableReader,
    classify,
    key_text,
    parse_number,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_SHEET_ROWS = 1000
MAX_SHEET_COLUMNS = 60
TITLE = re.compile(r"^(?P<agency>.*?)(?P<year>(19|20)\d\d)年度?" + layout.REPORT_TITLE)
COMPARISON_CAPTION = re.compile(r"：与上年（\d{4}年）对比$")

JSON, XLSX, DOCX = "json", "xlsx", "docx"
TEXT_SHEET = "正文"


class ReportReadError(ValueError):
    """The file cannot be read as a report; ``str()`` says why, for the person who gave it."""


@dataclass
class ReadResult:
    figures: Figures
    problems: list[ReadProblem] = field(default_factory=list)
    format: str = ""  # "json", "xlsx" or "docx"
    agency: str = ""  # as the file names it, when it does
    year: int | None = None
    sections: dict[str, str] = field(default_factory=dict)  # the text parts found


@dataclass
class CheckResult:
    figures: Figures
    problems: list[ReadProblem]
    violations: list[Violation]
    format: str = ""
    agency: str = ""
    year: int | None = None
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.violations


# --- entry points ----------------------------------------------------------------------------


def _load(source: str | Path | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), filename or ""
    path = Path(source)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReportReadError(_too_large(filename or path.name, size))
    return path.read_bytes(), filename or path.name


def _too_large(name: str, size: int) -> str:
    return _("The file “%(name)s” is %(size).1f MB; a report file may be at most %(limit)d MB.") % {
        "name": name,
        "size": size / 1024 / 1024,
        "limit": MAX_BYTES // 1024 // 1024,
    }


def sniff_zip(content: bytes) -> set[str] | None:
    """The names in a ZIP archive, or None when it cannot be opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def sniff(content: bytes) -> str | None:
    """ "json", "xlsx", "docx" by content, or None."""
    if content.startswith(b"PK\x03\x04"):
        names = sniff_zip(content)
        if names is None:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return None
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return JSON
    return None


def read_report(source: str | Path | bytes, *, filename: str | None = None) -> ReadResult:
    """The figures in ``source`` (a path, or the file's bytes with its ``filename`` for
    messages) and the problems met reading them. Raises ``ReportReadError``."""
    content, name = _load(source, filename)
    if not content:
        raise ReportReadError(_("The file “%(name)s” is empty.") % {"name": name})
    if len(content) > MAX_BYTES:
        raise ReportReadError(_too_large(name, len(content)))
    kind = sniff(content)
    if kind is None:
        raise ReportReadError(unreadable_message(content, name))
    if kind == JSON:
        return _read_json(content, name)
    _check_archive(content, name)
    try:
        blocks, meta = (_docx_blocks if kind == DOCX else _xlsx_blocks)(content)
    except ReportReadError:
        raise
    except Exception as exc:  # a damaged file makes the parsers fail in many ways
        raise ReportReadError(
            _("The file “%(name)s” is damaged and cannot be opened.") % {"name": name}
        ) from exc
    result = _read_blocks(blocks, name)
    result.format = kind
    result.agency, result.year, result.sections = meta.agency, meta.year, meta.sections
    if result.agency:
        result.figures["agency"] = result.agency
    if result.year:
        result.figures["year"] = result.year
    return result


def check_file(source: str | Path | bytes, *, filename: str | None = None) -> CheckResult:
    """Read ``source`` and check its figures. A violation that only repeats a reading problem
    (the cell that could not be read is "missing") is left out."""
    read = read_report(source, filename=filename)
    unread_cells = {(p.table, p.row, p.column) for p in read.problems if p.kind == BAD_NUMBER}
    unread_tables = {p.table for p in read.problems if p.kind == MISSING_TABLE}
    violations = [
        v
        for v in check_figures(read.figures)
        if not (
            v.kind in (MISSING, TYPE)
            and ((v.table, v.row, v.column) in unread_cells or v.table in unread_tables)
        )
    ]
    return CheckResult(
        figures=read.figures,
        problems=read.problems,
        violations=violations,
        format=read.format,
        agency=read.agency,
        year=read.year,
        sections=read.sections,
    )


def unreadable_message(content: bytes, name: str) -> str:
    """Why ``content`` (of a file called ``name``) is not a report file that can be read."""
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _(
            "The file “%(name)s” is a legacy Word or Excel file (.doc, .xls, .wps). Save it as "
            "DOCX or XLSX and try again."
        ) % {"name": name}
    if content.startswith(b"PK\x03\x04") and sniff_zip(content) is None:
        return _("The file “%(name)s” is damaged and cannot be opened.") % {"name": name}
    if content.lstrip()[:5] == b"%PDF-":
        return _(
            "The file “%(name)s” is a PDF, whose tables cannot be read reliably. Give the report "
            "as DOCX, XLSX or JSON."
        ) % {"name": name}
    return _(
        "The file “%(name)s” is not a report file that can be read: give the report as DOCX "
        "(the official layout), XLSX (as Gongkai exports it) or JSON."
    ) % {"name": name}


def _check_archive(content: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReportReadError(
            _("The file “%(name)s” is damaged and cannot be opened.") % {"name": name}
        ) from exc
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReportReadError(
            _("The file “%(name)s” unpacks to more than %(limit)d MB and is not read.")
            % {"name": name, "limit": MAX_UNCOMPRESSED_BYTES // 1024 // 1024}
        )


# --- JSON ------------------------------------------------------------------------------------


def _json_number(value: Any, problems: list, *, table: int, row: str, column: str, where: str):
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, str):
        number, why = parse_number(RCell(value, 0))
        if not why:
            return number
    problems.append(
        ReadProblem(
            _("%(cell)s is not a number: “%(text)s”.") % {"cell": where, "text": value},
            table=table,
            row=row,
            column=column,
            kind=BAD_NUMBER,
        )
    )
    return None


def _json_list(values, problems, *, table: int, row: str, names: list[str], where: str):
    if not isinstance(values, list):
        return values  # the check reports the shape
    return [
        _json_number(
            v,
            problems,
            table=table,
            row=row,
            column=names[i] if i < len(names) else "",
            where=f"{where}（{names[i]}）" if i < len(names) else where,
        )
        for i, v in enumerate(values)
    ]


def _read_json(content: bytes, name: str) -> ReadResult:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ReportReadError(_("The file “%(name)s” is not UTF-8 text.") % {"name": name}) from exc
    except RecursionError as exc:  # brackets nested thousands deep
        raise ReportReadError(
            _("The file “%(name)s” is not valid JSON: its brackets are nested too deeply.")
            % {"name": name}
        ) from exc
    except json.JSONDecodeError as exc:
        raise ReportReadError(
            _(
                "The file “%(name)s” is not valid JSON (line %(line)d, column %(column)d): %(error)s."
            )
            % {"name": name, "line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc
    if not isinstance(data, dict):
        raise ReportReadError(
            _(
                "The file “%(name)s” is JSON, but not a report: it must be one object with "
                "“table1”, “table2” and “table3”."
            )
            % {"name": name}
        )
    if not any(key in data for key in ("table1", "table2", "table3")):
        raise ReportReadError(_no_tables(name))
    problems: list[ReadProblem] = []
    figures: Figures = {k: v for k, v in data.items() if k not in ("table1", "table2", "table3")}
    t1 = data.get("table1")
    if isinstance(t1, dict):
        labels = {key: label for _c, _h, rows in layout.TABLE1_BLOCKS for key, label in rows}
        headings = {key: h[1:] for _c, h, rows in layout.TABLE1_BLOCKS for key, _l in rows}
        out1 = {}
        for key, value in t1.items():
            if key not in labels:
                problems.append(_unknown_key(1, key))
                continue
            where = f"表一“{labels[key]}”"
            if isinstance(value, list):
                out1[key] = _json_list(
                    value, problems, table=1, row=key, names=headings[key], where=where
                )
            else:
                out1[key] = _json_number(
                    value, problems, table=1, row=key, column=headings[key][0], where=where
                )
        figures["table1"] = out1
    elif t1 is not None:
        figures["table1"] = t1
    t2 = data.get("table2")
    if isinstance(t2, dict):
        out2 = {}
        for key, value in t2.items():
            row_key = key if key in layout.ROW_BY_KEY else _table2_key(key)
            if row_key is None:
                problems.append(_unknown_key(2, key))
                continue
            if row_key in out2:
                problems.append(
                    ReadProblem(
                        _("“%(key)s” in “%(table)s” repeats a row given before; it was not read.")
                        % {"key": key, "table": "table2"},
                        table=2,
                        row=row_key,
                        kind=DUPLICATE,
                    )
                )
                continue
            out2[row_key] = _json_list(
                value,
                problems,
                table=2,
                row=row_key,
                names=layout.TABLE2_COLUMNS,
                where=f"表二“{layout.ROW_BY_KEY[row_key].label}”",
            )
        figures["table2"] = out2
    elif t2 is not None:
        figures["table2"] = t2
    t3 = data.get("table3")
    if isinstance(t3, list):
        names = [layout.table3_label(i) for i in range(15)]
        figures["table3"] = _json_list(t3, problems, table=3, row="", names=names, where="表三")
    elif t3 is not None:
        figures["table3"] = t3
    sections = data.get("sections") if isinstance(data.get("sections"), dict) else {}
    year = data.get("year") if isinstance(data.get("year"), int) else None
    agency = data.get("agency") if isinstance(data.get("agency"), str) else ""
    return ReadResult(
        figures=figures,
        problems=problems,
        format=JSON,
        agency=agency,
        year=year,
        sections={
            k: v for k, v in sections.items() if k in layout.SECTION_KEYS and isinstance(v, str)
        },
    )


def _table2_key(text: str) -> str | None:
    return TABLE2_LABELS.get(key_text(text))


def _unknown_key(table: int, key: str) -> ReadProblem:
    names = {1: "table1", 2: "table2"}
    return ReadProblem(
        _("“%(key)s” in “%(table)s” is not a row of the official format; it was not read.")
        % {"key": key, "table": names[table]},
        table=table,
        kind=UNKNOWN_LABEL,
    )


def _no_tables(name: str) -> str:
    return _(
        "No table of the annual report was found in the file “%(name)s”: it must contain the "
        "official tables (主动公开政府信息情况, 收到和处理政府信息公开申请情况, "
        "政府信息公开行政复议、行政诉讼情况) with their printed labels."
    ) % {"name": name}


# --- DOCX and XLSX: blocks of cells ----------------------------------------------------------


@dataclass
class _Meta:
    agency: str = ""
    year: int | None = None
    sections: dict[str, str] = field(default_factory=dict)


def _title_meta(meta: _Meta, text: str) -> bool:
    match = TITLE.match(key_text(text))
    if match:
        meta.agency = match.group("agency")
        meta.year = int(match.group("year"))
    return bool(match)


_HEADINGS = {key_text(heading): key for key, heading in layout.SECTIONS}


def _docx_blocks(content: bytes) -> tuple[list[Block], _Meta]:
    from docx import Document

    document = Document(io.BytesIO(content))
    meta = _Meta()
    current: str | None = None
    texts: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        if not meta.year and current is None and _title_meta(meta, text):
            continue
        heading = _HEADINGS.get(key_text(text))
        if heading:
            current = heading
            texts.setdefault(heading, [])
        elif current and not COMPARISON_CAPTION.search(text):
            texts[current].append(paragraph.text.strip("\n"))
    meta.sections = {key: "\n\n".join(parts) for key, parts in texts.items() if parts}
    blocks = []
    for t, table in enumerate(document.tables, start=1):
        rows = []
        for row in table.rows:
            before = [RCell("", -1 - i) for i in range(row.grid_cols_before)]
            rows.append(before + [RCell(cell.text, id(cell._tc)) for cell in row.cells])
        blocks.append(Block(rows, _("table %(n)d") % {"n": t}))
    return blocks, meta


def _xlsx_blocks(content: bytes) -> tuple[list[Block], _Meta]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), data_only=True)
    meta = _Meta()
    blocks: list[Block] = []
    for ws in wb.worksheets:
        height = min(ws.max_row, MAX_SHEET_ROWS)
        width = min(ws.max_column, MAX_SHEET_COLUMNS)
        grid: list[list[RCell]] = []
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=height, max_col=width), start=1):
            grid.append(
                [_xlsx_cell(cell.value, r * 1000 + c) for c, cell in enumerate(row, start=1)]
            )
        for merged in ws.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= height else None
            if top is None or merged.min_col > width:
                continue
            for r in range(merged.min_row, min(merged.max_row, height) + 1):
                for c in range(merged.min_col, min(merged.max_col, width) + 1):
                    grid[r - 1][c - 1] = top
        if ws.title == TEXT_SHEET:
            _xlsx_text_sheet(grid, meta)
            continue
        source = _("sheet “%(name)s”") % {"name": ws.title}
        start = None
        for r in range(len(grid) + 1):
            blank = r == len(grid) or not any(c.text.strip() for c in grid[r])
            if blank and start is not None:
                rows = grid[start:r]
                used = max(i for row in rows for i, c in enumerate(row) if c.text.strip()) + 1
                numbers = list(range(start + 1, r + 1))
                blocks.append(Block([row[:used] for row in rows], source, numbers))
                start = None
            elif not blank and start is None:
                start = r
            if not blank and not meta.year:
                first = next((c.text for c in grid[r] if c.text.strip()), "")
                _title_meta(meta, first)
    return blocks, meta


def _xlsx_cell(value: Any, ident: int) -> RCell:
    if value is None:
        return RCell("", ident)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return RCell(str(value), ident, value)
    return RCell(str(value), ident)


def _xlsx_text_sheet(grid: list[list[RCell]], meta: _Meta) -> None:
    for row in grid:
        if len(row) < 2:
            continue
        label, value = key_text(row[0].text), row[1]
        if label == "机关" and value.text.strip():
            meta.agency = value.text.strip()
        elif label == "年度" and isinstance(value.value, int):
            meta.year = value.value
        elif label in _HEADINGS and value.text.strip():
            meta.sections[_HEADINGS[label]] = value.text.strip()


def _read_blocks(blocks: list[Block], name: str) -> ReadResult:
    found: dict[str, list[Block]] = {"table1": [], "table2": [], "table3": []}
    for block in blocks:
        kind = classify(block)
        if kind in found:
            found[kind].append(block)
    if not any(found.values()):
        raise ReportReadError(_no_tables(name))
    reader = TableReader()
    figures: Figures = {}
    titles = {
        "table1": "表一（主动公开政府信息情况）",
        "table2": f"表二（{layout.TABLE2_TITLE}）",
        "table3": f"表三（{layout.TABLE3_TITLE}）",
    }
    for number, key in enumerate(("table1", "table2", "table3"), start=1):
        if not found[key]:
            reader.problem(
                _("%(table)s was not found in the file.") % {"table": titles[key]},
                table=number,
                kind=MISSING_TABLE,
            )
            continue
        value = getattr(reader, key)(found[key])
        if value is not None:
            figures[key] = value
    return ReadResult(figures=figures, problems=reader.problems)


def metadata_problems(result: ReadResult | CheckResult, *, agency_name: str, year: int):
    """Problems when the file names another agency or year than the one it is checked for."""
    out = []
    if result.year and result.year != year:
        out.append(
            ReadProblem(
                _("The file is the report for %(found)d, not %(year)d.")
                % {"found": result.year, "year": year},
                kind=METADATA,
            )
        )
    if result.agency and key_text(result.agency) != key_text(agency_name):
        out.append(
            ReadProblem(
                _("The file is the report of “%(found)s”, not of “%(agency)s”.")
                % {"found": result.agency, "agency": agency_name},
                kind=METADATA,
            )
        )
    return out
