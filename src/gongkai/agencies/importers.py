"""``gongkai import agencies FILE``: load the agency directory from a CSV or JSON Lines file.

Columns (English names, or the Chinese header names in ``COLUMN_ALIASES``): ``name``,
``short_name``, ``credit_code``, ``parent_credit_code``, ``kind``, ``address``, ``postcode``,
``phone``, ``email``, ``office_hours``, ``website``, and optionally ``functions``, ``fax``,
``sort_order`` and the ``disclosure_*`` fields of the disclosure office. ``kind`` takes the
English values (``government``, ``department``, ``town``, ``institution``) or the Chinese
names in ``KIND_ALIASES``.

Rows are matched by credit code: a known agency is updated in place (only the columns the
file has), an unknown one is created. A parent may come before or after its children in the
file, or already be in the database. Nothing is ever deleted. Each row is written through
``agency_create``/``agency_update`` as a trusted system call, in its own transaction and with
its own audit event (``source: "import"``); a bad row is reported with its line number and the
others are still imported. ``dry_run=True`` does all of this inside a transaction that is
rolled back, so the report is exactly what a real run would do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import services
from gongkai.agencies.credit_code import normalize, validate_credit_code
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.core.importing import ImportResult, Row, RowAction, read_rows

# Columns that map straight onto Agency fields.
FIELD_COLUMNS = (
    "name",
    "short_name",
    "kind",
    "functions",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "sort_order",
    "disclosure_office_name",
    "disclosure_address",
    "disclosure_postcode",
    "disclosure_office_hours",
    "disclosure_phone",
    "disclosure_fax",
    "disclosure_email",
)
COLUMNS = frozenset({"credit_code", "parent_credit_code", *FIELD_COLUMNS})
REQUIRED = ("name", "credit_code", "kind")

# Header names that Chinese offices use in their spreadsheets.
COLUMN_ALIASES = {
    "名称": "name",
    "机关名称": "name",
    "单位名称": "name",
    "全称": "name",
    "简称": "short_name",
    "统一社会信用代码": "credit_code",
    "信用代码": "credit_code",
    "上级机关统一社会信用代码": "parent_credit_code",
    "上级统一社会信用代码": "parent_credit_code",
    "上级机关信用代码": "parent_credit_code",
    "类型": "kind",
    "机关类型": "kind",
    "单位类型": "kind",
    "职能": "functions",
    "机关职能": "functions",
    "地址": "address",
    "办公地址": "address",
    "邮编": "postcode",
    "邮政编码": "postcode",
    "办公时间": "office_hours",
    "电话": "phone",
    "联系电话": "phone",
    "传真": "fax",
    "电子邮箱": "email",
    "邮箱": "email",
    "网站": "website",
    "网址": "website",
    "排序": "sort_order",
}

KIND_ALIASES = {
    # 人民政府
    "人民政府": AgencyKind.GOVERNMENT,
    "政府": AgencyKind.GOVERNMENT,
    "县人民政府": AgencyKind.GOVERNMENT,
    "区人民政府": AgencyKind.GOVERNMENT,
    "市人民政府": AgencyKind.GOVERNMENT,
    # 政府工作部门
    "政府部门": AgencyKind.DEPARTMENT,
    "政府工作部门": AgencyKind.DEPARTMENT,
    "工作部门": AgencyKind.DEPARTMENT,
    "部门": AgencyKind.DEPARTMENT,
    # 乡镇人民政府 / 街道办事处
    "乡镇": AgencyKind.TOWN,
    "乡镇人民政府": AgencyKind.TOWN,
    "乡": AgencyKind.TOWN,
    "镇": AgencyKind.TOWN,
    "街道": AgencyKind.TOWN,
    "街道办事处": AgencyKind.TOWN,
    "乡镇（街道）": AgencyKind.TOWN,
    "乡镇(街道)": AgencyKind.TOWN,
    # 事业单位 / 法律法规授权组织
    "事业单位": AgencyKind.INSTITUTION,
    "法律法规授权组织": AgencyKind.INSTITUTION,
    "公共企事业单位": AgencyKind.INSTITUTION,
}


@dataclass
class _Parsed:
    line: int
    code: str
    parent_code: str | None  # None: the row says nothing about its parent
    fields: dict[str, Any]


def parse_kind(value: str) -> str | None:
    value = (value or "").strip()
    if value.lower() in AgencyKind.values:
        return value.lower()
    kind = KIND_ALIASES.get(value)
    if kind is None:
        # The labels as translated (so an export of our own pages reads back).
        kind = next((k for k in AgencyKind if str(k.label) == value), None)
    return kind.value if kind is not None else None


def _error_text(exc: ValidationError) -> str:
    """One line naming each bad field: “邮政编码：邮政编码为六位数字。”."""
    if not hasattr(exc, "error_dict"):
        return "；".join(exc.messages)
    parts = []
    for name, errors in exc.message_dict.items():
        try:
            label = str(Agency._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # NON_FIELD_ERRORS
            label = ""
        text = " ".join(errors)
        parts.append(_("%(field)s: %(error)s") % {"field": label, "error": text} if label else text)
    return "；".join(parts)


def _parse(row: Row, result: ImportResult) -> _Parsed | None:
    data = row.data
    problems: list[str] = []
    for name in REQUIRED:
        if str(data.get(name, "") or "").strip() == "":
            label = Agency._meta.get_field(name).verbose_name
            problems.append(_("“%(field)s” is missing.") % {"field": label})
    code = normalize(str(data.get("credit_code", "") or ""))
    if code:
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            problems.append(" ".join(exc.messages))
    parent_code: str | None = None
    if "parent_credit_code" in data:
        parent_code = normalize(str(data.get("parent_credit_code") or ""))
        if parent_code:
            try:
                validate_credit_code(parent_code)
            except ValidationError as exc:
                problems.append(
                    _("Parent agency's credit code: %(error)s") % {"error": " ".join(exc.messages)}
                )
            if parent_code == code:
                problems.append(_("An agency cannot be its own parent."))
    fields: dict[str, Any] = {}
    for name in FIELD_COLUMNS:
        if name not in data:
            continue
        value = data[name]
        if name == "kind":
            if str(value).strip():
                kind = parse_kind(str(value))
                if kind is None:
                    problems.append(
                        _(
                            "Unknown kind “%(value)s”: use 人民政府, 政府部门, 乡镇, 事业单位 "
                            "(or government, department, town, institution)."
                        )
                        % {"value": value}
                    )
                value = kind
        elif name == "sort_order":
            if value in ("", None):
                continue
            try:
                value = int(value)
                if value < 0:
                    raise ValueError
            except (TypeError, ValueError):
                problems.append(
                    _("Sort order must be a whole number, not “%(value)s”.") % {"value": value}
                )
                continue
        elif name == "website" and value and "://" not in str(value):
            value = f"http://{value}"
        elif name == "postcode" or name == "disclosure_postcode":
            value = str(value).strip()
        else:
            value = "" if value is None else str(value)
        fields[name] = value
    if problems:
        result.error(row.line, "；".join(problems))
        return None
    return _Parsed(row.line, code, parent_code, fields)


def import_agencies(path: Path | str, *, dry_run: bool = False) -> ImportResult:
    """Create or update the agencies listed in ``path``; see the module docstring.

    Returns what was done per row and the problems, by line. Raises ``ImportFileError`` when
    the file as a whole cannot be read.
    """
    path = Path(path)
    result = ImportResult(dry_run=dry_run)
    rows, problems, result.encoding = read_rows(path, aliases=COLUMN_ALIASES)
    result.errors.extend(problems)

    seen_columns = set().union(*(row.data.keys() for row in rows)) if rows else set()
    for column in sorted(seen_columns - COLUMNS):
        result.warnings.append(
            _("Column “%(name)s” is not known and was ignored.") % {"name": column}
        )

    parsed: list[_Parsed] = []
    first_line: dict[str, int] = {}
    for row in rows:
        item = _parse(row, result)
        if item is None:
            continue
        if item.code in first_line:
            result.error(
                item.line,
                _("The credit code %(code)s already appears on line %(line)d.")
                % {"code": item.code, "line": first_line[item.code]},
            )
            continue
        first_line[item.code] = item.line
        parsed.append(item)

    if dry_run:
        with transaction.atomic():
            _write(parsed, result, failed_codes=_failed_codes(rows, first_line))
            transaction.set_rollback(True)
    else:
        _write(parsed, result, failed_codes=_failed_codes(rows, first_line))
    return result


def _failed_codes(rows: list[Row], good: dict[str, int]) -> dict[str, int]:
    """Credit codes of rows that failed to parse, with their line (to explain their children)."""
    failed: dict[str, int] = {}
    for row in rows:
        code = normalize(str(row.data.get("credit_code", "") or ""))
        if code and code not in good and code not in failed:
            failed[code] = row.line
    return failed


def _write(parsed: list[_Parsed], result: ImportResult, *, failed_codes: dict[str, int]) -> None:
    codes = {item.code for item in parsed} | {
        item.parent_code for item in parsed if item.parent_code
    }
    known = {a.credit_code: a for a in Agency.objects.filter(credit_code__in=codes)}
    pending = {item.code: item for item in parsed}
    line_of = {item.code: item.line for item in parsed}
    failed = dict(failed_codes)

    # Write parents before children, whatever the order of the file.
    progress = True
    while pending and progress:
        progress = False
        for code, item in list(pending.items()):
            parent_code = item.parent_code
            if parent_code and parent_code in pending:
                continue  # its parent row comes first
            del pending[code]
            progress = True
            if parent_code and parent_code not in known and parent_code in failed:
                result.error(
                    item.line,
                    _(
                        "The parent agency %(code)s (line %(line)d) could not be imported, "
                        "so this line was not imported either."
                    )
                    % {"code": parent_code, "line": failed[parent_code]},
                )
                failed[code] = item.line
                continue
            if parent_code and parent_code not in known:
                result.error(
                    item.line,
                    _(
                        "There is no agency with the credit code %(code)s, neither already "
                        "entered nor in this file."
                    )
                    % {"code": parent_code},
                )
                failed[code] = item.line
                continue
            agency = _write_row(item, known, result)
            if agency is not None:
                known[code] = agency
            elif code not in known:
                failed[code] = item.line
    for item in pending.values():
        loop = sorted(line_of[c] for c in pending)
        result.error(
            item.line,
            _("The parent agencies on lines %(lines)s refer to each other in a loop.")
            % {"lines": ", ".join(str(n) for n in loop)},
        )


def _write_row(item: _Parsed, known: dict[str, Agency], result: ImportResult) -> Agency | None:
    fields = dict(item.fields)
    if item.parent_code is not None:
        fields["parent"] = known[item.parent_code] if item.parent_code else None
    existing = known.get(item.code)
    try:
        if existing is None:
            agency = services.agency_create(
                actor=None, system=True, source="import", credit_code=item.code, **fields
            )
            result.actions.append(RowAction(item.line, "created", str(agency)))
            return agency
        changes = services.agency_changes(existing, fields)
        if not changes:
            result.actions.append(RowAction(item.line, "unchanged", str(existing)))
            return existing
        agency = services.agency_update(
            actor=None, system=True, source="import", agency=existing, **changes
        )
        result.actions.append(RowAction(item.line, "updated", str(agency), sorted(changes)))
        return agency
    except ValidationError as exc:
        result.error(item.line, _error_text(exc))
        return None
