"""``gongkai import items``: an agency's old site moved over, published as of its own dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.catalog.importers import BATCH_SIZE, import_items, parse_date
from gongkai.catalog.models import (
    Attachment,
    Category,
    DisclosureAttribute,
    Item,
    ItemStatus,
    Validity,
)
from gongkai.catalog.services import catalog_create_from_template
from gongkai.catalog.services.items import item_approve, item_create, item_submit
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search
from gongkai.search.services import verify
from tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 10, 0))


@pytest.fixture
def agency():
    agency = AgencyFactory()
    catalog_create_from_template(actor=None, agency=agency)
    return agency


def row(**fields):
    data = {
        "title": "关于印发《测试县年度工作方案》的通知",
        "body": "为做好年度工作，制定本方案。\n请各单位认真贯彻落实。",
        "category": "政策文件/行政规范性文件",
        "published_date": "2025-03-01",
    }
    data.update(fields)
    return data


def write_jsonl(path, rows):
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    return path


def write_csv(path, rows, encoding="utf-8"):
    columns = sorted({k for r in rows for k in r})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def run(path, agency, **kwargs):
    kwargs.setdefault("now", NOW)
    return import_items(path, agency=agency.credit_code, **kwargs)


def test_jsonl_items_are_published_as_of_their_own_date_in_that_years_sequence(agency, tmp_path):
    path = write_jsonl(
        tmp_path / "items.jsonl",
        [
            row(
                title="二〇二五年的文件",
                published_date="2025-03-01",
                doc_number="蓝政发〔2025〕3号",
                written_date="2025年2月20日",
                subject="综合政务",
                keywords=["年度", "方案"],
                validity="有效",
            ),
            row(title="二〇二六年的文件", published_date="2026/1/5", category="通知公告"),
        ],
    )
    result = run(path, agency)
    assert result.errors == [] and result.created == 2
    old = Item.objects.get(title="二〇二五年的文件")
    new = Item.objects.get(title="二〇二六年的文件")
    assert old.status == ItemStatus.PUBLISHED
    assert old.index_number == f"{agency.credit_code}/2025-00001"
    assert new.index_number == f"{agency.credit_code}/2026-00001"
    assert old.published_date == dt.date(2025, 3, 1) and old.written_date == dt.date(2025, 2, 20)
    assert old.doc_number == "蓝政发〔2025〕3号" and old.keywords == "年度 方案"
    assert old.body_html == "<p>为做好年度工作，制定本方案。</p><p>请各单位认真贯彻落实。</p>"
    assert "认真贯彻落实" in old.body_text
    assert old.section == "policy" and new.category.name == "通知公告"
    assert list(old.publishers.all()) == [agency]
    assert old.versions.get().number == 1 and old.version == 1
    assert old.created_by is None and old.published_at == NOW


def test_serials_stay_gap_free_across_imports_and_the_workflow(agency, tmp_path):
    first = write_jsonl(
        tmp_path / "a.jsonl",
        [row(title=f"文件{i}", published_date=f"2025-03-{i + 1:02d}") for i in range(3)],
    )
    run(first, agency)
    # An item published through review in 2025 takes the next number after the import...
    officer, reviewer = staff(Role.OFFICER, agency), staff(Role.REVIEWER, agency)
    category = Category.objects.get(agency=agency, code="news.work")
    item = item_create(
        actor=officer, agency=agency, category=category, title="审核发布", body_html="<p>正文</p>"
    )
    item_submit(actor=officer, item=item)
    item_approve(actor=reviewer, item=item, now=timezone.make_aware(dt.datetime(2025, 12, 30, 9)))
    # ... and a second import continues after it.
    second = write_jsonl(
        tmp_path / "b.jsonl", [row(title=f"补充{i}", published_date="2025-04-01") for i in range(2)]
    )
    run(second, agency)
    serials = sorted(
        Item.objects.filter(agency=agency, index_year=2025).values_list("index_serial", flat=True)
    )
    assert serials == [1, 2, 3, 4, 5, 6]
    assert Item.objects.get(title="审核发布").index_serial == 4
    # Within one import the serials follow the dates published.
    assert [Item.objects.get(title=f"文件{i}").index_serial for i in range(3)] == [1, 2, 3]


def test_a_large_file_is_written_in_batches_with_one_audit_event_each(agency, tmp_path):
    n = BATCH_SIZE + 20
    path = write_jsonl(
        tmp_path / "many.jsonl",
        [row(title=f"动态{i}", category="工作动态", published_date="2026-02-02") for i in range(n)],
    )
    result = run(path, agency)
    assert result.created == n
    assert sorted(
        Item.objects.filter(agency=agency).values_list("index_serial", flat=True)
    ) == list(range(1, n + 1))
    events = list(Event.objects.filter(action="item.import", agency=agency).order_by("pk"))
    assert [e.data["count"] for e in events] == [BATCH_SIZE, 20]
    assert events[0].data["file"] == "many.jsonl"
    assert events[0].data["first_index_number"] == f"{agency.credit_code}/2026-00001"
    assert events[1].data["last_index_number"] == f"{agency.credit_code}/2026-{n:05d}"
    assert not Event.objects.filter(action="item.publish").exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_and_gbk(agency, tmp_path, encoding):
    path = write_csv(
        tmp_path / "items.csv",
        [
            row(
                title="财政预算公开说明",
                category="部门预算",
                validity="失效",
                keywords="预算；公开",
            ),
            row(title="人事任免通知", category="人事信息/人事任免", published_date="2025年7月1日"),
        ],
        encoding=encoding,
    )
    result = run(path, agency)
    assert result.errors == [] and result.created == 2
    budget = Item.objects.get(title="财政预算公开说明")
    assert budget.category.code == "finance.budget" and budget.validity == Validity.EXPIRED
    assert Item.objects.get(title="人事任免通知").category.code == "personnel.appointments"


def test_chinese_column_names(agency, tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(
        "标题,正文,栏目,文号,成文日期,发布日期,有效性\n"
        "关于废止某办法的决定,正文,规范性文件,蓝政发〔2024〕8号,2024-05-01,2024-05-10,废止\n",
        encoding="utf-8",
    )
    result = run(path, agency)
    assert result.errors == []
    item = Item.objects.get()
    assert item.category.code == "policy.normative" and item.validity == Validity.REPEALED


def test_draft_import_leaves_drafts_without_index_numbers(agency, tmp_path):
    path = write_jsonl(
        tmp_path / "items.jsonl", [row(), row(title="无日期草稿", published_date="")]
    )
    result = run(path, agency, draft=True)
    assert result.errors == [] and result.created == 2
    assert set(Item.objects.values_list("status", flat=True)) == {ItemStatus.DRAFT}
    assert not Item.objects.filter(index_number__isnull=False).exists()
    assert not Item.objects.filter(published_date__isnull=False).exists()
    assert not SearchEntry.objects.filter(kind="item").exists()
    assert Event.objects.get(action="item.import").data["first_index_number"] is None


@pytest.mark.parametrize(
    ("category", "code"),
    [
        ("行政规范性文件", "policy.normative"),
        ("政策文件/行政规范性文件", "policy.normative"),
        ("政策文件 / 规范性文件", "policy.normative"),
        ("规范性文件", "policy.normative"),
        ("通知公告", "news.notices"),
        ("部门动态>工作动态", "news.work"),
        ("财政预决算", "finance"),
        ("policy.interpretation", "policy.interpretation"),
    ],
)
def test_category_by_name_path_or_old_site_alias(agency, tmp_path, category, code):
    path = write_jsonl(tmp_path / "items.jsonl", [row(category=category)])
    result = run(path, agency)
    assert result.errors == []
    assert Item.objects.get().category.code == code


def test_bad_rows_are_reported_by_line_and_the_good_ones_imported(agency, tmp_path):
    path = write_jsonl(
        tmp_path / "items.jsonl",
        [
            row(title="好的一行"),
            row(title="栏目不存在", category="历史栏目"),
            row(title="日期错", published_date="2025-02-30"),
            row(title="有效性错", validity="作废"),
            row(title="文号错", doc_number="蓝政发[2025]003号"),
            row(title="", body="没有标题"),
            row(title="将来的日期", published_date="2027-01-01"),
            row(title="另一好行", published_date="2025年3月2日"),
        ],
    )
    (tmp_path / "items.jsonl").write_text(path.read_text() + "not json\n", encoding="utf-8")
    result = run(path, agency)
    assert result.created == 2
    assert set(Item.objects.values_list("title", flat=True)) == {"好的一行", "另一好行"}
    errors = {e.line: e.message for e in result.errors}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 9]
    assert "历史栏目" in errors[2]
    assert "2025-02-30" in errors[3]
    assert "作废" in errors[4]
    assert "蓝政发〔2025〕3号" in errors[5]  # the suggested form


def test_rerunning_the_same_file_creates_nothing(agency, tmp_path):
    rows = [row(title=f"文件{i}", doc_number=f"蓝政发〔2025〕{i + 1}号") for i in range(3)]
    rows.append(row(id="old-77", title="有原编号的文件"))
    path = write_jsonl(tmp_path / "items.jsonl", rows)
    assert run(path, agency).created == 4
    again = run(path, agency)
    assert again.created == 0 and again.unchanged == 4 and again.errors == []
    assert Item.objects.count() == 4 and SearchEntry.objects.filter(kind="item").count() == 4
    # An explicit id identifies the item even when the old site changed its title since.
    write_jsonl(path, [row(id="old-77", title="改过标题的文件")])
    assert run(path, agency).unchanged == 1
    assert Item.objects.count() == 4


def test_dry_run_saves_nothing(agency, tmp_path):
    path = write_jsonl(tmp_path / "items.jsonl", [row(), row(title="乙")])
    result = run(path, agency, dry_run=True)
    assert result.created == 2
    assert not Item.objects.exists() and not Event.objects.filter(action="item.import").exists()


def test_attachments_are_checked_stored_and_their_text_extracted(agency, tmp_path):
    from docx import Document

    (tmp_path / "files").mkdir()
    doc = Document()
    doc.add_paragraph("附件：二〇二五年度项目资金分配明细表")
    doc.save(tmp_path / "files" / "明细.docx")
    (tmp_path / "files" / "fake.pdf").write_bytes(b"<html>not a pdf</html>")
    path = write_jsonl(
        tmp_path / "items.jsonl",
        [
            row(title="带附件", attachments=["files/明细.docx"]),
            row(title="附件是假的", attachments="files/fake.pdf"),
            row(title="附件不存在", attachments="files/none.pdf"),
            row(title="附件在外面", attachments="../../etc/passwd"),
        ],
    )
    result = run(path, agency)
    assert result.created == 1
    assert sorted(e.line for e in result.errors) == [2, 3, 4]
    attachment = Item.objects.get(title="带附件").attachments.get()
    assert attachment.kind == "docx" and "资金分配明细表" in attachment.text
    assert attachment.file.read().startswith(b"PK")
    # The attachment's text is searchable like the body.
    assert [r.entry.title for r in search("资金分配明细表").results] == ["带附件"]


def test_imported_public_items_are_findable_and_internal_ones_are_not(agency, tmp_path):
    path = write_jsonl(
        tmp_path / "items.jsonl",
        [
            row(title="关于开展森林防火检查的通知", body="开展森林防火专项检查。"),
            row(
                title="三月差旅费支出情况",
                category="部门预算",
                disclosure_attribute="内部公开",
                body="森林防火检查差旅费。",
            ),
        ],
    )
    run(path, agency)
    hits = search("森林防火")
    assert [r.entry.title for r in hits.results] == ["关于开展森林防火检查的通知"]
    internal = Item.objects.get(title="三月差旅费支出情况")
    assert (
        internal.status == ItemStatus.PUBLISHED
        and internal.disclosure_attribute == DisclosureAttribute.INTERNAL
    )
    assert internal.index_number  # internal items still take a 索引号


def test_privacy_findings_warn_but_do_not_block(agency, tmp_path):
    path = write_jsonl(
        tmp_path / "items.jsonl",
        [row(title="联系方式", body="咨询电话：13812345678。"), row(title="干净")],
    )
    result = run(path, agency)
    assert result.created == 2
    warnings = [w for w in result.warnings if "138****5678" in w]
    assert len(warnings) == 1 and "13812345678" not in warnings[0]
    assert Event.objects.get(action="item.import").data["privacy_findings"] == 1


def test_late_publication_and_interpretations(agency, tmp_path):
    path = write_jsonl(
        tmp_path / "items.jsonl",
        [
            row(id="p1", title="政策文件", formed_on="2025-01-02", published_date="2025-03-01"),
            row(id="p2", title="按时文件", formed_on="2025-02-25", published_date="2025-03-01"),
            row(
                id="i1",
                title="《政策文件》解读",
                category="政策解读",
                interprets="p1",
                published_date="2025-03-02",
            ),
        ],
    )
    result = run(path, agency)
    assert result.errors == []
    policy = Item.objects.get(title="政策文件")
    assert policy.published_late is True and policy.due_date < policy.published_date
    assert Item.objects.get(title="按时文件").published_late is False
    assert list(policy.interpretations.values_list("title", flat=True)) == ["《政策文件》解读"]


def test_the_command(agency, tmp_path):
    path = write_jsonl(tmp_path / "items.jsonl", [row(), row(title="坏", category="无此栏目")])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", "items", str(path), "--agency", agency.credit_code, stdout=out, stderr=err
        )
    assert Item.objects.count() == 1
    assert "2" in err.getvalue() and "无此栏目" in err.getvalue()
    assert "items  2/2  100%" in err.getvalue()  # the progress line counts the rows of the file
    with pytest.raises(CommandError):
        call_command(
            "import", "items", str(path), "--agency", "91330000000000000X", stdout=out, stderr=err
        )


def test_parse_date_forms():
    assert (
        parse_date("2026-05-15")
        == parse_date("2026/5/15")
        == parse_date("2026年5月15日")
        == dt.date(2026, 5, 15)
    )
    assert parse_date("2026-05-15 08:30:00") == dt.date(2026, 5, 15)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("15/05/2026")


@pytest.mark.django_db(transaction=True)
def test_planner_statistics_are_renewed_after_a_large_import():
    # Runs ANALYZE (PostgreSQL) or PRAGMA optimize (SQLite) outside any transaction.
    from gongkai.catalog.importers import refresh_statistics

    refresh_statistics()


def _outcome(agency, result):
    """Everything an import leaves behind that a user or the search sees, keyed by title."""
    items = {
        i.title: (i.index_number, i.category.name, i.published_date, i.due_date, i.body_text)
        for i in Item.objects.filter(agency=agency).select_related("category")
    }
    tokens = {  # filter tokens carry the agency's and category's ids, which differ: left out
        e.title: ([t for t in e.tokens.split() if not t.startswith("ǂ")], e.body, e.index_number)
        for e in SearchEntry.objects.filter(kind="item", agency=agency)
    }
    errors = [(e.line, e.message) for e in result.sorted_errors()]
    files = sorted(
        (a.item.title, a.name, a.kind, a.sha256, a.text)
        for a in Attachment.objects.filter(item__agency=agency).select_related("item")
    )
    links = sorted(
        (i.title, p.title) for i in Item.objects.filter(agency=agency) for p in i.interprets.all()
    )
    warnings = sorted(result.warnings)
    return items, tokens, errors, warnings, result.created, result.unchanged, files, links


def test_worker_processes_import_exactly_what_one_process_imports(tmp_path, monkeypatch):
    """A large file is parsed by forked worker processes while this one writes: the items,
    their 索引号 (in the order of the dates published), the search tokens, the errors, the
    privacy warnings and the repeats must come out as when one process does everything."""
    from gongkai.catalog import importers

    rows = []
    for i in range(60):
        rows.append(
            row(
                id=f"old-{i}",
                title=f"第{i}号通知：做好2025年防汛抗旱工作",
                body=f"联系电话13812345{i:03d}。" if i % 7 == 0 else "请各乡镇抓好落实。",
                category="工作动态" if i % 2 else "政策文件/行政规范性文件",
                published_date=f"2025-{1 + i % 12:02d}-{1 + (59 - i) % 28:02d}",
                formed_on=f"2025-{1 + i % 12:02d}-01",
                disclosure_attribute="内部公开" if i % 10 == 3 else "主动公开",
            )
        )
    rows[5]["category"] = "无此栏目"  # an error
    rows[9]["published_date"] = "2025年13月1日"  # another
    rows.append(dict(rows[20]))  # a repeat of line 21
    from docx import Document

    doc = Document()
    doc.add_paragraph("防汛物资清单，联系人邮箱 fangxun@example.cn")
    doc.save(tmp_path / "清单.docx")
    for i in (2, 30, 44):  # attachments, read and checked by the workers
        rows[i]["attachments"] = ["清单.docx"]
    rows[40]["category"] = "政策解读"  # explains an earlier item
    rows[40]["interprets"] = ["old-1", "old-999"]
    path = write_jsonl(tmp_path / "items.jsonl", rows)
    monkeypatch.setattr(importers, "PARALLEL_MIN_ROWS", 10)
    monkeypatch.setattr(importers, "CHUNK_ROWS", 7)
    monkeypatch.setattr(importers, "BATCH_SIZE", 16)

    one, two = AgencyFactory(), AgencyFactory()
    for agency in (one, two):
        catalog_create_from_template(actor=None, agency=agency)
    chunks = []

    class Pool(importers.ProcessPoolExecutor):
        def submit(self, fn, *args):
            chunks.append(args)
            return super().submit(fn, *args)

    monkeypatch.setattr(importers, "ProcessPoolExecutor", Pool)
    alone = _outcome(one, run(path, one, workers=1))
    assert chunks == []  # parsed in this process
    parallel = _outcome(two, run(path, two, workers=2))
    assert len(chunks) == 9  # 61 rows in chunks of 7, parsed by the workers

    def same(outcome, agency):  # the agency's credit code differs in numbers and tokens
        text = json.dumps(outcome, default=str, ensure_ascii=False)
        return json.loads(
            text.replace(agency.credit_code, "X").replace(agency.credit_code.lower(), "X")
        )

    assert same(parallel, two) == same(alone, one)
    # The entries hold what indexing each item on its own would give (numbers, tokens…).
    assert verify(kind="item") == []
    items, tokens, errors, warnings, created, unchanged, files, links = parallel
    assert len(files) == 3 and all("fangxun@example.cn" in f[4] for f in files)
    assert links == [(rows[40]["title"], rows[1]["title"])]
    assert sum("old-999" in w for w in warnings) == 1
    assert created == 58 and unchanged == 1 and [line for line, _m in errors] == [6, 10]
    assert sum("138****5" in w for w in warnings) == 9
    assert len(tokens) == 58 - 6  # the 内部公开 items are not in the index
    by_date = sorted(items.values(), key=lambda v: (v[2], v[0]))
    assert [v[0] for v in by_date] == sorted(v[0] for v in items.values())  # 索引号 follow dates


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")
def test_sqlite_bulk_settings_apply_while_writing_and_are_put_back(agency, tmp_path, monkeypatch):
    from gongkai.catalog import importers

    def settings_now():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache = cursor.fetchone()[0]
            cursor.execute("PRAGMA wal_autocheckpoint")
            checkpoint = cursor.fetchone()[0]
            cursor.execute("SELECT v FROM search_fts_config WHERE k = 'automerge'")
            automerge = (cursor.fetchone() or [importers.FTS5_AUTOMERGE_DEFAULT])[0]
        return cache, checkpoint, int(automerge)

    before = settings_now()
    seen = []
    write = importers._Writer.write
    monkeypatch.setattr(
        importers._Writer,
        "write",
        lambda self, batch: seen.append(settings_now()) or write(self, batch),
    )
    path = write_jsonl(tmp_path / "items.jsonl", [row(title=f"文件{i}") for i in range(3)])
    assert run(path, agency).created == 3
    assert seen == [
        (importers.BULK_CACHE_KIB, importers.BULK_CHECKPOINT_PAGES, importers.BULK_AUTOMERGE)
    ]
    assert settings_now() == before
    assert before[2] == importers.FTS5_AUTOMERGE_DEFAULT
