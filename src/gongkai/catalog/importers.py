"""``gongkai import items FILE --agency CODE``: bring an agency's items over from its old site.

Columns (English names, or the Chinese header names in ``COLUMN_ALIASES``): ``title``,
``body`` (plain text) or ``body_html`` (sanitised), ``category`` (a path of category names such
as ``政策文件/行政规范性文件``, a unique name, or a common old-site name from
``CATEGORY_ALIASES``), ``doc_number``, ``written_date``, ``published_date``, ``subject``,
``keywords``, ``validity`` (有效/失效/废止 or valid/expired/repealed), ``attachments`` (paths
relative to the import file's folder; a JSON list or ``;``-separated), and optionally ``id`` (the
old site's own id), ``summary``, ``formed_on``, ``disclosure_attribute`` (主动公开/内部公开) and
``interprets`` (old-site ids of the policy documents a 政策解读 explains, earlier in the file or
already imported). Dates may be written 2026-05-15, 2026/5/15 or 2026年5月15日.

Every row is checked first; a bad one is reported with its line number and the rest are still
imported. Each item gets an import key (the old-site id, or a hash of agency, title, 文号 and
发布日期), so running the same file again creates nothing: known items are left unchanged.

Imported items are published as of their own 发布日期, their 索引号 taken in that year's
sequence, unless ``draft`` is set (then they are drafts without numbers, to go through review).
They were published on the old site already, so they skip review; the privacy check still runs
on each and its findings are reported as warnings, not obstacles.

Writing is done in batches (``BATCH_SIZE`` rows, each batch one transaction): the items, their
first published version, publishers, interpretation links, attachments and search entries are
inserted in bulk, the 索引号 serials are reserved as one block per year (``reserve_index_serials``,
one UPDATE, so the sequence stays gap-free), and each batch writes one audit event
(``item.import``). A failing batch rolls back whole, numbers included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.credit_code import normalize
from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.catalog import files, privacy
from gongkai.catalog.doc_numbers import validate_doc_number
from gongkai.catalog.html import sanitize, text_to_html, to_text
from gongkai.catalog.models import (
    Attachment,
    Category,
    DisclosureAttribute,
    IndexSequence,
    Item,
    ItemStatus,
    ItemVersion,
    Validity,
)
from gongkai.catalog.search_provider import entry_for
from gongkai.catalog.services.categories import catalog_create_from_template
from gongkai.catalog.services.items import _version_data
from gongkai.catalog.services.numbering import format_index_number
from gongkai.catalog.timeliness import PUBLISH_WITHIN_WORKING_DAYS, publish_due_date
from gongkai.core.importing import (
    ImportFileError,
    ImportResult,
    Row,
    RowAction,
    line_message,
    read_rows,
)
from gongkai.search.models import SearchEntry
from gongkai.search.services import entry_values
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.selectors import LOOKAHEAD_YEARS, load_calendar

BATCH_SIZE = 500

COLUMNS = frozenset(
    {
        "id",
        "title",
        "body",
        "body_html",
        "category",
        "doc_number",
        "written_date",
        "published_date",
        "subject",
        "keywords",
        "summary",
        "validity",
        "attachments",
        "formed_on",
        "disclosure_attribute",
        "interprets",
    }
)

COLUMN_ALIASES = {
    "原编号": "id",
    "原id": "id",
    "原ID": "id",
    "编号": "id",
    "信息编号": "id",
    "标题": "title",
    "题名": "title",
    "信息名称": "title",
    "名称": "title",
    "正文": "body",
    "内容": "body",
    "正文html": "body_html",
    "正文HTML": "body_html",
    "栏目": "category",
    "所属栏目": "category",
    "目录": "category",
    "分类": "category",
    "信息类别": "category",
    "公开目录": "category",
    "文号": "doc_number",
    "发文字号": "doc_number",
    "成文日期": "written_date",
    "发布日期": "published_date",
    "公开日期": "published_date",
    "发文日期": "published_date",
    "主题分类": "subject",
    "主题词": "keywords",
    "关键词": "keywords",
    "关键字": "keywords",
    "内容概述": "summary",
    "摘要": "summary",
    "有效性": "validity",
    "附件": "attachments",
    "形成日期": "formed_on",
    "产生日期": "formed_on",
    "形成或变更日期": "formed_on",
    "公开属性": "disclosure_attribute",
    "公开方式": "disclosure_attribute",
    "解读对象": "interprets",
    "解读文件": "interprets",
}

# Column names that old sites used for what our standard catalog calls by another name.
CATEGORY_ALIASES = {
    "规范性文件": "行政规范性文件",
    "其他规范性文件": "行政规范性文件",
    "政府规章": "规章",
    "其他文件": "其他文件",
    "通知": "通知公告",
    "公告": "通知公告",
    "公示公告": "通知公告",
    "通知公示": "通知公告",
    "工作动态": "工作动态",
    "动态信息": "工作动态",
    "部门动态": "部门动态",
    "政务动态": "工作动态",
    "工作信息": "工作动态",
    "解读": "政策解读",
    "政策文件解读": "政策解读",
    "预算": "部门预算",
    "预算公开": "部门预算",
    "决算": "部门决算",
    "决算公开": "部门决算",
    "三公经费": "“三公”经费",
    '"三公"经费': "“三公”经费",
    "财政预算决算": "财政预决算",
    "财政信息": "财政预决算",
    "人事任免信息": "人事任免",
    "招考录用": "公务员招考",
    "招录信息": "公务员招考",
    "招聘信息": "公务员招考",
    "政府信息公开年度报告": "政府信息公开年报",
    "信息公开年报": "政府信息公开年报",
    "年度报告": "政府信息公开年报",
    "行政处罚信息": "行政处罚",
    "行政许可信息": "行政许可",
    "双公示": "行政处罚",
    "机构职责": "机构职能",
    "领导信息": "机构领导",
    "领导之窗": "机构领导",
    "规划信息": "规划计划",
    "政府采购": "招标采购",
    "应急管理信息": "应急管理",
}

VALIDITY_ALIASES = {
    "有效": Validity.VALID,
    "现行有效": Validity.VALID,
    "valid": Validity.VALID,
    "": Validity.VALID,
    "失效": Validity.EXPIRED,
    "已失效": Validity.EXPIRED,
    "expired": Validity.EXPIRED,
    "废止": Validity.REPEALED,
    "已废止": Validity.REPEALED,
    "repealed": Validity.REPEALED,
}
ATTRIBUTE_ALIASES = {
    "": DisclosureAttribute.PUBLIC,
    "主动公开": DisclosureAttribute.PUBLIC,
    "public": DisclosureAttribute.PUBLIC,
    "内部公开": DisclosureAttribute.INTERNAL,
    "internal": DisclosureAttribute.INTERNAL,
}

_DATE_RE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_PATH_SPLIT = re.compile(r"\s*(?:/|／|>|＞|»|\\)\s*")
_LIST_SPLIT = re.compile(r"[;；|\n]")


def parse_date(value: Any) -> dt.date | None:
    """``2026-05-15``, ``2026/5/15``, ``2026.5.15``, ``2026年5月15日`` (a time after it is
    ignored); ``None`` for an empty value; ``ValueError`` for anything else."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(text)
    return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in _LIST_SPLIT.split(str(value or "")) if part.strip()]


