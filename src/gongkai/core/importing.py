"""Reading the rows of an import file (CSV or JSON Lines) and collecting what happened to each.

Shared by the importers that ``gongkai import <what> FILE`` dispatches to. Line numbers are
the file's own, so an office can open the file in an editor and go to the line: in a CSV file
the header is line 1 and a record that spans lines (a quoted cell with a line break) is
reported at the line where it starts; in a JSON Lines file each object is on its own line.

Encoding: UTF-8 with or without a byte-order mark is tried first; a file that is not valid
UTF-8 is read as GB18030 (a superset of GBK), which is what Excel on a Chinese Windows writes
when it saves "CSV (逗号分隔)".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

CSV_SUFFIXES = frozenset({".csv"})
JSON_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})


class ImportFileError(Exception):
    """The file as a whole cannot be read (unknown type, wrong encoding, no header)."""


@dataclass
class Row:
    line: int
    data: dict[str, Any]


@dataclass
class RowProblem:
    line: int
    message: str


@dataclass
class RowAction:
    """What an import did (or, in a dry run, would do) with one row."""

    line: int
    outcome: str  # "created", "updated" or "unchanged"
    label: str
    fields: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    encoding: str = ""
    dry_run: bool = False
    actions: list[RowAction] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What ``gongkai import`` says when there are errors, if not "some lines were not
    # imported" (an all-or-nothing importer says that nothing was imported).
    failure_message: str = ""

    def count(self, outcome: str) -> int:
        return sum(1 for action in self.actions if action.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    def error(self, line: int, message: str) -> None:
        self.errors.append(RowProblem(line, message))

    def sorted_errors(self) -> list[RowProblem]:
        return sorted(self.errors, key=lambda problem: problem.line)


def line_message(line: int, message: str) -> str:
    """“第3行：…” — how every per-row message is shown."""
    return _("Line %(line)d: %(message)s") % {"line": line, "message": message}


def decode(raw: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor GB18030/GBK text."))


def _column(name: str, aliases: Mapping[str, str]) -> str:
    key = (name or "").strip().lstrip("\ufeff").strip()
    return aliases.get(key, aliases.get(key.lower(), key.lower()))


def read_rows(path: Path, *, aliases: Mapping[str, str] | None = None):
    """The rows of ``path`` as dicts keyed by column name, the rows that could not be read,
    and the encoding: ``(rows, problems, encoding)``.

    ``aliases`` maps other header names (e.g. Chinese ones) to column names. CSV cells and
    JSON strings are stripped of surrounding spaces; blank lines are skipped.
    """
    aliases = aliases or {}
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | JSON_SUFFIXES:
        raise ImportFileError(
            _("Unknown file type “%(suffix)s”: use .csv, .jsonl, .ndjson or .json.")
            % {"suffix": suffix or path.name}
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror or exc}
        ) from exc
    text, encoding = decode(raw)
    if suffix in CSV_SUFFIXES:
        rows, problems = _read_csv(text, aliases)
    else:
        rows, problems = _read_json(text, aliases)
    return rows, problems, encoding


def _read_csv(text: str, aliases: Mapping[str, str]):
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    problems: list[RowProblem] = []
    header: list[str] | None = None
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [_column(cell, aliases) for cell in cells]
                named = [name for name in header if name]
                duplicates = sorted({name for name in named if named.count(name) > 1})
                if duplicates:
                    raise ImportFileError(
                        _("Column “%(name)s” appears more than once in the header line.")
                        % {"name": duplicates[0]}
                    )
                continue
            extra = [cell for cell in cells[len(header) :] if cell.strip()]
            if extra:
                problems.append(
                    RowProblem(
                        start,
                        _("This line has %(n)d cells but the header line has %(m)d.")
                        % {"n": len(cells), "m": len(header)},
                    )
                )
                continue
            data = {
                name: (cells[i].strip() if i < len(cells) else "")
                for i, name in enumerate(header)
                if name
            }
            rows.append(Row(start, data))
    except csv.Error as exc:
        problems.append(
            RowProblem(
                previous_end + 1, _("The CSV text cannot be read: %(error)s") % {"error": exc}
            )
        )
    if header is None:
        raise ImportFileError(_("The file is empty: a CSV file starts with a header line."))
    return rows, problems


def _clean_json(
    obj: dict[str, Any], aliases: Mapping[str, str], names: dict[str, str] | None = None
) -> dict[str, Any]:
    """``names``: the column name of each key seen so far (the same keys on every line)."""
    names = {} if names is None else names
    data = {}
    for key, value in obj.items():
        if value is None:
            value = ""
        elif isinstance(value, str):
            value = value.strip()
        name = names.get(key)
        if name is None:
            name = names[key] = _column(key, aliases)
        data[name] = value
    return data


def _read_json(text: str, aliases: Mapping[str, str]):
    """JSON Lines (one object a line); a file whose first character is ``[`` is read as one
    JSON array, each element numbered by the line where it starts."""
    rows: list[Row] = []
    problems: list[RowProblem] = []
    if text.lstrip().startswith("["):
        return _read_json_array(text, aliases)
    names: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                RowProblem(number, _("This line is not valid JSON: %(error)s") % {"error": exc.msg})
            )
            continue
        if not isinstance(obj, dict):
            problems.append(RowProblem(number, _("Each line must hold one JSON object.")))
            continue
        rows.append(Row(number, _clean_json(obj, aliases, names)))
    return rows, problems


def _read_json_array(text: str, aliases: Mapping[str, str]):
    decoder = json.JSONDecoder()
    rows: list[Row] = []
    problems: list[RowProblem] = []
    index = text.index("[") + 1
    while True:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        if index >= len(text) or text[index] == "]":
            break
        number = text.count("\n", 0, index) + 1
        try:
            obj, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            problems.append(
                RowProblem(number, _("This line is not valid JSON: %(error)s") % {"error": exc.msg})
            )
            break
        if not isinstance(obj, dict):
            problems.append(RowProblem(number, _("Each line must hold one JSON object.")))
            continue
        rows.append(Row(number, _clean_json(obj, aliases)))
    return rows, problems
