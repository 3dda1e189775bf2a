"""Reading one row of a matters import into the content of a guide (values, lists, files).

Used by ``gongkai.services.importers``. Choice columns take the English codes or the Chinese
names offices use (行政许可, 承诺件, 工作日 …); a time limit may be written ``15`` with a unit
column, or ``15个工作日`` / ``60日`` alone. List columns (``bases``, ``materials``, ``steps``,
``questions``) are JSON lists in a JSON Lines file; in a CSV cell they are a JSON list too, or
one entry a line:

- ``bases``: ``《某某条例》第八条`` (the title up to ``》``, then the articles);
- ``steps``: ``受理：窗口核对材料`` (title, then the description after ``：``), or
  ``申请→受理→审查→决定`` on one line;
- ``questions``: ``问题｜答案``;
- ``materials``: better in the separate materials file (see ``importers``).

Names lists (``fee_items``, ``life_events``) are separated by ``；``, ``、`` or ``;``.
Nothing here writes to the database.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from gongkai.services import files
from gongkai.services.models import (
    CaseKind,
    LimitUnit,
    MaterialForm,
    MatterType,
    OnlineDepth,
    PowerSource,
    ResultType,
)

COLUMNS = frozenset(
    {
        "implementation_code",
        "agency",
        "name",
        "basic_code",
        "department",
        "matter_type",
        "power_source",
        "implementing_body",
        "audience",
        "serves_natural_persons",
        "serves_organizations",
        "conditions",
        "case_kind",
        "statutory_limit",
        "statutory_unit",
        "statutory_note",
        "promised_limit",
        "promised_unit",
        "promised_note",
        "special_procedures",
        "visits",
        "charges_fee",
        "fee_basis",
        "fee_standard",
        "fee_items",
        "place",
        "hours",
        "consultation_phone",
        "consultation_other",
        "complaint_phone",
        "complaint_other",
        "online_url",
        "mobile_url",
        "online_depth",
        "result_name",
        "result_type",
        "bases",
        "materials",
        "steps",
        "questions",
        "life_events",
        "note",
    }
)

COLUMN_ALIASES = {
    "实施编码": "implementation_code",
    "事项实施编码": "implementation_code",
    "机关": "agency",
    "实施机关": "agency",
    "统一社会信用代码": "agency",
    "实施机关统一社会信用代码": "agency",
    "事项名称": "name",
    "名称": "name",
    "基本编码": "basic_code",
    "科室": "department",
    "承办科室": "department",
    "事项类型": "matter_type",
    "权力来源": "power_source",
    "实施主体": "implementing_body",
    "办理机构": "implementing_body",
    "服务对象": "audience",
    "受理条件": "conditions",
    "申请条件": "conditions",
    "办件类型": "case_kind",
    "法定办结时限": "statutory_limit",
    "法定时限": "statutory_limit",
    "法定时限单位": "statutory_unit",
    "法定时限说明": "statutory_note",
    "承诺办结时限": "promised_limit",
    "承诺时限": "promised_limit",
    "承诺时限单位": "promised_unit",
    "承诺时限说明": "promised_note",
    "特别程序": "special_procedures",
    "到办事现场次数": "visits",
    "到现场次数": "visits",
    "是否收费": "charges_fee",
    "收费依据": "fee_basis",
    "收费标准": "fee_standard",
    "收费项目": "fee_items",
    "办理地点": "place",
    "办理时间": "hours",
    "咨询电话": "consultation_phone",
    "咨询方式": "consultation_other",
    "投诉电话": "complaint_phone",
    "监督投诉电话": "complaint_phone",
    "投诉方式": "complaint_other",
    "监督投诉方式": "complaint_other",
    "网上办理地址": "online_url",
    "移动端办理地址": "mobile_url",
    "网上办理深度": "online_depth",
    "办理结果": "result_name",
    "结果名称": "result_name",
    "结果类型": "result_type",
    "办理结果类型": "result_type",
    "设定依据": "bases",
    "法律依据": "bases",
    "申请材料": "materials",
    "办理流程": "steps",
    "常见问题": "questions",
    "人生事件": "life_events",
    "主题": "life_events",
    "变更说明": "note",
}

MATERIAL_COLUMNS = frozenset(
    {
        "implementation_code",
        "name",
        "form",
        "copies",
        "required",
        "source",
        "requirements",
        "blank_form",
        "sample",
    }
)
MATERIAL_ALIASES = {
    "实施编码": "implementation_code",
    "材料名称": "name",
    "名称": "name",
    "材料形式": "form",
    "形式": "form",
    "份数": "copies",
    "是否必要": "required",
    "必要性": "required",
    "来源渠道": "source",
    "来源": "source",
    "要求": "requirements",
    "填报要求": "requirements",
    "空白表格": "blank_form",
    "示例样表": "sample",
    "样表": "sample",
}


def _choices(enum, extra: dict[str, str]) -> dict[str, str]:
    table = {value: value for value in enum.values}
    table.update(extra)
    return table


MATTER_TYPES = _choices(
    MatterType,
    {
        "行政许可": "licensing",
        "行政确认": "confirmation",
        "行政给付": "payment",
        "行政征收": "levy",
        "行政奖励": "award",
        "行政裁决": "adjudication",
        "其他行政权力": "other_power",
        "公共服务": "public_service",
    },
)
POWER_SOURCES = _choices(
    PowerSource,
    {
        "法定本级行使": "statutory",
        "上级下放": "devolved",
        "上级授权": "authorized_higher",
        "同级授权": "authorized_peer",
        "上级委托": "entrusted_higher",
        "同级委托": "entrusted_peer",
    },
)
CASE_KINDS = _choices(CaseKind, {"即办件": "immediate", "即办": "immediate", "承诺件": "promised"})
UNITS = _choices(
    LimitUnit,
    {
        "工作日": "working",
        "个工作日": "working",
        "working_days": "working",
        "自然日": "natural",
        "个自然日": "natural",
        "日": "natural",
        "天": "natural",
        "natural_days": "natural",
    },
)
DEPTHS = _choices(
    OnlineDepth,
    {
        "一级": "information",
        "二级": "booking",
        "三级": "pre_review",
        "四级": "full",
        "全程网办": "full",
        "1": "information",
        "2": "booking",
        "3": "pre_review",
        "4": "full",
    },
)
RESULT_TYPES = _choices(
    ResultType,
    {
        "证照": "certificate",
        "批文": "approval",
        "证明": "proof",
        "给付": "payment",
        "其他": "other",
    },
)
FORMS = _choices(
    MaterialForm,
    {
        "原件": "original",
        "复印件": "copy",
        "原件和复印件": "original_and_copy",
        "原件及复印件": "original_and_copy",
        "电子件": "electronic",
        "电子": "electronic",
    },
)
TRUE = {"是", "true", "1", "yes", "y", "有", "必要", "收费"}
FALSE = {"否", "false", "0", "no", "n", "无", "非必要", "不收费", "免费", ""}
_LIMIT_RE = re.compile(r"^\s*(\d+)\s*(个工作日|工作日|个自然日|自然日|日|天)?\s*$")
_SEPARATORS = re.compile(r"[；;、\n]+")


class RowError(ValueError):
    """A problem of one row; ``messages`` are whole sentences."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | int | float):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return json.dumps(value, ensure_ascii=False)