def import_key(
    agency: Agency,
    *,
    old_id: str = "",
    title: str = "",
    doc_number: str = "",
    published_date: dt.date | None = None,
) -> str:
    """What identifies an imported item when the same file is imported again."""
    if old_id:
        raw = f"{agency.credit_code}\x1fid\x1f{old_id}"
    else:
        day = published_date.isoformat() if published_date else ""
        raw = f"{agency.credit_code}\x1f{title}\x1f{doc_number}\x1f{day}"
    return hashlib.sha256(raw.encode()).hexdigest()


def reserve_index_serials(agency: Agency, year: int, n: int) -> list[tuple[int, str]]:
    """Take the next ``n`` serials of ``agency`` in ``year`` at once: ``[(serial, 索引号), …]``.

    The same counter as ``allocate_index_number``, raised by ``n`` in one UPDATE inside the
    caller's transaction (the row lock, or SQLite's IMMEDIATE transaction, keeps concurrent
    publishers out until it commits), so the numbers are unique and a rolled-back batch gives
    them all back.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_index_serials must run inside the importing transaction.")
    if n <= 0:
        return []
    IndexSequence.objects.bulk_create(
        [IndexSequence(agency=agency, year=year, last_serial=0)], ignore_conflicts=True
    )
    sequence = IndexSequence.objects.filter(agency=agency, year=year)
    sequence.update(last_serial=F("last_serial") + n)
    last = sequence.values_list("last_serial", flat=True).get()
    return [(s, format_index_number(agency, year, s)) for s in range(last - n + 1, last + 1)]


# --- categories ----------------------------------------------------------------------------


class CategoryMatcher:
    """Finds a category of one agency's catalog from what an old site called it."""

    def __init__(self, agency: Agency):
        categories = list(Category.objects.filter(agency=agency))
        by_id = {c.pk: c for c in categories}
        self.paths: list[tuple[tuple[str, ...], Category]] = []
        self.section: dict[int, str] = {}
        for c in categories:
            names, node = [], c
            while node is not None:
                names.append(self._norm(node.name))
                top = node
                node = by_id.get(node.parent_id) if node.parent_id else None
            self.paths.append((tuple(reversed(names)), c))
            self.section[c.pk] = top.code or ""
        self.by_code = {c.code: c for c in categories if c.code}
        self.cache: dict[str, Category | str] = {}

    @staticmethod
    def _norm(name: str) -> str:
        return "".join(name.split())

    def _alias(self, segment: str) -> str:
        return self._norm(CATEGORY_ALIASES.get(segment, segment))

    def match(self, value: str) -> Category | str:
        """The category, or a message saying why none (or more than one) matches."""
        value = (value or "").strip()
        if value in self.cache:
            return self.cache[value]
        result = self._match(value)
        self.cache[value] = result
        return result

    def _match(self, value: str) -> Category | str:
        if not value:
            return _("“Category” is missing.")
        if value in self.by_code:
            return self.by_code[value]
        segments = [self._norm(s) for s in _PATH_SPLIT.split(value) if s.strip()]
        for wanted in (tuple(segments), tuple(self._alias(s) for s in segments)):
            found = [c for path, c in self.paths if path[-len(wanted) :] == wanted]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return _(
                    "The category “%(value)s” is ambiguous: write its path, e.g. %(paths)s."
                ) % {
                    "value": value,
                    "paths": "、".join(
                        "/".join(path) for path, c in self.paths if path[-len(wanted) :] == wanted
                    ),
                }
        return _("There is no category “%(value)s” in this agency's catalog.") % {"value": value}


