"""``gongkai import applications FILE --agency CODE``: an agency's past ledger (台账) of
applications, one row per application, so that the years before Gongkai count in the annual
report exactly like the cases handled here. The file format is in ``docs/import-ledger.md``.

Columns: ``number`` (the ledger's own number), ``applicant_kind``, ``channel``,
``received_on``, ``closed_on`` (empty while open), ``outcome`` (required exactly when
``closed_on`` is given), ``title``; optional ``applicant_name``, ``id_number``, ``phone``,
``email``, ``address`` (the only personal data an imported case carries). Chinese header names
are read too (``COLUMN_ALIASES``).

An imported case:

- is marked ``imported`` and keeps the ledger number in ``ledger_number`` (unique per agency);
  its application number is ``L<agency id>-<ledger number>``, so ledger numbers of different
  agencies, or ones that look like ours, never collide;
- closed: status 已归档, ``decided_on = replied_on = closed_on`` and the outcome; open: status
  办理中, no reply date. No clock is kept (``due_date`` stays empty): it is listed on the
  workbench but earns no reminders, and ``refresh_clocks`` leaves it alone;
- has no query code, so the public tracking page never finds it.

All or nothing: every row is checked first and every bad row reported with its line number;
if there is one, nothing is written. Re-running a file updates the cases it imported before
(matched on agency and ledger number) instead of adding them again; a ledger number that is
the number of a case handled in Gongkai is refused. One audit event per import
(``application.imported``) records the counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.agencies.models import Agency
from gongkai.applications.ledger_remedies import import_remedies, import_remedy_rows
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    IdType,
    Status,
    Step,
)
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services.intake import normalize_number, normalize_phone
from gongkai.audit.services import record_event
from gongkai.catalog.privacy import is_valid_id_number
from gongkai.core.importing import ImportFileError, ImportResult, Row, RowAction
from gongkai.reports.layout import OUTCOME_ROW, normalise_label

from . import ledger_values as v

__all__ = [
    "import_applications",
    "import_ledger_rows",
    "import_remedies",
    "import_remedy_rows",
    "parse_outcome",
]

REQUIRED = ("number", "applicant_kind", "channel", "received_on", "title")
PERSONAL = ("applicant_name", "id_number", "phone", "email", "address")
COLUMNS = (*REQUIRED, "closed_on", "outcome", *PERSONAL)
MAX_LENGTH = {
    "number": 60,
    "title": 300,
    "applicant_name": 100,
    "id_number": 40,
    "phone": 30,
    "address": 200,
}
BATCH = 1000
# How a column is named in a message: its name in the file format and the usual Chinese header.
LABELS = {
    "number": "编号",
    "applicant_kind": "申请人类型",
    "channel": "申请方式",
    "received_on": "收到日期",
    "closed_on": "办结日期",
    "outcome": "办理结果",
    "title": "申请内容",
    "applicant_name": "申请人",
    "id_number": "证件号码",
    "phone": "联系电话",
    "email": "电子邮箱",
    "address": "通信地址",
}


def _column(name: str) -> str:
    return f"{name}（{LABELS[name]}）"


COLUMN_ALIASES = {
    "编号": "number",
    "申请编号": "number",
    "台账编号": "number",
    "登记编号": "number",
    "申请人类型": "applicant_kind",
    "申请人类别": "applicant_kind",
    "申请主体": "applicant_kind",
    "申请方式": "channel",
    "申请渠道": "channel",
    "提交方式": "channel",
    "收到日期": "received_on",
    "收到申请日期": "received_on",
    "受理日期": "received_on",
    "登记日期": "received_on",
    "办结日期": "closed_on",
    "答复日期": "closed_on",
    "结案日期": "closed_on",
    "办理结果": "outcome",
    "答复结果": "outcome",
    "处理结果": "outcome",
    "申请内容": "title",
    "所需信息": "title",
    "申请公开的信息": "title",
    "信息名称": "title",
    "标题": "title",
    "info_title": "title",
    "申请人": "applicant_name",
    "申请人姓名": "applicant_name",
    "申请人名称": "applicant_name",
    "姓名": "applicant_name",
    "证件号码": "id_number",
    "身份证号码": "id_number",
    "身份证号": "id_number",
    "联系电话": "phone",
    "电话": "phone",
    "电子邮箱": "email",
    "邮箱": "email",
    "通信地址": "address",
    "联系地址": "address",
    "地址": "address",
}

APPLICANT_KINDS = v.choice_table(
    [
        ("自然人", ApplicantKind.NATURAL_PERSON),
        ("商业企业", ApplicantKind.COMMERCIAL),
        ("科研机构", ApplicantKind.RESEARCH),
        ("社会公益组织", ApplicantKind.NONPROFIT),
        ("法律服务机构", ApplicantKind.LEGAL_SERVICE),
        ("其他", ApplicantKind.OTHER),
        ("其他组织", ApplicantKind.OTHER),
        *((code, code) for code in ApplicantKind.values),
        *v.labels_in(ApplicantKind, "en"),
    ]
)
CHANNELS = v.choice_table(
    [
        ("网上申请", Channel.ONLINE),
        ("网上", Channel.ONLINE),
        ("在线申请", Channel.ONLINE),
        ("网络", Channel.ONLINE),
        ("当面提交", Channel.IN_PERSON),
        ("当面", Channel.IN_PERSON),
        ("当面申请", Channel.IN_PERSON),
        ("现场", Channel.IN_PERSON),
        ("邮寄", Channel.POST),
        ("挂号信", Channel.POST),
        ("信函", Channel.ORDINARY_MAIL),
        ("平常信函", Channel.ORDINARY_MAIL),
        ("平信", Channel.ORDINARY_MAIL),
        ("传真", Channel.FAX),
        ("电子邮件", Channel.EMAIL),
        ("邮件", Channel.EMAIL),
        ("口头", Channel.ORAL),
        ("口头申请", Channel.ORAL),
        ("口头提出", Channel.ORAL),
        *((code, code) for code in Channel.values),
        *v.labels_in(Channel, "en"),
    ]
)


def _outcome_key(value: str) -> str:
    """How a printed outcome is compared: NFKC, the report's label rules, "4、" as "4."."""
    return re.sub(r"(\d)、", r"\1.", normalise_label(v.text(value))).lower()