def _choice(value: Any, table: dict[str, str], label: str, problems: list[str]) -> str | None:
    text = _text(value)
    key = table.get(text, table.get(text.lower()))
    if key is None:
        problems.append(
            _("“%(value)s” is not a valid %(column)s.") % {"value": text or "—", "column": label}
        )
    return key


def _bool(value: Any, label: str, problems: list[str], default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    problems.append(
        _("“%(value)s” is not yes or no (%(column)s).") % {"value": text, "column": label}
    )
    return default


def _integer(value: Any, label: str, problems: list[str]) -> int | None:
    text = _text(value)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    problems.append(
        _("“%(value)s” is not a whole number (%(column)s).") % {"value": text, "column": label}
    )
    return None


def _limit(value: Any, unit: Any, label: str, problems: list[str]) -> tuple[int | None, str | None]:
    """(days, unit code or None when the unit column decides)."""
    text = _text(value)
    if not text:
        return None, None
    match = _LIMIT_RE.match(text)
    if not match:
        problems.append(
            _("“%(value)s” is not a time limit such as 15 or 15个工作日 (%(column)s).")
            % {"value": text, "column": label}
        )
        return None, None
    return int(match.group(1)), UNITS[match.group(2)] if match.group(2) else None


def names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    return [part.strip() for part in _SEPARATORS.split(_text(value)) if part.strip()]


def _json_list(value: Any, label: str, problems: list[str]) -> list | None:
    """A list given as a JSON list (native or in a cell), or None when the cell is text."""
    if isinstance(value, list):
        return value
    text = _text(value)
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            problems.append(
                _("The column %(column)s is not a valid JSON list.") % {"column": label}
            )
            return []
        if isinstance(parsed, list):
            return parsed
        problems.append(_("The column %(column)s is not a valid JSON list.") % {"column": label})
        return []
    return None


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in _text(value).splitlines() if line.strip()]


