"""``gongkai import proposals FILE --registered-by USERNAME``: the list of proposals that the
people's congress or CPPCC office sends (CSV, UTF-8 or GBK, or JSON Lines).

Columns (English names, or the Chinese headers in ``COLUMN_ALIASES``): ``kind`` (人大代表建议 /
政协委员提案, or ``npc`` / ``cppcc``), ``number`` (``第0123号`` or ``123``), ``session``,
``year`` (optional: the registration year), ``title``, ``content``, ``lead_delegate``,
``lead_group`` (代表团/界别), ``cosigners`` (names separated by 、 or commas, each optionally
with its group in brackets: ``李华（白沙镇代表团）``), ``agency`` (the lead agency: full name,
short name or credit code), ``cohandlers`` (separated by 、 or semicolons), ``registered_on``
and ``deadline`` (optional: the usual period).

Rows are matched by kind, session and number: a new one is registered, a known one whose
reply has not been sent is updated (title, content, deadline, delegates, co-handling
agencies), a known one that is unchanged is left alone. Nothing is deleted. Every row is
written through the services as the staff member given with ``--registered-by`` (who must
hold ``proposal.register`` for the lead agency), in its own transaction with its audit event;
a bad row is reported with its line number and the others are still imported. ``dry_run``
runs everything inside a transaction that is rolled back.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.core.importing import ImportFileError, ImportResult, Row, RowAction, read_rows
from gongkai.proposals.models import OPEN_STATUSES, Proposal, ProposalKind
from gongkai.proposals.services import default_deadline, proposal_edit, proposal_register

COLUMN_ALIASES = {
    "类别": "kind",
    "类型": "kind",
    "编号": "number",
    "建议号": "number",
    "提案号": "number",
    "会议": "session",
    "届次": "session",
    "年度": "year",
    "年份": "year",
    "标题": "title",
    "案由": "title",
    "内容": "content",
    "正文": "content",
    "领衔代表": "lead_delegate",
    "领衔人": "lead_delegate",
    "领衔委员": "lead_delegate",
    "代表团": "lead_group",
    "界别": "lead_group",
    "代表团或界别": "lead_group",
    "联名代表": "cosigners",
    "联名人": "cosigners",
    "附议人": "cosigners",
    "主办单位": "agency",
    "协办单位": "cohandlers",
    "交办日期": "registered_on",
    "登记日期": "registered_on",
    "办理期限": "deadline",
    "答复期限": "deadline",
}
KIND_ALIASES = {
    "npc": ProposalKind.NPC,
    "人大代表建议": ProposalKind.NPC,
    "人大建议": ProposalKind.NPC,
    "代表建议": ProposalKind.NPC,
    "建议": ProposalKind.NPC,
    "cppcc": ProposalKind.CPPCC,
    "政协委员提案": ProposalKind.CPPCC,
    "政协提案": ProposalKind.CPPCC,
    "委员提案": ProposalKind.CPPCC,
    "提案": ProposalKind.CPPCC,
}
REQUIRED = ("kind", "number", "session", "title", "content", "lead_delegate", "agency")
_LIST_SEPARATORS = re.compile(r"[、，,;；\n]+")
_NAME_GROUP = re.compile(r"^(?P<name>[^（(]+)[（(](?P<group>[^）)]*)[）)]$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


class RowError(ValueError):
    pass


def _date(value: str, label: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    match = _DATE.match(value)
    try:
        if not match:
            raise ValueError
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise RowError(
            _("%(column)s “%(value)s” is not a date such as 2026-03-02.")
            % {"column": label, "value": value}
        ) from None


def _number(value: str) -> int:
    digits = re.sub(r"^第|号$", "", (value or "").strip())
    if not digits.isdigit() or int(digits) < 1:
        raise RowError(
            _("The number “%(value)s” is not a number such as 第0123号.") % {"value": value}
        )
    return int(digits)


def _agency(value: str) -> Agency:
    value = (value or "").strip()
    agency = Agency.objects.filter(
        Q(credit_code=value.upper()) | Q(name=value) | Q(short_name=value), is_active=True
    ).first()
    if agency is None:
        raise RowError(_("There is no agency “%(name)s”.") % {"name": value})
    return agency


def _delegates(data: dict) -> list[tuple[str, str]]:
    delegates = [(data.get("lead_delegate", "").strip(), data.get("lead_group", "").strip())]
    for part in _LIST_SEPARATORS.split(data.get("cosigners", "") or ""):
        part = part.strip()
        if not part:
            continue
        match = _NAME_GROUP.match(part)
        delegates.append((match["name"].strip(), match["group"].strip()) if match else (part, ""))
    return delegates


def parse_row(data: dict) -> dict:
    missing = [c for c in REQUIRED if not str(data.get(c, "")).strip()]
    if missing:
        raise RowError(_("Missing: %(columns)s.") % {"columns": ", ".join(missing)})
    kind = KIND_ALIASES.get(str(data["kind"]).strip().lower())
    if kind is None:
        raise RowError(_("Unknown kind “%(value)s”.") % {"value": data["kind"]})
    registered_on = _date(str(data.get("registered_on", "")), "registered_on")
    year = str(data.get("year", "")).strip()
    if year and not year.isdigit():
        raise RowError(_("The year “%(value)s” is not a year.") % {"value": year})
    cohandlers = [
        _agency(name)
        for name in _LIST_SEPARATORS.split(data.get("cohandlers", "") or "")
        if name.strip()
    ]
    return {
        "kind": kind,
        "number": _number(str(data["number"])),
        "session": str(data["session"]).strip(),
        "year": int(year) if year else None,
        "title": str(data["title"]).strip(),
        "content": str(data["content"]).strip(),
        "agency": _agency(str(data["agency"])),
        "delegates": _delegates(data),
        "cohandlers": cohandlers,
        "registered_on": registered_on,
        "deadline": _date(str(data.get("deadline", "")), "deadline"),
    }


def _changes(proposal: Proposal, values: dict) -> list[str]:
    changed = []
    if proposal.title != values["title"]:
        changed.append("title")
    if proposal.content != values["content"]:
        changed.append("content")
    if values["deadline"] and proposal.deadline != values["deadline"]:
        changed.append("deadline")
    if list(proposal.delegates.values_list("name", "group")) != values["delegates"]:
        changed.append("delegates")
    if {c.agency_id for c in proposal.cohandlings.all()} != {a.pk for a in values["cohandlers"]}:
        changed.append("cohandlers")
    return changed


def _import_row(row: Row, actor, result: ImportResult, today: dt.date) -> None:
    values = parse_row(row.data)
    label = f"{ProposalKind(values['kind']).label} 第{values['number']:04d}号"
    existing = (
        Proposal.objects.filter(
            kind=values["kind"], session=values["session"], number=values["number"]
        )
        .select_related("agency")
        .first()
    )
    if existing is None:
        registered_on = values["registered_on"] or today
        proposal_register(
            actor=actor,
            kind=values["kind"],
            number=values["number"],
            session=values["session"],
            year=values["year"] or registered_on.year,
            title=values["title"],
            content=values["content"],
            agency=values["agency"],
            delegates=values["delegates"],
            cohandlers=values["cohandlers"],
            registered_on=registered_on,
            deadline=values["deadline"] or default_deadline(registered_on),
            today=today,
        )
        result.actions.append(RowAction(row.line, "created", label))
        return
    if existing.agency_id != values["agency"].pk:
        raise RowError(
            _("It is registered with %(agency)s as the lead agency; change that on its page.")
            % {"agency": existing.agency.name}
        )
    changed = _changes(existing, values)
    if not changed:
        result.actions.append(RowAction(row.line, "unchanged", label))
        return
    if existing.status not in OPEN_STATUSES:
        raise RowError(_("Its reply has been sent; the registration is no longer changed."))
    proposal_edit(
        actor=actor,
        proposal=existing,
        title=values["title"],
        content=values["content"],
        deadline=values["deadline"] or existing.deadline,
        delegates=values["delegates"],
        cohandlers=values["cohandlers"],
    )
    result.actions.append(RowAction(row.line, "updated", label, changed))


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return _(
            "The staff member given with --registered-by may not register proposals for this lead agency."
        )
    return str(exc)


class _DryRun(Exception):
    pass


def import_proposals(
    path: Path | str, *, dry_run: bool = False, registered_by: str | None = None, today=None
) -> ImportResult:
    from django.utils import timezone

    actor = User.objects.filter(username=registered_by or "", is_active=True).first()
    if actor is None:
        raise ImportFileError(
            _(
                "Give the user name of the staff member who registers the proposals: --registered-by USERNAME."
            )
        )
    rows, problems, encoding = read_rows(Path(path), aliases=COLUMN_ALIASES)
    result = ImportResult(encoding=encoding, dry_run=dry_run)
    for problem in problems:
        result.error(problem.line, problem.message)
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    with transaction.atomic():
                        _import_row(row, actor, result, today)
                except (RowError, ValidationError, PermissionDenied) as exc:
                    result.error(row.line, _message(exc))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


import_proposals.arguments = [  # read by ``gongkai import``
    (
        ("--registered-by",),
        {
            "dest": "registered_by",
            "default": None,
            "help": "proposals: the user name of the staff member who registers them.",
        },
    )
]