OUTCOMES: dict[str, str] = {
    **{_outcome_key(str(o.label)): o.value for o in Outcome},  # （三）不予公开 4.保护第三方合法权益
    **{code: code for code in Outcome.values},  # withheld_4
    **{key: code for code, key in OUTCOME_ROW.items()},  # 三.三.4
    _outcome_key("（二）部分公开"): Outcome.PARTIAL.value,  # the row's text without its note
}


def parse_outcome(value: Any) -> str | None:
    s = v.text(value)
    return OUTCOMES.get(s.lower()) or OUTCOMES.get(_outcome_key(s))


@dataclass
class _Case:
    line: int
    ledger_number: str
    fields: dict[str, Any]  # Application fields as the ledger gives them


def imported_number(agency: Agency, ledger_number: str) -> str:
    """The application number of an imported case: ``L<agency id>-<ledger number>``, or a
    digest of the ledger number when that would not fit the field."""
    number = normalize_number(f"L{agency.pk}-{ledger_number}")
    if len(number) <= Application._meta.get_field("number").max_length:
        return number
    digest = hashlib.sha256(ledger_number.encode()).hexdigest()[:16].upper()
    return f"L{agency.pk}-{digest}"


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _parse(row: Row, today: dt.date) -> tuple[_Case | None, list[str]]:
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
    fields: dict[str, Any] = {"info_title": cell["title"]}
    if cell["applicant_kind"]:
        kind = v.lookup(APPLICANT_KINDS, cell["applicant_kind"])
        if kind is None:
            problems.append(
                _(
                    "Unknown applicant type “%(value)s”: use 自然人, 商业企业, 科研机构, "
                    "社会公益组织, 法律服务机构 or 其他."
                )
                % {"value": cell["applicant_kind"]}
            )
        fields["applicant_kind"] = kind
    if cell["channel"]:
        channel = v.lookup(CHANNELS, cell["channel"])
        if channel is None:
            problems.append(
                _(
                    "Unknown channel “%(value)s”: use 网上申请, 当面提交, 邮寄, 信函, 传真, "
                    "电子邮件 or 口头."
                )
                % {"value": cell["channel"]}
            )
        fields["channel"] = channel
    dates = {}
    for name in ("received_on", "closed_on"):
        try:
            dates[name] = v.parse_date(data.get(name))
        except ValueError as exc:
            problems.append(_("%(field)s: %(error)s") % {"field": _column(name), "error": exc})
            dates[name] = None
        else:
            if dates[name] and dates[name] > today:
                problems.append(_("“%(column)s” is in the future.") % {"column": _column(name)})
    received, closed = dates["received_on"], dates["closed_on"]
    if received and closed and closed < received:
        problems.append(_("closed_on is before received_on."))
    outcome = ""
    if cell["outcome"]:
        outcome = parse_outcome(cell["outcome"]) or ""
        if not outcome:
            problems.append(
                _(
                    "Unknown outcome “%(value)s”: write the Table 2 row as printed with its "
                    "group, e.g. “（三）不予公开 4.保护第三方合法权益”, its code (withheld_4) or "
                    "its row number (三.三.4); see docs/import-ledger.md."
                )
                % {"value": cell["outcome"]}
            )
        elif not cell["closed_on"]:
            problems.append(
                _("An open case has no outcome: give closed_on as well, or leave outcome empty.")
            )
    elif closed:
        problems.append(_("A closed case needs its outcome."))
    fields.update(
        received_on=received,
        submitted_at=_aware(received) if received else None,
        status=Status.ARCHIVED if closed else Status.HANDLING,
        outcome=outcome if closed else "",
        decided_on=closed,
        replied_on=closed,
    )
    # Personal data: only the columns the file has (an update leaves the others alone).
    if "applicant_name" in data:
        fields["applicant_name"] = cell["applicant_name"]
    if "id_number" in data:
        number = re.sub(r"[\s-]", "", cell["id_number"]).upper()
        fields["id_number"] = number
        if not number:
            fields["id_type"] = ""
        elif fields.get("applicant_kind") not in (None, ApplicantKind.NATURAL_PERSON):
            fields["id_type"] = IdType.CREDIT_CODE
        elif is_valid_id_number(number):
            fields["id_type"] = IdType.RESIDENT_ID
        else:
            fields["id_type"] = IdType.OTHER
    if "phone" in data:
        fields["phone"] = normalize_phone(cell["phone"])
    if "email" in data:
        if cell["email"]:
            try:
                validate_email(cell["email"])
            except ValidationError:
                problems.append(
                    _("“%(value)s” is not an e-mail address.") % {"value": cell["email"]}
                )
        fields["email"] = cell["email"]
    if "address" in data:
        fields["address"] = cell["address"]
    if problems:
        return None, problems
    return _Case(row.line, cell["number"], fields), []