def parse_bases(value: Any, problems: list[str]) -> list[dict]:
    listed = _json_list(value, _("legal basis"), problems)
    if listed is not None:
        return [entry if isinstance(entry, dict) else {"title": _text(entry)} for entry in listed]
    entries = []
    for line in _lines(value):
        for part in re.split(r"[；;]", line):
            part = part.strip()
            if not part:
                continue
            if "》" in part:
                end = part.rindex("》") + 1
                entries.append({"title": part[:end], "article": part[end:].strip(" ，,")})
            else:
                entries.append({"title": part})
    return entries


def parse_steps(value: Any, problems: list[str]) -> list[dict]:
    listed = _json_list(value, _("procedure"), problems)
    if listed is not None:
        return [entry if isinstance(entry, dict) else {"title": _text(entry)} for entry in listed]
    lines = _lines(value)
    if len(lines) == 1 and "→" in lines[0]:
        lines = [part.strip() for part in lines[0].split("→") if part.strip()]
    steps = []
    for line in lines:
        match = re.match(r"^(.*?)[：:](.*)$", line)
        title, description = match.groups() if match else (line, "")
        steps.append({"title": title.strip(), "description": description.strip()})
    return steps


def parse_questions(value: Any, problems: list[str]) -> list[dict]:
    listed = _json_list(value, _("frequently asked questions"), problems)
    if listed is not None:
        return [entry for entry in listed if isinstance(entry, dict)]
    questions = []
    for line in _lines(value):
        question, sep, answer = line.partition("｜") if "｜" in line else line.partition("|")
        questions.append({"question": question.strip(), "answer": answer.strip() if sep else ""})
    return questions


def file_entry(path_text: str, base_dir: Path, problems: list[str]) -> tuple[str, bytes] | None:
    """``(name, bytes)`` of a blank form or sample named relative to the import file."""
    path_text = _text(path_text)
    if not path_text:
        return None
    path = (base_dir / path_text).resolve()
    try:
        path.relative_to(base_dir.resolve())
    except ValueError:
        problems.append(_("The file %(path)s is outside the import folder.") % {"path": path_text})
        return None
    try:
        content = path.read_bytes()
    except OSError:
        problems.append(_("The file %(path)s cannot be read.") % {"path": path_text})
        return None
    try:
        files.check(content, path.name)
    except Exception as exc:  # ValidationError with the upload check's sentence
        problems.append(" ".join(getattr(exc, "messages", [str(exc)])))
        return None
    return path.name, content


def parse_material(
    entry: dict, base_dir: Path | None, problems: list[str], skipped: list[str] | None = None
) -> dict:
    """One material; ``base_dir`` None means files are not read (their paths are put in
    ``skipped``)."""
    label = _("materials")
    material = {
        "name": _text(entry.get("name")),
        "form": _choice(entry.get("form") or "original", FORMS, _("material form"), problems),
        "copies": _integer(entry.get("copies") or "1", _("copies"), problems) or 1,
        "required": _bool(entry.get("required"), label, problems, default=True),
        "source": _text(entry.get("source")),
        "requirements": _text(entry.get("requirements")),
    }
    for role in ("blank_form", "sample"):
        path_text = _text(entry.get(role))
        if path_text and base_dir is None:
            if skipped is not None:
                skipped.append(path_text)
            continue
        upload = file_entry(path_text, base_dir, problems) if base_dir is not None else None
        if upload is not None:
            material[f"{role}_upload"] = upload
    return material


def file_key(upload: tuple[str, bytes] | None) -> dict | None:
    """How ``content.version_content`` describes a file, for comparing a row with a version."""
    if upload is None:
        return None
    name, content = upload
    return {
        "name": files.clean_name(name),
        "type": files.check(content, name).code,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