# --- parsing -------------------------------------------------------------------------------


@dataclass
class ParsedItem:
    line: int
    key: str
    old_id: str
    category: Category
    fields: dict[str, Any]
    attachments: list[tuple[str, bytes, str, str]] = field(
        default_factory=list
    )  # name, content, kind, text
    interprets: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


class _Parser:
    def __init__(self, agency: Agency, base_dir: Path, *, draft: bool, today: dt.date):
        self.agency = agency
        self.base_dir = base_dir.resolve()
        self.draft = draft
        self.today = today
        self.categories = CategoryMatcher(agency)
        self.max_bytes = int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_MB", 50) * 1024 * 1024)
        self.due_dates: dict[dt.date, dt.date | None] = {}
        self.calendars: dict[int, Any] = {}
        self.lengths = {
            name: Item._meta.get_field(name).max_length
            for name in ("title", "doc_number", "subject", "keywords")
        }

    def _date(self, data, name: str, label: str, problems: list[str]) -> dt.date | None:
        try:
            return parse_date(data.get(name))
        except (ValueError, TypeError):
            problems.append(
                _("%(field)s “%(value)s” is not a date; write it like 2026-05-15 or 2026年5月15日.")
                % {"field": label, "value": data.get(name)}
            )
            return None

    def parse(self, row: Row) -> ParsedItem | list[str]:
        data = row.data
        problems: list[str] = []
        title = " ".join(_text(data.get("title")).split())
        if not title:
            problems.append(_("“Title” is missing."))
        category = self.categories.match(_text(data.get("category")))
        if isinstance(category, str):
            problems.append(category)
        doc_number = _text(data.get("doc_number"))
        if doc_number:
            try:
                validate_doc_number(doc_number)
            except ValidationError as exc:
                problems.append(_("Document number: %(error)s") % {"error": " ".join(exc.messages)})
        written = self._date(data, "written_date", _("Date written"), problems)
        published = self._date(data, "published_date", _("Date published"), problems)
        formed = self._date(data, "formed_on", _("Date formed"), problems)
        if published is None and not self.draft and not _text(data.get("published_date")):
            problems.append(_("“Date published” is missing (or import with --draft)."))
        if published and published > self.today:
            problems.append(
                _(
                    "The date published %(date)s is in the future; schedule it through review instead."
                )
                % {"date": published.isoformat()}
            )
        if published and written and written > published:
            problems.append(_("The date written comes after the date published."))
        validity = VALIDITY_ALIASES.get(_text(data.get("validity")).lower())
        if validity is None:
            problems.append(
                _(
                    "Unknown validity “%(value)s”: use 有效, 失效 or 废止 (valid, expired, repealed)."
                )
                % {"value": data.get("validity")}
            )
        attribute = ATTRIBUTE_ALIASES.get(_text(data.get("disclosure_attribute")).lower())
        if attribute is None:
            problems.append(
                _("Unknown disclosure attribute “%(value)s”: use 主动公开 or 内部公开.")
                % {"value": data.get("disclosure_attribute")}
            )
        values = {
            "title": title,
            "doc_number": doc_number,
            "subject": _text(data.get("subject")),
            "keywords": _text(data.get("keywords")),
        }
        for name, limit in self.lengths.items():
            if len(values[name]) > limit:
                label = Item._meta.get_field(name).verbose_name
                problems.append(
                    _("%(field)s is longer than %(n)d characters.") % {"field": label, "n": limit}
                )
        if _text(data.get("body_html")):
            body_html = sanitize(str(data["body_html"]))
        else:
            body_html = text_to_html(str(data.get("body") or ""))
        attachments = []
        for name in _as_list(data.get("attachments")):
            loaded = self._attachment(name)
            if isinstance(loaded, str):
                problems.append(loaded)
            else:
                attachments.append(loaded)
        if problems:
            return problems
        old_id = _text(data.get("id"))
        due = self._due_date(formed) if formed is not None else None
        fields = {
            **values,
            "written_date": written,
            "published_date": published if not self.draft else None,
            "summary": _text(data.get("summary")),
            "validity": validity,
            "validity_changed_on": None,
            "formed_on": formed,
            "due_date": due,
            "body_html": body_html,
            "body_text": to_text(body_html),
            "disclosure_attribute": attribute,
        }
        key = import_key(
            self.agency, old_id=old_id, title=title, doc_number=doc_number, published_date=published
        )
        return ParsedItem(
            line=row.line,
            key=key,
            old_id=old_id,
            category=category,
            fields=fields,
            attachments=attachments,
            interprets=_as_list(data.get("interprets")),
        )

    def _due_date(self, formed: dt.date) -> dt.date | None:
        """``publish_due_date`` with the calendar loaded once per year rather than per row
        (the same walk; a year without data falls back to the service function itself)."""
        if formed not in self.due_dates:
            calendar = self.calendars.get(formed.year)
            if calendar is None:
                calendar = load_calendar(range(formed.year, formed.year + LOOKAHEAD_YEARS + 1))
                self.calendars[formed.year] = calendar
            days = getattr(
                settings, "GONGKAI_PUBLISH_WITHIN_WORKING_DAYS", PUBLISH_WITHIN_WORKING_DAYS
            )
            try:
                self.due_dates[formed] = calendar.add_working_days(
                    formed, days, count_start_day=settings.GONGKAI_COUNT_START_DAY
                )
            except CalendarMissing:
                self.due_dates[formed] = publish_due_date(formed)
        return self.due_dates[formed]

    def _attachment(self, name: str):
        path = (self.base_dir / name).resolve()
        if not path.is_relative_to(self.base_dir):
            return _("The attachment “%(name)s” is outside the import file's folder.") % {
                "name": name
            }
        try:
            content = path.read_bytes()
        except OSError:
            return _("The attachment “%(name)s” was not found next to the import file.") % {
                "name": name
            }
        try:
            kind = files.check_upload(BytesIO(content), path.name, max_bytes=self.max_bytes)
        except files.RejectedFile as exc:
            return str(exc)
        return (path.name, content, kind.code, files.extract_text(BytesIO(content), kind))