def _changes(existing: Application, fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if getattr(existing, name) != value}


def _plan(agency: Agency, rows: list[Row], result: ImportResult, today: dt.date):
    """Check every row; the cases to create and the (case, changes) to update."""
    cases: list[_Case] = []
    first_line: dict[str, int] = {}
    for row in rows:
        case, problems = _parse(row, today)
        if problems:
            result.error(row.line, "；".join(problems))
            continue
        if case.ledger_number in first_line:
            result.error(
                case.line,
                _("The number %(number)s already appears on line %(line)d.")
                % {"number": case.ledger_number, "line": first_line[case.ledger_number]},
            )
            continue
        first_line[case.ledger_number] = case.line
        cases.append(case)
    numbers = [case.ledger_number for case in cases]
    known: dict[str, Application] = {}
    native: set[str] = set()
    for start in range(0, len(numbers), BATCH):
        chunk = numbers[start : start + BATCH]
        for application in Application.objects.filter(
            agency=agency, imported=True, ledger_number__in=chunk
        ):
            known[application.ledger_number] = application
        native.update(
            Application.objects.filter(
                agency=agency,
                imported=False,
                number__in=[normalize_number(n) for n in chunk],
            ).values_list("number", flat=True)
        )
    creates: list[_Case] = []
    updates: list[tuple[_Case, Application, dict[str, Any]]] = []
    for case in cases:
        existing = known.get(case.ledger_number)
        if existing is None and normalize_number(case.ledger_number) in native:
            result.error(
                case.line,
                _(
                    "%(number)s is the number of an application handled in Gongkai; a ledger "
                    "cannot overwrite it. Leave this line out of the ledger."
                )
                % {"number": case.ledger_number},
            )
        elif existing is None:
            creates.append(case)
            result.actions.append(RowAction(case.line, "created", case.ledger_number))
        elif changes := _changes(existing, case.fields):
            updates.append((case, existing, changes))
            result.actions.append(
                RowAction(case.line, "updated", case.ledger_number, sorted(changes))
            )
        else:
            result.actions.append(RowAction(case.line, "unchanged", case.ledger_number))
    return creates, updates


