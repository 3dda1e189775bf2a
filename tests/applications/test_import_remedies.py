"""``gongkai import remedies FILE --agency CODE``: past 行政复议 and 行政诉讼 for Table 3, with or
without the application they concern; all or nothing; re-runs update by 案号 or by the row's
identity; and ``Remedy.agency`` everywhere (the migration fills it for existing rows)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from gongkai.applications.ledger import import_ledger_rows, import_remedy_rows
from gongkai.applications.models import Remedy, RemedyKind, RemedyResult
from gongkai.applications.services.workflow import remedy_add
from gongkai.audit.models import Event
from tests.applications.conftest import registered_application

D = dt.date.fromisoformat
HEADER = "kind,filed_on,result,decided_on,application_number,body,reference"


def write_csv(tmp_path: Path, lines, *, header=HEADER, encoding="utf-8", name="remedies.csv"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join([header, *lines]) + "\r\n").encode(encoding))
    return path


def run(path: Path, agency, *args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = 0
    with translation.override("zh-hans"):
        try:
            call_command(
                "import",
                "remedies",
                str(path),
                "--agency",
                agency.credit_code,
                *args,
                stdout=out,
                stderr=err,
            )
        except CommandError as exc:
            status = exc.returncode
            err.write(str(exc))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def ledger_case(agency):
    """An imported case of bureau A, ledger number 2021-003, received 2 November 2021."""
    result = import_ledger_rows(
        agency,
        [
            {
                "number": "2021-003",
                "applicant_kind": "自然人",
                "channel": "信函",
                "received_on": "2021-11-02",
                "closed_on": "2021-11-30",
                "outcome": "三.三.4",
                "title": "某企业的环评材料",
            }
        ],
    )
    assert not result.errors
    return agency.applications.get(ledger_number="2021-003")


@pytest.mark.django_db
def test_kinds_results_and_applications_by_either_number(tmp_path, agency, ledger_case):
    native = registered_application(agency, "2026-03-02", number="2026-000031")
    lines = [
        "复议,2021-12-20,维持,2022-02-18,2021-003,测试县人民政府,测府复〔2021〕12号",
        "诉讼,2022-03-01,纠正,2022-09-30,,测试县人民法院,(2022)测0101行初5号",
        "复议后诉讼,2022-04-11,尚未审结,,2021-003,测试市中级人民法院,",
        "复议,2026-03-20,其他,2026-04-30,2026-000031,,",
    ]
    status, out, err = run(write_csv(tmp_path, lines), agency)
    assert status == 0, err
    assert "新建 4 个" in out
    review, direct, after, on_native = Remedy.objects.order_by("filed_on")
    assert Remedy.objects.filter(agency=agency, imported=True).count() == 4

    assert (review.kind, review.after_reconsideration) == (RemedyKind.RECONSIDERATION, False)
    assert (review.result, review.concluded_on) == (RemedyResult.UPHELD, D("2022-02-18"))
    assert review.application == ledger_case and review.reference == "测府复〔2021〕12号"
    assert (direct.kind, direct.after_reconsideration) == (RemedyKind.LITIGATION, False)
    assert direct.application is None  # a lawsuit without an application number
    assert direct.result == RemedyResult.CORRECTED and direct.body == "测试县人民法院"
    assert (after.kind, after.after_reconsideration) == (RemedyKind.LITIGATION, True)
    assert (after.result, after.concluded_on) == (RemedyResult.PENDING, None)
    assert on_native.application == native and on_native.result == RemedyResult.OTHER


@pytest.mark.django_db
def test_gbk_with_chinese_headers_and_json_lines(tmp_path, agency):
    header = "类型,立案日期,结果,审结日期,申请编号,复议机关或法院,案号"
    path = write_csv(
        tmp_path, ["行政复议,2022-05-09,结果纠正,2022-07-01,,测试县人民政府,测复1号"],
        header=header, encoding="gbk",
    )  # fmt: skip
    assert run(path, agency)[0] == 0
    jsonl = tmp_path / "remedies.jsonl"
    jsonl.write_text(
        json.dumps(
            {"kind": "litigation", "filed_on": "2023/02/01", "result": "pending",
             "decided_on": None, "reference": "(2023)测0101行初1号"},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )  # fmt: skip
    assert run(jsonl, agency)[0] == 0
    assert Remedy.objects.get(reference="测复1号").result == RemedyResult.CORRECTED
    assert Remedy.objects.get(filed_on=D("2023-02-01")).kind == RemedyKind.LITIGATION


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_nothing_is_imported(tmp_path, agency, ledger_case):
    lines = [
        "复议,2022-01-04,维持,2022-02-04,,,",  # 2: good
        "申诉,2022-01-04,维持,2022-02-04,,,",  # 3: kind
        "复议,2022-01-04,撤销,2022-02-04,,,",  # 4: result
        "复议,2022-01-04,维持,,,,",  # 5: decided_on missing
        "复议,2022-01-04,尚未审结,2022-02-04,,,",  # 6: pending with a date
        "复议,2022-03-04,维持,2022-02-04,,,",  # 7: decided before filed
        "复议,2022-01-04,维持,2022-02-04,2099-1,,",  # 8: no such application
        "复议,2021-10-01,维持,2021-12-01,2021-003,,",  # 9: before the application
        "复议,2022-01-04,维持,2022-02-04,,,A号",  # 10: good
        "复议,2022-01-05,维持,2022-02-04,,,A号",  # 11: same 案号
        "复议,,维持,2022-02-04,,,",  # 12: no filing date
    ]
    status, _out, err = run(write_csv(tmp_path, lines), agency)
    assert status == 1
    assert not Remedy.objects.exists()
    assert "未导入任何记录" in err
    by_line = {line.split("：", 1)[0]: line for line in err.splitlines() if line.startswith("第")}
    assert set(by_line) == {f"第{n}行" for n in (3, 4, 5, 6, 7, 8, 9, 11, 12)}
    assert "申诉" in by_line["第3行"] and "复议后诉讼" in by_line["第3行"]
    assert "撤销" in by_line["第4行"] and "尚未审结" in by_line["第4行"]
    assert "decided_on" in by_line["第5行"] and "decided_on" in by_line["第6行"]
    assert "2099-1" in by_line["第8行"]
    assert "第10行" in by_line["第11行"]
    assert "filed_on（提起日期）" in by_line["第12行"]


@pytest.mark.django_db
def test_re_running_updates_by_case_number_and_by_row_identity(tmp_path, agency, ledger_case):
    first = [
        "复议,2022-01-04,尚未审结,,2021-003,测试县人民政府,测府复〔2022〕1号",
        "诉讼,2022-03-01,尚未审结,,,测试县人民法院,",
        "诉讼,2022-03-01,尚未审结,,,测试县人民法院,",  # a second suit the same day
    ]
    assert run(write_csv(tmp_path, first), agency)[0] == 0
    later = [
        "复议,2022-01-04,纠正,2022-03-01,2021-003,测试县人民政府,测府复〔2022〕1号",
        "诉讼,2022-03-01,维持,2022-08-15,,测试县人民法院,",
        "诉讼,2022-03-01,尚未审结,,,测试县人民法院,",
    ]
    status, out, err = run(write_csv(tmp_path, later), agency)
    assert status == 0, err
    assert "更新 2 个" in out and "未变 1 个" in out
    assert Remedy.objects.count() == 3
    review = Remedy.objects.get(reference="测府复〔2022〕1号")
    assert (review.result, review.concluded_on) == (RemedyResult.CORRECTED, D("2022-03-01"))
    suits = Remedy.objects.filter(kind=RemedyKind.LITIGATION).order_by("pk")
    assert [s.result for s in suits] == [RemedyResult.UPHELD, RemedyResult.PENDING]
    assert run(write_csv(tmp_path, later), agency)[1].count("未变 3 个") == 1
    assert Event.objects.filter(action="remedy.imported", agency=agency).count() == 3


@pytest.mark.django_db
def test_a_remedy_recorded_in_gongkai_is_not_overwritten(tmp_path, agency, handler):
    application = registered_application(agency, "2026-03-02")
    with transaction.atomic():
        native = remedy_add(
            actor=handler, application=application, kind="reconsideration",
            filed_on=D("2026-04-01"), today=D("2026-04-02"),
        )  # fmt: skip
    Remedy.objects.filter(pk=native.pk).update(reference="测府复〔2026〕3号")
    path = write_csv(tmp_path, ["复议,2026-04-01,维持,2026-05-06,,,测府复〔2026〕3号"])
    status, _out, err = run(path, agency)
    assert status == 1 and "测府复〔2026〕3号" in err
    native.refresh_from_db()
    assert native.result == RemedyResult.PENDING and not native.imported


@pytest.mark.django_db
def test_rows_function_and_the_same_case_number_in_two_agencies(county):
    row = {"kind": "复议", "filed_on": "2022-01-04", "result": "维持",
           "decided_on": "2022-02-04", "reference": "同一案号"}  # fmt: skip
    assert import_remedy_rows(county.a, [row]).created == 1
    assert import_remedy_rows(county.b, [row]).created == 1
    assert import_remedy_rows(county.a, [row]).unchanged == 1
    assert {r.agency for r in Remedy.objects.all()} == {county.a, county.b}
    dry = import_remedy_rows(county.a, [{**row, "reference": "新案号"}], dry_run=True)
    assert dry.created == 1 and Remedy.objects.count() == 2


# --- Remedy.agency in the code that records remedies, and in the database -------------------


@pytest.mark.django_db
def test_remedy_add_sets_the_agency_of_the_application(county):
    application = registered_application(county.b, "2026-03-02")
    with transaction.atomic():
        remedy = remedy_add(
            actor=county.handler_b, application=application, kind="litigation",
            filed_on=D("2026-04-01"), today=D("2026-04-02"),
        )  # fmt: skip
    assert remedy.agency == county.b and not remedy.imported


@pytest.mark.django_db
def test_only_an_imported_remedy_may_lack_an_application(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        Remedy.objects.create(agency=agency, kind="reconsideration", filed_on=D("2022-01-04"))


@pytest.mark.django_db
def test_case_page_shows_an_imported_remedy(client, county, ledger_case, tmp_path):
    path = write_csv(tmp_path, ["复议,2021-12-20,维持,2022-02-18,2021-003,,测府复〔2021〕12号"])
    assert run(path, county.a)[0] == 0
    client.force_login(county.handler_a)
    html = client.get(reverse("applications_staff:detail", args=[ledger_case.pk])).content
    section = html.decode().split('id="remedies"')[1].split("</section>")[0]
    assert "测府复〔2021〕12号" in section and "tag-imported" in section


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_agency_of_existing_remedies(county):
    """Back to before migration 0003, record a remedy as the old schema had it, forward
    again: the remedy belongs to its application's agency."""
    executor = MigrationExecutor(connection)
    before = [("applications", "0002_id_number_label")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Application = old.get_model("applications", "Application")
    Remedy_ = old.get_model("applications", "Remedy")
    application = Application.objects.create(
        agency_id=county.b.pk,
        number="2025-000001",
        query_code_hash="x" * 64,
        applicant_kind="natural_person",
        applicant_name="张三",
        id_type="resident_id",
        id_number="110101199003077777",
        info_title="旧数据",
        form_wanted="paper",
        delivery_wanted="post",
        channel="in_person",
        submitted_at="2025-03-03T02:00:00Z",
        received_on="2025-03-03",
        status="handling",
    )
    Remedy_.objects.create(
        application=application, kind="reconsideration", filed_on="2025-04-01", result="pending"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    remedy = Remedy.objects.get(application__number="2025-000001")
    assert remedy.agency_id == county.b.pk
    assert not remedy.imported and remedy.import_key == ""