# --- the import ----------------------------------------------------------------------------

Progress = Callable[[int, int], None]


def import_items(
    path: Path | str,
    *,
    agency: str,
    dry_run: bool = False,
    draft: bool = False,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Import the items in ``path`` for the agency with credit code ``agency``; see the module
    docstring. Raises ``ImportFileError`` when the file or the agency cannot be used."""
    path = Path(path)
    if not (agency or "").strip():
        raise ImportFileError(_("Name the agency whose items these are: --agency CREDIT_CODE."))
    code = normalize(agency)
    target = Agency.objects.filter(credit_code=code).first()
    if target is None:
        raise ImportFileError(
            _("There is no agency with the credit code %(code)s.") % {"code": code or "—"}
        )
    rows, problems, encoding = read_rows(path, aliases=COLUMN_ALIASES)
    result = import_rows(
        rows,
        agency=target,
        base_dir=path.parent,
        source=path.name,
        dry_run=dry_run,
        draft=draft,
        progress=progress,
        now=now,
    )
    result.encoding = encoding
    result.errors.extend(problems)
    if not dry_run and len(result.actions) >= ANALYZE_AFTER:
        refresh_statistics()
    return result


ANALYZE_AFTER = 1000  # rows imported at once after which the planner's statistics are renewed


def refresh_statistics() -> None:
    """Renew the query planner's statistics of the tables a large import filled. Without it
    PostgreSQL plans the public pages for the empty tables it last saw (seconds instead of
    milliseconds, measured at 100,000 items) until autovacuum gets round to them."""
    tables = ["catalog_item", "catalog_item_publishers", "catalog_item_interprets", "search_entry"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(tables))
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


import_items.arguments = [  # read by ``gongkai import`` to add these options to its parser
    (("--agency",), {"metavar": "CREDIT_CODE", "help": "items: the agency whose items these are"}),
    (("--draft",), {"action": "store_true", "help": "items: import as drafts, not published"}),
]
import_items.wants_progress = True


def import_rows(
    rows: Iterable[Row],
    *,
    agency: Agency,
    base_dir: Path,
    source: str = "",
    dry_run: bool = False,
    draft: bool = False,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """The import itself, for rows already read (``gongkai demo`` calls it directly)."""
    now = now or timezone.now()
    result = ImportResult(dry_run=dry_run)
    rows = list(rows)
    seen_columns = set().union(*(row.data.keys() for row in rows)) if rows else set()
    for column in sorted(seen_columns - COLUMNS):
        result.warnings.append(
            _("Column “%(name)s” is not known and was ignored.") % {"name": column}
        )
    if not Category.objects.filter(agency=agency).exists():
        with transaction.atomic():
            catalog_create_from_template(actor=None, agency=agency)
    parser = _Parser(agency, base_dir, draft=draft, today=timezone.localtime(now).date())

    parsed: list[ParsedItem] = []
    first_line: dict[str, int] = {}
    for row in rows:
        item = parser.parse(row)
        if isinstance(item, list):
            result.error(row.line, "；".join(item))
            continue
        if item.key in first_line:
            result.warnings.append(
                line_message(
                    item.line,
                    _("the same item as line %(first)d; imported once.")
                    % {"first": first_line[item.key]},
                )
            )
            result.actions.append(RowAction(item.line, "unchanged", item.fields["title"]))
            continue
        first_line[item.key] = item.line
        parsed.append(item)

    existing = _existing_keys(agency, [p.key for p in parsed])
    new = []
    for item in parsed:
        if item.key in existing:
            result.actions.append(RowAction(item.line, "unchanged", item.fields["title"]))
        else:
            new.append(item)
    # Within a year the serials follow the dates published (the old site's order).
    new.sort(key=lambda p: (p.fields["published_date"] or dt.date.min, p.line))

    total = len(new)
    if progress:
        progress(0, total)
    writer = _Writer(
        agency=agency, source=source, draft=draft, now=now, result=result, dry_run=dry_run
    )
    if dry_run:
        with transaction.atomic():
            for start in range(0, total, BATCH_SIZE):
                writer.write(new[start : start + BATCH_SIZE])
                if progress:
                    progress(min(start + BATCH_SIZE, total), total)
            transaction.set_rollback(True)
    else:
        for start in range(0, total, BATCH_SIZE):
            with transaction.atomic():
                writer.write(new[start : start + BATCH_SIZE])
            if progress:
                progress(min(start + BATCH_SIZE, total), total)
    return result


def _existing_keys(agency: Agency, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 900):
        found.update(
            Item.objects.filter(
                agency=agency, import_key__in=keys[start : start + 900]
            ).values_list("import_key", flat=True)
        )
    return found


def _privacy_texts(item: Item, attachments: list[Attachment]) -> dict[str, str]:
    texts = {
        "title": item.title,
        "summary": item.summary,
        "body": item.body_text,
        "keywords": item.keywords,
    }
    for attachment in attachments:
        texts[f"attachment:{attachment.name}"] = attachment.text
    return {k: v for k, v in texts.items() if v}


def _row_of(obj) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _adapter(model_field) -> Callable[[Any], Any] | None:
    """How a value of this field is handed to the database driver (None: as it is)."""
    kind = model_field.get_internal_type()
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind in ("JSONField", "DecimalField", "UUIDField", "BinaryField", "TimeField"):
        return lambda value: model_field.get_db_prep_save(value, connection)
    return None


def insert_rows(model, rows: list[dict[str, Any]], *, now: dt.datetime) -> None:
    """INSERT ``rows`` (dicts by attribute name) into ``model``'s table with one executemany.

    What ``bulk_create`` does, without building model instances or compiling a statement per
    row — that cost dominated a large import. Columns the rows leave out get the field's
    default (``now`` for auto_now/auto_now_add). No signals are sent (bulk_create sends none
    either). Runs inside the caller's transaction.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    automatic = {
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    plan = [(f.attname, _adapter(f), defaults[f.attname], f.attname in automatic) for f in fields]
    params = []
    for row in rows:
        values = []
        for name, adapt, default, auto in plan:
            value = now if auto else row.get(name, default)
            values.append(adapt(value) if adapt is not None and value is not None else value)
        params.append(tuple(values))
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


class _Writer:
    """Writes one batch of new items inside the caller's transaction."""

    def __init__(self, *, agency, source, draft, now, result: ImportResult, dry_run: bool):
        self.agency, self.source, self.draft, self.now = agency, source, draft, now
        self.result, self.dry_run = result, dry_run
        self.section = CategoryMatcher(agency).section

    def write(self, batch: list[ParsedItem]) -> None:
        if not batch:
            return
        published = not self.draft
        numbers: dict[int, tuple[int, str]] = {}
        if published:
            by_year: dict[int, list[int]] = defaultdict(list)
            for i, p in enumerate(batch):
                by_year[p.fields["published_date"].year].append(i)
            for year, positions in sorted(by_year.items()):
                for i, number in zip(
                    positions, reserve_index_serials(self.agency, year, len(positions)), strict=True
                ):
                    numbers[i] = number
        items = []
        for i, p in enumerate(batch):
            item = Item(
                agency=self.agency,
                category=p.category,
                section=self.section.get(p.category.pk, ""),
                import_key=p.key,
                status=ItemStatus.PUBLISHED if published else ItemStatus.DRAFT,
                **p.fields,
            )
            if published:
                serial, number = numbers[i]
                item.index_year = item.published_date.year
                item.index_serial, item.index_number = serial, number
                item.published_at = self.now
                item.version = 1
                item.published_late = (
                    bool(item.due_date and item.published_date > item.due_date)
                    if item.due_date
                    else None
                )
            items.append(item)
        insert_rows(Item, [_row_of(item) for item in items], now=self.now)
        pks = dict(
            Item.objects.filter(
                agency=self.agency, import_key__in=[item.import_key for item in items]
            ).values_list("import_key", "pk")
        )
        for item in items:
            item.pk = pks[item.import_key]
            item._state.adding = False

        insert_rows(
            Item.publishers.through,
            [{"item_id": item.pk, "agency_id": self.agency.pk} for item in items],
            now=self.now,
        )

        attachments: dict[int, list[Attachment]] = defaultdict(list)
        new_attachments = []
        for item, p in zip(items, batch, strict=True):
            for order, (name, content, kind, text) in enumerate(p.attachments):
                attachment = Attachment(
                    item=item,
                    name=name[:200],
                    kind=kind,
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    text=text,
                    sort_order=order,
                )
                if self.dry_run:
                    attachment.file.name = name
                else:
                    attachment.file.save(name, ContentFile(content), save=False)
                new_attachments.append(attachment)
                attachments[item.pk].append(attachment)
        if new_attachments:
            Attachment.objects.bulk_create(new_attachments)
        prefetch_related_objects(
            items, "attachments"
        )  # one query; entry_for and versions read them

        self._link_interpretations(items, batch)

        flagged = 0
        for item, p in zip(items, batch, strict=True):
            findings = privacy.scan(_privacy_texts(item, attachments.get(item.pk, [])))
            if findings:
                flagged += 1
                what = "、".join(f"{f.message}（{f.masked}）" for f in findings)
                self.result.warnings.append(
                    line_message(
                        p.line,
                        _(
                            "the privacy check found this in “%(title)s”: %(what)s It was imported; please look at it."
                        )
                        % {"what": what, "title": item.title},
                    )
                )
            self.result.actions.append(RowAction(p.line, "created", item.title))

        if published:
            versions = [
                {
                    "item_id": item.pk,
                    "number": 1,
                    "published_at": self.now,
                    "published_by_id": None,
                    "note": "import",
                    "data": _version_data(item),
                }
                for item in items
            ]
            insert_rows(ItemVersion, versions, now=self.now)
            entries = []
            # reverse() once: it costs more than everything else in entry_for.
            url_pattern = reverse("catalog:item", args=[987654321]).replace("987654321", "{}")
            for item in items:
                entry = entry_for(item, url=url_pattern.format(item.pk))
                if entry is not None:
                    entries.append({"kind": "item", "object_id": item.pk, **entry_values(**entry)})
            insert_rows(SearchEntry, entries, now=self.now)

        record_event(
            actor=None,
            action="item.import",
            agency=self.agency,
            data={
                "count": len(items),
                "file": self.source,
                "draft": self.draft,
                "first_index_number": min((n for _s, n in numbers.values()), default=None),
                "last_index_number": max((n for _s, n in numbers.values()), default=None),
                "first_line": min(p.line for p in batch),
                "last_line": max(p.line for p in batch),
                "privacy_findings": flagged,
            },
        )

    def _link_interpretations(self, items: list[Item], batch: list[ParsedItem]) -> None:
        wanted = {old for p in batch for old in p.interprets}
        if not wanted:
            return
        keys = {import_key(self.agency, old_id=old): old for old in wanted}
        targets = dict(
            Item.objects.filter(agency=self.agency, import_key__in=list(keys)).values_list(
                "import_key", "pk"
            )
        )
        by_old = {keys[k]: pk for k, pk in targets.items()}
        Through = Item.interprets.through
        links = []
        for item, p in zip(items, batch, strict=True):
            for old in p.interprets:
                if old in by_old and by_old[old] != item.pk:
                    links.append(Through(from_item_id=item.pk, to_item_id=by_old[old]))
                else:
                    self.result.warnings.append(
                        line_message(
                            p.line,
                            _(
                                "the item with id “%(id)s” that this interprets was not found; the link was left out."
                            )
                            % {"id": old},
                        )
                    )
        insert_rows(
            Through,
            [{"from_item_id": link.from_item_id, "to_item_id": link.to_item_id} for link in links],
            now=self.now,
        )
