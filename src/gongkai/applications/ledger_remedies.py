"""``gongkai import remedies FILE --agency CODE``: an agency's past 行政复议 and 行政诉讼 over its
applications, for annual-report Table 3. The file format is in ``docs/import-ledger.md``.

Columns: ``kind`` (复议 / 诉讼 / 复议后诉讼), ``filed_on``, ``result`` (维持 / 纠正 / 其他 /
尚未审结), ``decided_on`` (required unless 尚未审结, never before ``filed_on``); optional
``application_number`` (an application of the agency: its Gongkai number or the ledger number
it was imported with), ``body`` (复议机关 or court), ``reference`` (案号) and ``note``.

Re-running a file updates instead of duplicating. A remedy is recognised by its 案号 when the
row has one; otherwise by kind, filing date, application number and body together with how
many rows before it in the file have the same four (so a corrected result or decision date
updates the row it belongs to). A 案号 already recorded on a remedy entered in Gongkai is
refused. All or nothing, like the applications ledger (``ledger``); one audit event per
import (``remedy.imported``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Remedy, RemedyKind, RemedyResult
from gongkai.applications.services.intake import normalize_number
from gongkai.audit.services import record_event
from gongkai.core.importing import ImportFileError, ImportResult, Row, RowAction

from . import ledger_values as v

REQUIRED = ("kind", "filed_on", "result")
COLUMNS = (*REQUIRED, "decided_on", "application_number", "body", "reference", "note")
MAX_LENGTH = {"body": 200, "reference": 100, "application_number": 60}
LABELS = {
    "kind": "类型",
    "filed_on": "提起日期",
    "result": "结果",
    "decided_on": "审结日期",
    "application_number": "申请编号",
    "body": "复议机关或法院",
    "reference": "案号",
    "note": "备注",
}
FIELDS = (
    "application",
    "kind",
    "after_reconsideration",
    "filed_on",
    "result",
    "concluded_on",
    "body",
    "reference",
    "note",
)

COLUMN_ALIASES = {
    "类型": "kind",
    "案件类型": "kind",
    "救济类型": "kind",
    "申请日期": "filed_on",
    "立案日期": "filed_on",
    "提起日期": "filed_on",
    "结果": "result",
    "审理结果": "result",
    "审结日期": "decided_on",
    "决定日期": "decided_on",
    "结案日期": "decided_on",
    "裁判日期": "decided_on",
    "申请编号": "application_number",
    "对应申请编号": "application_number",
    "政府信息公开申请编号": "application_number",
    "复议机关或法院": "body",
    "复议机关": "body",
    "法院": "body",
    "受理机关": "body",
    "案号": "reference",
    "备注": "note",
}

KINDS = v.choice_table(
    [
        ("复议", (RemedyKind.RECONSIDERATION, False)),
        ("行政复议", (RemedyKind.RECONSIDERATION, False)),
        ("reconsideration", (RemedyKind.RECONSIDERATION, False)),
        ("诉讼", (RemedyKind.LITIGATION, False)),
        ("行政诉讼", (RemedyKind.LITIGATION, False)),
        ("直接起诉", (RemedyKind.LITIGATION, False)),
        ("未经复议直接起诉", (RemedyKind.LITIGATION, False)),
        ("litigation", (RemedyKind.LITIGATION, False)),
        ("复议后诉讼", (RemedyKind.LITIGATION, True)),
        ("复议后起诉", (RemedyKind.LITIGATION, True)),
        ("litigation_after_reconsideration", (RemedyKind.LITIGATION, True)),
    ]
)
RESULTS = v.choice_table(
    [
        ("维持", RemedyResult.UPHELD),
        ("结果维持", RemedyResult.UPHELD),
        ("纠正", RemedyResult.CORRECTED),
        ("结果纠正", RemedyResult.CORRECTED),
        ("其他", RemedyResult.OTHER),
        ("其他结果", RemedyResult.OTHER),
        ("尚未审结", RemedyResult.PENDING),
        ("未审结", RemedyResult.PENDING),
        ("审理中", RemedyResult.PENDING),
        *((code, code) for code in RemedyResult.values),
    ]
)


def _column(name: str) -> str:
    return f"{name}（{LABELS[name]}）"


@dataclass
class _Remedy:
    line: int
    identity: str  # the 案号, or the columns that tell one remedy from another
    by_reference: bool
    application_number: str
    fields: dict[str, Any]


def _parse(row: Row, today: dt.date) -> tuple[_Remedy | None, list[str]]:
    data = row.data
    problems: list[str] = []
    cell = {name: v.text(data.get(name)) for name in COLUMNS}
    for name in REQUIRED:
        if not cell[name]:
            problems.append(_("“%(column)s” is missing.") % {"column": _column(name)})
    for name, limit in MAX_LENGTH.items():
        if len(cell[name]) > limit:
            problems.append(
                _("“%(column)s” has %(n)d characters; at most %(max)d are allowed.")
                % {"column": _column(name), "n": len(cell[name]), "max": limit}
            )
    kind, after = RemedyKind.RECONSIDERATION, False
    if cell["kind"]:
        found = v.lookup(KINDS, cell["kind"])
        if found is None:
            problems.append(
                _("Unknown kind “%(value)s”: use 复议, 诉讼 or 复议后诉讼.")
                % {"value": cell["kind"]}
            )
        else:
            kind, after = found
    result = RemedyResult.PENDING
    if cell["result"]:
        result = v.lookup(RESULTS, cell["result"])
        if result is None:
            problems.append(
                _("Unknown result “%(value)s”: use 维持, 纠正, 其他 or 尚未审结.")
                % {"value": cell["result"]}
            )
    dates = {}
    for name in ("filed_on", "decided_on"):
        try:
            dates[name] = v.parse_date(data.get(name))
        except ValueError as exc:
            problems.append(_("%(field)s: %(error)s") % {"field": _column(name), "error": exc})
            dates[name] = None
        else:
            if dates[name] and dates[name] > today:
                problems.append(_("“%(column)s” is in the future.") % {"column": _column(name)})
    filed, decided = dates["filed_on"], dates["decided_on"]
    if result == RemedyResult.PENDING and cell["decided_on"]:
        problems.append(_("A case not yet concluded has no decided_on: leave it empty."))
    elif result not in (None, RemedyResult.PENDING) and not cell["decided_on"]:
        problems.append(_("decided_on is missing: a concluded case needs its date."))
    if filed and decided and decided < filed:
        problems.append(_("decided_on is before filed_on."))
    if problems:
        return None, problems
    reference = "".join(cell["reference"].split())
    identity = (
        reference
        if reference
        else "|".join(
            [
                kind,
                "1" if after else "0",
                filed.isoformat(),
                cell["application_number"],
                cell["body"],
            ]
        )
    )
    fields = {
        "kind": kind,
        "after_reconsideration": after,
        "filed_on": filed,
        "result": result,
        "concluded_on": decided,
        "body": cell["body"],
        "reference": cell["reference"],
        "note": cell["note"],
    }
    return _Remedy(row.line, identity, bool(reference), cell["application_number"], fields), []


def _applications(agency: Agency, numbers: set[str]) -> dict[str, Application]:
    """The agency's applications by every number a ledger may use for them."""
    found: dict[str, Application] = {}
    normal = {normalize_number(n) for n in numbers}
    for application in Application.objects.filter(agency=agency).filter(
        Q(ledger_number__in=numbers) | Q(number__in=normal)
    ):
        found[application.number] = application
        if application.ledger_number:
            found[application.ledger_number] = application
    return {n: found.get(n) or found.get(normalize_number(n)) for n in numbers}


