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

The rows are put in the order they will be written (by date published, so that within a year
the 索引号 follow the old site's order), then parsed and checked — the privacy check and the
Chinese segmentation for the search index included — by worker processes when the file is
large (``parse_in_workers``; ``GONGKAI_IMPORT_WORKERS``), while this process writes the rows
already parsed. Writing is done in batches (``BATCH_SIZE`` rows, each batch one transaction):
the items, their first published version, publishers, interpretation links, attachments and
search entries are inserted in bulk as plain rows, the 索引号 serials are reserved as one block
per year (``reserve_index_serials``, one UPDATE, so the sequence stays gap-free), and each batch
writes one audit event (``item.import``). A failing batch rolls back whole, numbers included.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import os
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from io import BytesIO
from itertools import islice
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
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
from gongkai.catalog.search_provider import entry_body, entry_fields
from gongkai.catalog.services.categories import catalog_create_from_template
from gongkai.catalog.services.items import VERSIONED_FIELDS, version_data
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
from gongkai.search.segment import index_tokens, normalize_number
from gongkai.search.services import entry_values, presegment
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.selectors import LOOKAHEAD_YEARS, load_calendar

BATCH_SIZE = 1000

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
    """A checked row, ready to be written: everything that does not depend on the database
    (the privacy check, the search tokens) is done already, so parsing can run in worker
    processes while the main process writes."""

    line: int
    key: str
    old_id: str
    category_id: int
    fields: dict[str, Any]
    attachments: list[tuple[str, bytes, str, str]] = field(
        default_factory=list
    )  # name, content, kind, text
    interprets: list[str] = field(default_factory=list)
    findings: str = ""  # what the privacy check found, for the warning ("" when nothing)
    segments: dict[str, str] = field(default_factory=dict)  # search.services.presegment()


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
        self.labels = {
            "written_date": _("Date written"),
            "published_date": _("Date published"),
            "formed_on": _("Date formed"),
        }

    def key_and_date(self, data) -> tuple[str, dt.date | None]:
        """The row's import key and date published, as ``parse`` will find them (cheap: used to
        order the rows before they are parsed)."""
        try:
            published = parse_date(data.get("published_date"))
        except (ValueError, TypeError):
            published = None
        key = import_key(
            self.agency,
            old_id=_text(data.get("id")),
            title=" ".join(_text(data.get("title")).split()),
            doc_number=_text(data.get("doc_number")),
            published_date=published,
        )
        return key, published

    def formed_date(self, data) -> dt.date | None:
        try:
            return parse_date(data.get("formed_on"))
        except (ValueError, TypeError):
            return None

    def _date(self, data, name: str, problems: list[str]) -> dt.date | None:
        try:
            return parse_date(data.get(name))
        except (ValueError, TypeError):
            problems.append(
                _("%(field)s “%(value)s” is not a date; write it like 2026-05-15 or 2026年5月15日.")
                % {"field": self.labels[name], "value": data.get(name)}
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
        written = self._date(data, "written_date", problems)
        published = self._date(data, "published_date", problems)
        formed = self._date(data, "formed_on", problems)
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
        due = self.due_date(formed) if formed is not None else None
        body_text = to_text(body_html)
        summary = _text(data.get("summary"))
        fields = {
            **values,
            "written_date": written,
            "published_date": published if not self.draft else None,
            "summary": summary,
            "validity": validity,
            "validity_changed_on": None,
            "formed_on": formed,
            "due_date": due,
            "body_html": body_html,
            "body_text": body_text,
            "disclosure_attribute": attribute,
        }
        key = import_key(
            self.agency, old_id=old_id, title=title, doc_number=doc_number, published_date=published
        )
        texts = {
            "title": title,
            "summary": summary,
            "body": body_text,
            "keywords": values["keywords"],
        }
        for name, _content, _kind, text in attachments:
            texts[f"attachment:{name[:200]}"] = text
        findings = privacy.scan({k: v for k, v in texts.items() if v}, today=self.today)
        segments = {}
        if not self.draft and attribute == DisclosureAttribute.PUBLIC:
            segments = presegment(
                title=title,
                doc_number=doc_number,
                body=entry_body(summary, body_text, [a[3] for a in attachments]),
            )
        return ParsedItem(
            line=row.line,
            key=key,
            old_id=old_id,
            category_id=category.pk,
            fields=fields,
            attachments=attachments,
            interprets=_as_list(data.get("interprets")),
            findings="、".join(f"{f.message}（{f.masked}）" for f in findings),
            segments=segments,
        )

    def due_date(self, formed: dt.date) -> dt.date | None:
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
    workers: int | None = None,
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
        workers=workers,
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
    workers: int | None = None,
) -> ImportResult:
    """The import itself, for rows already read (``gongkai demo`` calls it directly).

    The rows are first put in the order they will be written (by date published, so that
    within a year the 索引号 follow the old site's order; a row and its repeats together), then
    parsed — by ``workers`` processes when there are many rows (``parse_in_workers``) — and
    written batch by batch as the parsed rows come back, so that parsing and writing overlap.
    """
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
    ordered, existing = _plan(parser, rows)

    total = len(ordered)
    if progress:
        progress(0, total)
    writer = _Writer(
        agency=agency, source=source, draft=draft, now=now, result=result, dry_run=dry_run
    )
    first_line: dict[str, int] = {}
    batch: list[ParsedItem] = []
    done = 0

    def flush() -> None:
        if dry_run:
            writer.write(batch)
        else:
            with transaction.atomic():
                writer.write(batch)
        batch.clear()

    with bulk_writing(), transaction.atomic() if dry_run else nullcontext():
        for row, item in parse_in_workers(parser, ordered, workers=workers):
            done += 1
            if isinstance(item, list):
                result.error(row.line, "；".join(item))
            elif item.key in first_line:
                result.warnings.append(
                    line_message(
                        item.line,
                        _("the same item as line %(first)d; imported once.")
                        % {"first": first_line[item.key]},
                    )
                )
                result.actions.append(RowAction(item.line, "unchanged", item.fields["title"]))
            else:
                first_line[item.key] = item.line
                if item.key in existing:
                    result.actions.append(RowAction(item.line, "unchanged", item.fields["title"]))
                else:
                    batch.append(item)
            if len(batch) >= BATCH_SIZE:
                flush()
                if progress:
                    progress(done, total)
        if batch:
            flush()
        if dry_run:
            transaction.set_rollback(True)
    if progress:
        progress(total, total)
    return result


@contextmanager
def bulk_writing():
    """SQLite settings for writing many rows at once, put back afterwards: a larger page cache
    (the indexes of a growing table stay in memory), fewer WAL checkpoints (a page written by
    many batches is copied back once), and FTS5 merging its index segments sixteen at a time
    instead of four (each posting is rewritten fewer times; a search reads a few more
    segments until later writes merge them). Together about a quarter off an import of
    100,000 items (docs/performance.md). Nothing to do on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA wal_autocheckpoint")
        checkpoint = cursor.fetchone()[0]
        cursor.execute("SELECT v FROM search_fts_config WHERE k = 'automerge'")
        automerge = (cursor.fetchone() or [FTS5_AUTOMERGE_DEFAULT])[0]
        cursor.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        _set_automerge(cursor, BULK_AUTOMERGE)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")
            _set_automerge(cursor, int(automerge))


BULK_CACHE_KIB = -65536  # 64 MiB (negative: KiB, SQLite's convention)
BULK_CHECKPOINT_PAGES = 16384
BULK_AUTOMERGE = 16
FTS5_AUTOMERGE_DEFAULT = 4


def _set_automerge(cursor, value: int) -> None:
    with transaction.atomic():
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', %s)", [value])


def _plan(parser: _Parser, rows: list[Row]) -> tuple[list[Row], set[str]]:
    """The rows in the order they are written, and the import keys already in the database.

    Ordered by date published (then line), with the repeats of an item right after its first
    occurrence in the file, so that the first good one of them is the one imported. The due
    dates of all dates formed are worked out here, before any worker process starts (they
    read the working-day calendar from the database, which workers never touch)."""
    groups: dict[str, list[Row]] = {}
    first: dict[str, tuple[dt.date, int]] = {}
    for row in rows:
        key, published = parser.key_and_date(row.data)
        if key not in groups:
            groups[key] = []
            first[key] = (published or dt.date.min, row.line)
        groups[key].append(row)
        formed = parser.formed_date(row.data)
        if formed is not None:
            parser.due_date(formed)
    ordered = [row for key in sorted(groups, key=first.__getitem__) for row in groups[key]]
    return ordered, _existing_keys(parser.agency, list(groups))


# --- parsing in worker processes -----------------------------------------------------------

PARALLEL_MIN_ROWS = 2000  # fewer rows are parsed in this process: starting workers costs more
CHUNK_ROWS = 250
_FORKED: tuple[_Parser, list[Row]] | None = None  # what a forked worker parses


def _parse_range(start: int, end: int) -> list[ParsedItem | list[str]]:
    parser, rows = _FORKED
    return [parser.parse(row) for row in rows[start:end]]


def import_workers() -> int:
    """How many processes parse a large import: ``GONGKAI_IMPORT_WORKERS``, else one per CPU."""
    configured = getattr(settings, "GONGKAI_IMPORT_WORKERS", None)
    return max(1, int(configured if configured is not None else (os.cpu_count() or 1)))


def parse_in_workers(
    parser: _Parser, rows: list[Row], *, workers: int | None = None
) -> Iterator[tuple[Row, ParsedItem | list[str]]]:
    """``(row, parser.parse(row))`` for each row, in order.

    With two or more workers and enough rows, forked worker processes parse chunks of rows
    while the caller writes the ones already parsed; a few chunks ahead are kept in flight, so
    memory stays bounded. The workers inherit the parser and the rows at the fork (nothing is
    sent to them but two numbers) and never use the database: the parser reads only memory
    (categories, due dates worked out in ``_plan``), files and settings. Where processes
    cannot be forked (not POSIX), or for a small import, this process parses them itself.
    """
    global _FORKED
    workers = import_workers() if workers is None else workers
    if workers < 2 or len(rows) < PARALLEL_MIN_ROWS or "fork" not in get_all_start_methods():
        for row in rows:
            yield row, parser.parse(row)
        return
    spans = [(i, min(i + CHUNK_ROWS, len(rows))) for i in range(0, len(rows), CHUNK_ROWS)]
    _FORKED = (parser, rows)
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            pending: deque = deque()
            ahead = iter(spans)
            for span in islice(ahead, workers * 4):
                pending.append((span, pool.submit(_parse_range, *span)))
            while pending:
                (start, end), future = pending.popleft()
                parsed = future.result()
                for span in islice(ahead, 1):
                    pending.append((span, pool.submit(_parse_range, *span)))
                yield from zip(rows[start:end], parsed, strict=True)
    finally:
        _FORKED = None


def _existing_keys(agency: Agency, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 900):
        found.update(
            Item.objects.filter(
                agency=agency, import_key__in=keys[start : start + 900]
            ).values_list("import_key", flat=True)
        )
    return found


def _adapter(model_field) -> Callable[[Any], Any] | None:
    """How a value of this field is handed to the database driver (None: as it is)."""
    kind = model_field.get_internal_type()
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DateTimeField":  # the same few moments over and over (published_at = now)
        return functools.lru_cache(maxsize=64)(connection.ops.adapt_datetimefield_value)
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
    adapters = [(i, _adapter(f)) for i, f in enumerate(fields)]
    adapters = [(i, adapt) for i, adapt in adapters if adapt is not None]
    stamps = dict.fromkeys(automatic, now)  # the same value in every row
    pick = operator.itemgetter(*(f.attname for f in fields))
    params = []
    for row in rows:
        values = list(pick({**defaults, **row, **stamps}))
        for i, adapt in adapters:
            if values[i] is not None:
                values[i] = adapt(values[i])
        params.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


class _Writer:
    """Writes one batch of new items inside the caller's transaction: plain rows, one
    executemany per table, no model instances (their cost dominated a large import)."""

    def __init__(self, *, agency, source, draft, now, result: ImportResult, dry_run: bool):
        self.agency, self.source, self.draft, self.now = agency, source, draft, now
        self.result, self.dry_run = result, dry_run
        matcher = CategoryMatcher(agency)
        self.section = matcher.section
        self.category_names = {c.pk: c.name for _path, c in matcher.paths}
        # reverse() once: it costs more than everything else in an entry.
        self.url_pattern = reverse("catalog:item", args=[987654321]).replace("987654321", "{}")
        self.number_heads: dict[str, str | None] = {}

    def number_tokens(self, number: str) -> tuple[str, str]:
        """The search tokens of a 索引号, as ``entry_values`` would find them, and the form of
        the number they belong to. ``CODE/YEAR-SERIAL`` is cut at the punctuation, so its tokens
        are those of ``CODE/YEAR`` and the serial: the segmenter runs once per prefix, and that
        shortcut is checked against the segmenter on the first number of each prefix (if the
        two ever differ, every number of that prefix is segmented whole)."""
        number = normalize_number(number)[:100]
        head, _dash, serial = number.rpartition("-")
        known = self.number_heads.get(head, "")
        if known and serial.isdigit():
            return number, f"{known} {serial}"
        whole = " ".join(index_tokens(number))
        if head not in self.number_heads:
            start = " ".join(index_tokens(head))
            fits = start and serial.isdigit() and whole == f"{start} {serial}"
            self.number_heads[head] = start if fits else None
        return number, whole

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
        rows = []
        for i, p in enumerate(batch):
            row = {
                "agency_id": self.agency.pk,
                "category_id": p.category_id,
                "section": self.section.get(p.category_id, ""),
                "import_key": p.key,
                "status": ItemStatus.PUBLISHED if published else ItemStatus.DRAFT,
                **p.fields,
            }
            if published:
                due = p.fields["due_date"]
                row["index_year"] = p.fields["published_date"].year
                row["index_serial"], row["index_number"] = numbers[i]
                row["published_at"] = self.now
                row["version"] = 1
                row["published_late"] = bool(p.fields["published_date"] > due) if due else None
            rows.append(row)
        insert_rows(Item, rows, now=self.now)
        pks = dict(
            Item.objects.filter(
                agency=self.agency, import_key__in=[p.key for p in batch]
            ).values_list("import_key", "pk")
        )
        for row in rows:
            row["id"] = pks[row["import_key"]]

        insert_rows(
            Item.publishers.through,
            [{"item_id": row["id"], "agency_id": self.agency.pk} for row in rows],
            now=self.now,
        )
        attachments = self._attachments(rows, batch)
        self._link_interpretations(rows, batch)

        flagged = 0
        for p in batch:
            if p.findings:
                flagged += 1
                self.result.warnings.append(
                    line_message(
                        p.line,
                        _(
                            "the privacy check found this in “%(title)s”: %(what)s It was imported; please look at it."
                        )
                        % {"what": p.findings, "title": p.fields["title"]},
                    )
                )
            self.result.actions.append(RowAction(p.line, "created", p.fields["title"]))

        if published:
            self._publish(rows, batch, attachments)

        record_event(
            actor=None,
            action="item.import",
            agency=self.agency,
            data={
                "count": len(rows),
                "file": self.source,
                "draft": self.draft,
                "first_index_number": min((n for _s, n in numbers.values()), default=None),
                "last_index_number": max((n for _s, n in numbers.values()), default=None),
                "first_line": min(p.line for p in batch),
                "last_line": max(p.line for p in batch),
                "privacy_findings": flagged,
            },
        )

    def _attachments(self, rows, batch) -> dict[int, list[Attachment]]:
        by_item: dict[int, list[Attachment]] = defaultdict(list)
        new = []
        for row, p in zip(rows, batch, strict=True):
            if not p.attachments:
                continue
            item = Item(pk=row["id"], agency_id=self.agency.pk)  # for the upload path only
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
                new.append(attachment)
                by_item[item.pk].append(attachment)
        if new:
            Attachment.objects.bulk_create(new)
        return by_item

    def _publish(self, rows, batch, attachments) -> None:
        """The first version of each item, and the search entries of the public ones."""
        versions, entries = [], []
        for row, p in zip(rows, batch, strict=True):
            files = attachments.get(row["id"], [])
            data = version_data(
                **{name: row[name] for name in VERSIONED_FIELDS},
                category_name=self.category_names[row["category_id"]],
                attachments=files,
            )
            versions.append(
                {
                    "item_id": row["id"],
                    "number": 1,
                    "published_at": self.now,
                    "published_by_id": None,
                    "note": "import",
                    "data": data,
                }
            )
            if row["disclosure_attribute"] != DisclosureAttribute.PUBLIC:
                continue  # 内部公开: never in the index
            fields = entry_fields(
                agency_id=row["agency_id"],
                category_id=row["category_id"],
                published_date=row["published_date"],
                validity=row["validity"],
                title=row["title"],
                doc_number=row["doc_number"],
                index_number=row["index_number"],
                url=self.url_pattern.format(row["id"]),
                body=entry_body(row["summary"], row["body_text"], [a.text for a in files]),
            )
            number, tokens = self.number_tokens(row["index_number"])
            segments = {**p.segments, number: tokens}
            entries.append(
                {
                    "kind": "item",
                    "object_id": row["id"],
                    **entry_values(kind="item", **fields, segments=segments),
                }
            )
        insert_rows(ItemVersion, versions, now=self.now)
        insert_rows(SearchEntry, entries, now=self.now)

    def _link_interpretations(self, rows: list[dict], batch: list[ParsedItem]) -> None:
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
        links = []
        for row, p in zip(rows, batch, strict=True):
            for old in p.interprets:
                if old in by_old and by_old[old] != row["id"]:
                    links.append({"from_item_id": row["id"], "to_item_id": by_old[old]})
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
        insert_rows(Item.interprets.through, links, now=self.now)
