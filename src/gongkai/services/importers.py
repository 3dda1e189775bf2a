"""``gongkai import matters FILE [--agency CODE] [--materials FILE]``: a county's service
matters from a CSV or JSON Lines file (the staff screen "导入事项" calls the same function).

Columns: see ``importing.COLUMNS`` (English names, or the Chinese headers in
``importing.COLUMN_ALIASES``): every element of a guide, ``implementation_code`` (实施编码,
required: the key) and ``agency`` (the credit code; ``--agency`` gives the default). Materials
are a nested list in a JSON Lines row, or rows of a separate materials file (CSV or JSON Lines,
columns ``importing.MATERIAL_COLUMNS``) keyed by implementation code; blank forms and samples
are paths relative to that file's folder, checked like any upload.

A row is matched by implementation code. An unknown code creates the matter with its first
version as a draft; a known one is compared with its latest version, on the columns the file
has: an unchanged row does nothing, a changed row becomes a new draft version (or changes the
draft already open). Nothing is published by an import: every version goes through review.
A material given without a file keeps the file of the same material in the latest version.

Each row is written in its own transaction with its own audit events (``source: "import"``);
a bad row is reported with its line number (“第N行：…”) and the others are still imported. A
dry run does all of it inside a transaction that is rolled back (files are checked but not
stored). Run by the system (``actor=None``) the import is trusted; a staff member needs
"service.import" for the agency of every row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.accounts.permissions import can
from gongkai.agencies.credit_code import normalize
from gongkai.agencies.models import Agency, Department
from gongkai.audit.services import record_event
from gongkai.catalog.models import Item
from gongkai.core.importing import ImportFileError, ImportResult, Row, RowAction, read_rows
from gongkai.services import importing as parse
from gongkai.services.content import LABELS, SCALAR_FIELDS, file_description, version_content
from gongkai.services.models import (
    FeeItem,
    LifeEvent,
    Matter,
    MatterVersion,
    VersionStatus,
)
from gongkai.services.selectors import with_content
from gongkai.services.services.drafting import _create, _new_draft, _update
from gongkai.services.services.life_events import _set_events

_INT_FIELDS = {"visits"}
_BOOL_FIELDS = {"serves_natural_persons", "serves_organizations", "charges_fee"}
_CHOICE_FIELDS = {
    "matter_type": parse.MATTER_TYPES,
    "power_source": parse.POWER_SOURCES,
    "case_kind": parse.CASE_KINDS,
    "online_depth": parse.DEPTHS,
    "result_type": parse.RESULT_TYPES,
    "statutory_unit": parse.UNITS,
    "promised_unit": parse.UNITS,
}
_SPECIAL = {"statutory_limit", "promised_limit", "statutory_unit", "promised_unit"}


class _DryRun(Exception):
    pass


@dataclass
class Parsed:
    line: int
    agency: Agency
    code: str
    content: dict[str, Any]  # keyword arguments of the drafting services
    compare: dict[str, Any]  # the same, shaped like ``version_content``
    life_events: list[LifeEvent] | None = None
    label: str = ""
    problems: list[str] = field(default_factory=list)


class _Context:
    def __init__(self, *, default_agency: Agency | None, actor, base_dir: Path | None):
        self.default_agency = default_agency
        self.actor = actor
        self.base_dir = base_dir  # None: file paths are not read
        self.agencies: dict[str, Agency | None] = {}
        self.skipped_files: list[str] = []

    def agency(self, code: str) -> Agency | None:
        code = normalize(code)
        if code not in self.agencies:
            self.agencies[code] = Agency.objects.filter(credit_code=code).first()
        return self.agencies[code]


def _label(name: str) -> str:
    return str(LABELS.get(name, name))


def _parse_scalars(data: dict, problems: list[str]) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        if name not in data or name in _SPECIAL:
            continue
        value = data[name]
        if name in _BOOL_FIELDS:
            content[name] = parse._bool(value, _label(name), problems)
        elif name in _INT_FIELDS:
            number = parse._integer(value, _label(name), problems)
            content[name] = 1 if number is None else number
        elif name in _CHOICE_FIELDS:
            content[name] = parse._choice(value, _CHOICE_FIELDS[name], _label(name), problems)
        else:
            content[name] = parse._text(value)
    if "audience" in data:
        text = parse._text(data["audience"])
        natural = any(word in text for word in ("自然人", "个人", "natural", "both"))
        organization = any(
            word in text for word in ("法人", "企业", "组织", "organization", "both")
        )
        if not (natural or organization):
            problems.append(
                _("“%(value)s” is not a valid %(column)s.")
                % {"value": text or "—", "column": _("who it serves")}
            )
        content["serves_natural_persons"] = natural
        content["serves_organizations"] = organization
    for which in ("statutory", "promised"):
        if f"{which}_limit" not in data and f"{which}_unit" not in data:
            continue
        value, unit = parse._limit(
            data.get(f"{which}_limit"), None, _label(f"{which}_limit"), problems
        )
        if f"{which}_unit" in data and parse._text(data[f"{which}_unit"]):
            unit = parse._choice(
                data[f"{which}_unit"], parse.UNITS, _label(f"{which}_unit"), problems
            )
        if which == "promised":
            value = value or 0
        content[f"{which}_limit"] = value
        content[f"{which}_unit"] = unit or "working"
    return content


def _latest(matter: Matter | None) -> MatterVersion | None:
    if matter is None:
        return None
    version = matter.versions.order_by("-number").first()
    return with_content(MatterVersion.objects).get(pk=version.pk) if version else None


def _parse_row(row: Row, ctx: _Context, materials: dict[str, list[Row]]) -> Parsed | list[str]:
    data = row.data
    problems: list[str] = []
    code = parse._text(data.get("implementation_code"))
    if not code:
        return [_("The implementation code is missing.")]
    agency = (
        ctx.agency(parse._text(data.get("agency")))
        if parse._text(data.get("agency"))
        else ctx.default_agency
    )
    if agency is None:
        if parse._text(data.get("agency")):
            return [
                _("There is no agency with the credit code %(code)s.")
                % {"code": parse._text(data["agency"])}
            ]
        return [_("Name the agency: an agency column, or --agency for the whole file.")]
    if ctx.actor is not None and not can(ctx.actor, "service.import", agency=agency):
        return [_("You may not import matters of %(agency)s.") % {"agency": agency.name}]
    matter = Matter.objects.filter(implementation_code=code).select_related("agency").first()
    if matter is not None and matter.agency_id != agency.pk:
        return [
            _("The implementation code %(code)s belongs to a matter of %(agency)s.")
            % {"code": code, "agency": matter.agency.name}
        ]
    latest = _latest(matter)
    existing = version_content(latest) if latest else {}
    content = _parse_scalars(data, problems)
    compare = dict(content)

    if "department" in data:
        name = parse._text(data["department"])
        department = Department.objects.filter(agency=agency, name=name).first() if name else None
        if name and department is None:
            problems.append(
                _("%(agency)s has no department “%(name)s”.")
                % {"agency": agency.name, "name": name}
            )
        content["department"] = department
        compare["department"] = department.name if department else ""
    if "fee_items" in data:
        wanted = parse.names(data["fee_items"])
        found = {f.name: f for f in FeeItem.objects.filter(agency=agency, name__in=wanted)}
        for name in wanted:
            if name not in found:
                problems.append(
                    _("The fee list of %(agency)s has no entry “%(name)s”.")
                    % {"agency": agency.name, "name": name}
                )
        content["fee_items"] = list(found.values())
        compare["fee_items"] = sorted(found)
    if "bases" in data:
        bases, shaped = [], []
        for entry in parse.parse_bases(data["bases"], problems):
            number = parse._text(entry.get("index_number"))
            item = None
            if number:
                item = Item.objects.filter(index_number=number).first()
                if item is None or not item.is_public:
                    problems.append(
                        _("No published item has the index number %(number)s.") % {"number": number}
                    )
                    item = None
            bases.append({**entry, "item": item})
            shaped.append(
                {
                    "title": parse._text(entry.get("title")),
                    "article": parse._text(entry.get("article")),
                    "excerpt": parse._text(entry.get("excerpt")),
                    "index_number": number if item else "",
                }
            )
        content["bases"], compare["bases"] = bases, shaped
    material_rows = None
    if "materials" in data and parse._text(data["materials"]):
        listed = parse._json_list(data["materials"], _label("materials"), problems)
        material_rows = [m for m in listed or [] if isinstance(m, dict)]
    elif code in materials:
        material_rows = [r.data for r in materials[code]]
    elif "materials" in data:
        material_rows = []
    if material_rows is not None:
        previous = {m.name: m for m in latest.materials.all()} if latest else {}
        entries, shaped = [], []
        for entry in material_rows:
            material = parse.parse_material(entry, ctx.base_dir, problems, ctx.skipped_files)
            before = previous.get(material["name"])
            keys = {}
            for role in ("blank_form", "sample"):
                upload = material.get(f"{role}_upload")
                if upload is not None:
                    keys[role] = parse.file_key(upload)
                elif before is not None and getattr(before, role) is not None:
                    material[role] = getattr(before, role)
                    keys[role] = file_description(getattr(before, role))
                else:
                    keys[role] = None
            entries.append(material)
            shaped.append(
                {
                    "name": material["name"],
                    "form": material["form"],
                    "copies": material["copies"],
                    "required": material["required"],
                    "source": material["source"],
                    "requirements": material["requirements"],
                    "blank_form": keys["blank_form"],
                    "sample": keys["sample"],
                }
            )
        content["materials"], compare["materials"] = entries, shaped
    if "steps" in data:
        steps = parse.parse_steps(data["steps"], problems)
        content["steps"] = steps
        compare["steps"] = [
            {
                "title": parse._text(s.get("title")),
                "description": parse._text(s.get("description")),
                "time_limit": parse._text(s.get("time_limit")),
            }
            for s in steps
        ]
    if "questions" in data:
        questions = parse.parse_questions(data["questions"], problems)
        content["questions"] = questions
        compare["questions"] = [
            {"question": parse._text(q.get("question")), "answer": parse._text(q.get("answer"))}
            for q in questions
        ]
    events = None
    if "life_events" in data:
        wanted = parse.names(data["life_events"])
        found = {e.name: e for e in LifeEvent.objects.filter(name__in=wanted, is_active=True)}
        for name in wanted:
            if name not in found:
                problems.append(_("There is no life event “%(name)s”.") % {"name": name})
        events = list(found.values())
    if "note" in data:
        content["note"] = parse._text(data["note"])
    if problems:
        return problems
    return Parsed(
        line=row.line,
        agency=agency,
        code=code,
        content=content,
        compare={k: v for k, v in compare.items() if k in existing or matter is None},
        life_events=events,
        label=f"{code} {content.get('name') or (matter.name if matter else '')}".strip(),
    )


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        result = []
        for name, errors in exc.message_dict.items():
            for message in errors:
                result.append(f"{_label(name)}：{message}" if name != "__all__" else message)
        return result
    return list(exc.messages)


def _without_uploads(content: dict[str, Any]) -> dict[str, Any]:
    """A dry run checks files but does not store them."""
    if "materials" not in content:
        return content
    materials = [
        {k: v for k, v in m.items() if not k.endswith("_upload")} for m in content["materials"]
    ]
    return {**content, "materials": materials}


def _write(parsed: Parsed, ctx: _Context, result: ImportResult, *, dry_run: bool) -> None:
    actor = ctx.actor
    content = _without_uploads(parsed.content) if dry_run else parsed.content
    matter = Matter.objects.filter(implementation_code=parsed.code).first()
    if matter is None:
        matter = _create(
            actor=actor,
            agency=parsed.agency,
            implementation_code=parsed.code,
            source="import",
            **content,
        )
        if parsed.life_events:
            _set_events(actor=actor, matter=matter, events=parsed.life_events)
        result.actions.append(RowAction(parsed.line, "created", parsed.label))
        return
    latest = _latest(matter)
    existing = version_content(latest)
    changed = [name for name, value in parsed.compare.items() if existing.get(name) != value]
    events_changed = parsed.life_events is not None and {e.pk for e in parsed.life_events} != set(
        matter.life_events.values_list("pk", flat=True)
    )
    if changed:
        if latest.status == VersionStatus.SUBMITTED:
            raise ValidationError(
                _(
                    "Version %(n)d of this matter is being reviewed; import the change after the review."
                )
                % {"n": latest.number}
            )
        if latest.status in (VersionStatus.DRAFT, VersionStatus.RETURNED):
            version = latest
        else:
            version = _new_draft(actor=actor, matter=matter, note=content.get("note", ""))
        _update(actor=actor, version=version, source="import", **content)
    if events_changed:
        _set_events(actor=actor, matter=matter, events=parsed.life_events)
    if changed or events_changed:
        fields = [_label(name) for name in changed] + (
            [str(_("life events"))] if events_changed else []
        )
        result.actions.append(RowAction(parsed.line, "updated", parsed.label, fields))
    else:
        result.actions.append(RowAction(parsed.line, "unchanged", parsed.label))


def _read_materials(path: Path, result: ImportResult) -> dict[str, list[Row]]:
    rows, problems, _encoding = read_rows(path, aliases=parse.MATERIAL_ALIASES)
    for problem in problems:
        result.error(problem.line, _("Materials file: %(message)s") % {"message": problem.message})
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        code = parse._text(row.data.get("implementation_code"))
        if not code:
            result.error(row.line, _("Materials file: the implementation code is missing."))
            continue
        grouped[code].append(row)
    return grouped


def import_matters(
    path: Path | str,
    *,
    dry_run: bool = False,
    agency: str | None = "",
    materials: str | Path | None = "",
    actor=None,
    with_files: bool = True,
) -> ImportResult:
    """Import the matters in ``path``; see the module docstring. ``with_files=False`` (the
    staff screen, where only the two files are uploaded) leaves the paths of blank forms and
    samples unread, with a warning. Raises ``ImportFileError`` when a file or the default
    agency cannot be used."""
    path = Path(path)
    default_agency = None
    if (agency or "").strip():
        code = normalize(agency)
        default_agency = Agency.objects.filter(credit_code=code).first()
        if default_agency is None:
            raise ImportFileError(
                _("There is no agency with the credit code %(code)s.") % {"code": code or "—"}
            )
    rows, problems, encoding = read_rows(path, aliases=parse.COLUMN_ALIASES)
    result = ImportResult(encoding=encoding, dry_run=dry_run)
    result.errors.extend(problems)
    unknown = sorted({name for row in rows for name in row.data} - parse.COLUMNS)
    if unknown:
        result.warnings.append(_("Columns not used: %(names)s.") % {"names": "、".join(unknown)})
    material_rows = _read_materials(Path(materials), result) if materials else {}
    codes = {parse._text(r.data.get("implementation_code")) for r in rows}
    for code, mrows in material_rows.items():
        if code not in codes:
            result.warnings.append(
                _(
                    "Materials file, line %(line)d: no matter with the implementation code %(code)s in the import file."
                )
                % {"line": mrows[0].line, "code": code}
            )
    ctx = _Context(
        default_agency=default_agency, actor=actor, base_dir=path.parent if with_files else None
    )
    seen: dict[str, int] = {}
    try:
        with transaction.atomic():
            for row in rows:
                code = parse._text(row.data.get("implementation_code"))
                if code and code in seen:
                    result.error(
                        row.line,
                        _("The implementation code %(code)s is also on line %(line)d.")
                        % {"code": code, "line": seen[code]},
                    )
                    continue
                if code:
                    seen[code] = row.line
                try:
                    with transaction.atomic():
                        parsed = _parse_row(row, ctx, material_rows)
                        if isinstance(parsed, list):
                            for message in parsed:
                                result.error(row.line, message)
                            continue
                        _write(parsed, ctx, result, dry_run=dry_run)
                except ValidationError as exc:
                    for message in _messages(exc):
                        result.error(row.line, message)
            if not dry_run and result.actions:
                record_event(
                    actor=actor,
                    action="service.import",
                    agency=default_agency,
                    data={
                        "file": path.name,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "errors": len(result.errors),
                    },
                )
            if ctx.skipped_files:
                result.warnings.append(
                    ngettext(
                        "%(n)d blank form or sample named in the file was not read: upload it "
                        "on the matter's page, or import with gongkai import matters.",
                        "%(n)d blank forms and samples named in the file were not read: upload "
                        "them on the matter's page, or import with gongkai import matters.",
                        len(ctx.skipped_files),
                    )
                    % {"n": len(ctx.skipped_files)}
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


import_matters.arguments = [  # read by ``gongkai import`` to add these options to its parser
    (("--agency",), {"metavar": "CREDIT_CODE", "help": "the agency the rows belong to"}),
    (
        ("--materials",),
        {"metavar": "FILE", "help": "matters: the materials file (CSV or JSON Lines)"},
    ),
]