def _key(item: _Remedy, occurrence: int) -> str:
    if item.by_reference:
        return f"ref:{item.identity}"
    digest = hashlib.sha256(item.identity.encode()).hexdigest()[:40]
    return f"row:{digest}:{occurrence}"


def _plan(agency: Agency, rows: list[Row], result: ImportResult, today: dt.date):
    items: list[_Remedy] = []
    for row in rows:
        item, problems = _parse(row, today)
        if problems:
            result.error(row.line, "；".join(problems))
        else:
            items.append(item)
    applications = _applications(agency, {i.application_number for i in items} - {""})
    seen: Counter[str] = Counter()
    reference_line: dict[str, int] = {}
    planned: list[tuple[_Remedy, str]] = []
    for item in items:
        if item.application_number:
            application = applications.get(item.application_number)
            if application is None:
                result.error(
                    item.line,
                    _("%(agency)s has no application numbered %(number)s.")
                    % {"agency": agency.name, "number": item.application_number},
                )
                continue
            if application.received_on and item.fields["filed_on"] < application.received_on:
                result.error(item.line, _("filed_on is before the application was received."))
                continue
            item.fields["application"] = application
        else:
            item.fields["application"] = None
        if item.by_reference and item.identity in reference_line:
            result.error(
                item.line,
                _("The case number %(reference)s already appears on line %(line)d.")
                % {"reference": item.fields["reference"], "line": reference_line[item.identity]},
            )
            continue
        reference_line.setdefault(item.identity, item.line)
        seen[item.identity] += 1
        planned.append((item, _key(item, seen[item.identity])))

    keys = [key for _item, key in planned]
    known = {
        r.import_key: r
        for r in Remedy.objects.filter(agency=agency, import_key__in=keys).select_related(
            "application"
        )
    }
    references = [i.fields["reference"] for i, _k in planned if i.by_reference]
    native = set(
        Remedy.objects.filter(agency=agency, imported=False, reference__in=references).values_list(
            "reference", flat=True
        )
    )
    creates: list[Remedy] = []
    updates: list[tuple[Remedy, dict[str, Any]]] = []
    for item, key in planned:
        label = item.fields["reference"] or f"{item.fields['filed_on']:%Y-%m-%d}"
        existing = known.get(key)
        if existing is None and item.fields["reference"] in native:
            result.error(
                item.line,
                _(
                    "The case number %(reference)s belongs to a remedy recorded in Gongkai; a "
                    "ledger cannot overwrite it."
                )
                % {"reference": item.fields["reference"]},
            )
        elif existing is None:
            creates.append(Remedy(agency=agency, imported=True, import_key=key, **item.fields))
            result.actions.append(RowAction(item.line, "created", label))
        elif changes := {
            name: item.fields[name]
            for name in FIELDS
            if getattr(existing, name) != item.fields[name]
        }:
            updates.append((existing, changes))
            result.actions.append(RowAction(item.line, "updated", label, sorted(changes)))
        else:
            result.actions.append(RowAction(item.line, "unchanged", label))
    return creates, updates