def _new_application(agency: Agency, case: _Case) -> Application:
    values = {
        "applicant_name": "",
        "id_type": "",
        "id_number": "",
        **case.fields,
    }
    return Application(
        agency=agency,
        number=imported_number(agency, case.ledger_number),
        ledger_number=case.ledger_number,
        imported=True,
        query_code_hash="",  # no query code: the tracking page never finds an imported case
        form_wanted="",
        delivery_wanted="",
        **values,
    )


def _updated_text(source: str, changes: dict[str, Any]) -> str:
    fields = v.field_names(Application, sorted(changes))
    if source:
        message = gettext_noop("Updated from the ledger %(source)s: %(fields)s.")
        return v.site_text(message, source=source, fields=fields)
    return v.site_text(gettext_noop("Updated from a ledger: %(fields)s."), fields=fields)


def _write(agency, creates, updates, *, actor, source: str, now: dt.datetime) -> None:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    created_text = (
        v.site_text(gettext_noop("Imported from the ledger %(source)s."), source=source)
        if source
        else v.site_text(gettext_noop("Imported from a ledger."))
    )
    for start in range(0, len(creates), BATCH):
        chunk = [_new_application(agency, case) for case in creates[start : start + BATCH]]
        Application.objects.bulk_create(chunk)
        Step.objects.bulk_create(
            Step(
                application=application,
                at=now,
                kind="imported",
                text=created_text,
                public=False,
                actor=actor_obj,
            )
            for application in chunk
        )
    for _case, application, changes in updates:
        for name, value in changes.items():
            setattr(application, name, value)
        application.save(update_fields=[*changes, "updated_at"])
        Step.objects.create(
            application=application,
            at=now,
            kind="imported",
            text=_updated_text(source, changes),
            public=False,
            actor=actor_obj,
        )


def import_ledger_rows(
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
    imported cases in one transaction. The result lists what was (or would be) done per line,
    or every problem and nothing done."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    rows = v.as_rows(rows)
    result = ImportResult(dry_run=dry_run)
    v.warn_unknown_columns(rows, COLUMNS, result)
    creates, updates = _plan(agency, rows, result, today)
    if v.refuse_if_errors(result) or dry_run:
        return result
    try:
        with transaction.atomic():
            _write(agency, creates, updates, actor=actor, source=source, now=now)
            record_event(
                actor=actor,
                action="application.imported",
                obj=agency,
                data={
                    "source": source,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
    except IntegrityError as exc:  # another import of the same ledger at the same time
        raise ImportFileError(
            _("The ledger could not be saved (%(error)s); nothing was imported. Run it again.")
            % {"error": exc}
        ) from exc
    return result


def import_applications(
    path: Path | str, *, agency: str, dry_run: bool = False, actor=None
) -> ImportResult:
    """``gongkai import applications FILE --agency CREDIT_CODE``; see the module docstring.
    Raises ``ImportFileError`` when the file or the agency cannot be used."""
    return v.import_file(
        path,
        agency=agency,
        rows_importer=import_ledger_rows,
        aliases=COLUMN_ALIASES,
        dry_run=dry_run,
        actor=actor,
    )


import_applications.arguments = [  # read by ``gongkai import``; shared with ``import items``
    (("--agency",), {"metavar": "CREDIT_CODE", "help": "the agency whose data these are"}),
]