def import_remedy_rows(
    agency: Agency,
    rows,
    *,
    actor=None,
    dry_run: bool = False,
    source: str = "",
    today: dt.date | None = None,
) -> ImportResult:
    """Check ``rows`` (dicts keyed by column name, numbered from line 1, or ``Row`` objects)
    and, when every one is good and ``dry_run`` is false, create or update the agency's
    imported remedies in one transaction (all or nothing)."""
    today = today or timezone.localdate()
    rows = v.as_rows(rows)
    result = ImportResult(dry_run=dry_run)
    v.warn_unknown_columns(rows, COLUMNS, result)
    creates, updates = _plan(agency, rows, result, today)
    if v.refuse_if_errors(result) or dry_run:
        return result
    try:
        with transaction.atomic():
            Remedy.objects.bulk_create(creates, batch_size=1000)
            for remedy, changes in updates:
                for name, value in changes.items():
                    setattr(remedy, name, value)
                remedy.save(update_fields=list(changes))
            record_event(
                actor=actor,
                action="remedy.imported",
                obj=agency,
                data={
                    "source": source,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
    except IntegrityError as exc:
        raise ImportFileError(
            _("The ledger could not be saved (%(error)s); nothing was imported. Run it again.")
            % {"error": exc}
        ) from exc
    return result


def import_remedies(
    path: Path | str, *, agency: str, dry_run: bool = False, actor=None
) -> ImportResult:
    """``gongkai import remedies FILE --agency CREDIT_CODE``; see the module docstring."""
    return v.import_file(
        path,
        agency=agency,
        rows_importer=import_remedy_rows,
        aliases=COLUMN_ALIASES,
        dry_run=dry_run,
        actor=actor,
    )


import_remedies.arguments = [
    (("--agency",), {"metavar": "CREDIT_CODE", "help": "the agency whose data these are"}),
]
