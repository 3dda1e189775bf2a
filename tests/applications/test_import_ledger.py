"""``gongkai import applications FILE --agency CODE``: a past ledger (台账) in CSV (UTF-8, GBK)
or JSON Lines; every outcome spelling; all or nothing with line-numbered errors; re-runs
update; imported cases marked, without personal data unless given, never public, and left
alone by the clock jobs."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from gongkai.applications import jobs
from gongkai.applications.ledger import import_ledger_rows, parse_outcome
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    ReminderSent,
    Status,
)
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services.intake import application_by_number_and_code
from gongkai.audit.models import Event
from gongkai.reports.layout import OUTCOME_ROW, TABLE2_ROWS
from tests.applications.conftest import registered_application

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
HEADER = "number,applicant_kind,channel,received_on,closed_on,outcome,title"
LEDGER = [
    "2021-001,自然人,网上申请,2021-03-04,2021-03-20,（一）予以公开,2020年度部门预算",
    "2021-002,商业企业,当面提交,2021/05/06,2021/05/28,（三）不予公开 4.保护第三方合法权益,某企业投标文件",
    "2021-003,科研机构,信函,2021年11月2日,2022年1月10日,三.四.1,历年学校名录",
    "2021-004,其他,电子邮件,2021-12-28,,,尚在办理的申请",
]


def write_csv(tmp_path: Path, lines, *, header=HEADER, encoding="utf-8", name="ledger.csv"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join([header, *lines]) + "\r\n").encode(encoding))
    return path


def run(path: Path, agency, *args: str) -> tuple[int, str, str]:
    """The command in Chinese, as an office runs it: (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    status = 0
    with translation.override("zh-hans"):
        try:
            call_command(
                "import",
                "applications",
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


def by_ledger(agency, number: str) -> Application:
    return Application.objects.get(agency=agency, ledger_number=number)


# --- formats -------------------------------------------------------------------------------


def test_utf8_csv_imports_closed_and_open_cases_as_the_report_reads_them(tmp_path, agency):
    status, out, err = run(write_csv(tmp_path, LEDGER), agency)
    assert status == 0, err
    assert "新建 4 个" in out
    assert Application.objects.filter(agency=agency, imported=True).count() == 4

    granted = by_ledger(agency, "2021-001")
    assert granted.number == f"L{agency.pk}-2021-001"
    assert granted.status == Status.ARCHIVED
    assert granted.outcome == Outcome.GRANTED
    assert granted.received_on == D("2021-03-04")
    assert granted.replied_on == granted.decided_on == D("2021-03-20")
    assert granted.channel == Channel.ONLINE
    assert granted.applicant_kind == ApplicantKind.NATURAL_PERSON
    assert granted.info_title == "2020年度部门预算"
    assert granted.due_date is None and granted.clock_start is None

    assert by_ledger(agency, "2021-002").outcome == Outcome.WITHHELD_THIRD_PARTY
    carried = by_ledger(agency, "2021-003")  # received 2021, closed 2022
    assert (carried.received_on, carried.replied_on) == (D("2021-11-02"), D("2022-01-10"))
    assert carried.outcome == Outcome.UNAVAILABLE_NOT_HELD
    assert carried.channel == Channel.ORDINARY_MAIL

    still_open = by_ledger(agency, "2021-004")
    assert still_open.status == Status.HANDLING
    assert still_open.replied_on is None and still_open.outcome == ""
    assert still_open.channel == Channel.EMAIL


def test_imported_cases_carry_no_personal_data_unless_the_ledger_has_it(tmp_path, agency):
    header = HEADER + ",applicant_name,id_number,phone,email,address"
    lines = [
        LEDGER[0] + ",,,,,",
        "2021-009,自然人,口头,2021-06-01,2021-06-20,（五）不予处理 2.重复申请,同一事项,"
        "李四,11010519491231002X,139 1234 5678,lisi@example.com,测试县北街3号",
    ]
    assert run(write_csv(tmp_path, lines, header=header), agency)[0] == 0
    bare = by_ledger(agency, "2021-001")
    assert (bare.applicant_name, bare.id_type, bare.id_number) == ("", "", "")
    assert (bare.phone, bare.email, bare.address, bare.postcode) == ("", "", "", "")
    assert bare.query_code_hash == ""
    named = by_ledger(agency, "2021-009")
    assert named.applicant_name == "李四"
    assert (named.id_type, named.id_number) == ("resident_id", "11010519491231002X")
    assert named.phone == "13912345678"
    assert (named.email, named.address) == ("lisi@example.com", "测试县北街3号")


def test_gbk_csv_with_chinese_headers(tmp_path, agency):
    header = "申请编号,申请人类型,申请方式,收到日期,办结日期,办理结果,申请内容"
    path = write_csv(tmp_path, LEDGER, header=header, encoding="gbk")
    status, _out, err = run(path, agency)
    assert status == 0, err
    assert by_ledger(agency, "2021-002").applicant_kind == ApplicantKind.COMMERCIAL
    assert by_ledger(agency, "2021-003").received_on == D("2021-11-02")


def test_json_lines(tmp_path, agency):
    path = tmp_path / "ledger.jsonl"
    rows = [
        {
            "number": "J-1",
            "applicant_kind": "natural_person",
            "channel": "fax",
            "received_on": "2022-02-07",
            "closed_on": "2022-02-21",
            "outcome": "withheld_6",
            "title": "会议纪要",
        },
        {
            "number": "J-2",
            "applicant_kind": "法律服务机构",
            "channel": "邮寄",
            "received_on": "2022-03-01",
            "closed_on": None,
            "outcome": "",
            "title": "行政处罚决定书",
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    status, _out, err = run(path, agency)
    assert status == 0, err
    assert by_ledger(agency, "J-1").outcome == Outcome.WITHHELD_PROCESS
    assert by_ledger(agency, "J-1").channel == Channel.FAX
    assert by_ledger(agency, "J-2").applicant_kind == ApplicantKind.LEGAL_SERVICE
    assert by_ledger(agency, "J-2").status == Status.HANDLING


# --- outcomes ------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_outcome_by_printed_label_code_and_row_number(outcome):
    assert parse_outcome(outcome.label) == outcome.value
    assert parse_outcome(outcome.value) == outcome.value
    assert parse_outcome(outcome.value.upper()) == outcome.value
    assert parse_outcome(OUTCOME_ROW[outcome.value]) == outcome.value


def test_printed_labels_are_read_from_the_report_layout_with_their_group():
    leaves = [row for row in TABLE2_ROWS if row.outcome]
    assert len(leaves) == len(Outcome)
    for row in leaves:
        assert parse_outcome(f"{row.group} {row.label}") == row.outcome
        assert parse_outcome(f"{row.group}{row.label}") == row.outcome


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('(三)不予公开 3.危及"三安全一稳定"', Outcome.WITHHELD_SECURITY),  # ASCII brackets/quotes
        ("（三） 不予公开  3.危及“三安全一稳定”", Outcome.WITHHELD_SECURITY),  # extra spaces
        ("（三）不予公开 4、保护第三方合法权益", Outcome.WITHHELD_THIRD_PARTY),  # 4、 for 4.
        ("（三）不予公开 ４．保护第三方合法权益", Outcome.WITHHELD_THIRD_PARTY),  # full-width
        ("（二）部分公开", Outcome.PARTIAL),  # the row without its note
        (" 三.六.3 ", Outcome.OTHER),
    ],
)
def test_outcome_spellings_an_office_types(typed, expected):
    assert parse_outcome(typed) == expected


@pytest.mark.parametrize("typed", ["4.保护第三方合法权益", "3.其他", "不予公开", "三.三.9", "予以"])
def test_an_outcome_without_its_group_or_unknown_is_refused(typed):
    assert parse_outcome(typed) is None


def test_outcome_forms_import_through_the_rows_function(agency):
    rows = [
        {
            "number": f"F-{n}",
            "applicant_kind": "自然人",
            "channel": "当面提交",
            "received_on": "2023-04-03",
            "closed_on": "2023-04-20",
            "outcome": outcome,
            "title": "测试",
        }
        for n, outcome in enumerate(
            ["（五）不予处理 4.无正当理由大量反复申请", "not_handled_4", "三.五.4"]
        )
    ]
    result = import_ledger_rows(agency, rows)
    assert result.created == 3 and not result.errors
    assert set(Application.objects.filter(agency=agency).values_list("outcome", flat=True)) == {
        Outcome.NOT_HANDLED_EXCESSIVE
    }


# --- bad rows: all or nothing --------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(tmp_path, agency):
    lines = [
        LEDGER[0],  # line 2: good
        "2021-010,个体户,网上申请,2021-03-04,2021-03-20,（一）予以公开,x",  # 3: kind
        "2021-011,自然人,微信,2021-03-04,2021-03-20,（一）予以公开,x",  # 4: channel
        "2021-012,自然人,网上申请,2021-03-04,2021-03-20,4.保护第三方合法权益,x",  # 5: group
        "2021-013,自然人,网上申请,2021-03-20,2021-03-04,（一）予以公开,x",  # 6: order
        "2021-014,自然人,网上申请,2021-03-04,,（一）予以公开,x",  # 7: open with outcome
        "2021-015,自然人,网上申请,2021-03-04,2021-03-20,,x",  # 8: closed without
        "2021-016,自然人,网上申请,2021-13-04,,,x",  # 9: no such month
        "2021-017,自然人,网上申请,2021-03-04,,,",  # 10: no title
        "2021-001,自然人,网上申请,2021-03-04,,,重复编号",  # 11: number again
        LEDGER[1],  # 12: good
        "2021-018,自然人,网上申请,3021-03-04,,,x",  # 13: in the future
    ]
    status, out, err = run(write_csv(tmp_path, lines), agency)
    assert status == 1
    assert Application.objects.count() == 0
    assert "未导入任何记录" in err
    reported = {int(line.split("行")[0][1:]) for line in err.splitlines() if line.startswith("第")}
    assert reported == {3, 4, 5, 6, 7, 8, 9, 10, 11, 13}
    by_line = {line.split("：", 1)[0]: line for line in err.splitlines() if line.startswith("第")}
    assert "个体户" in by_line["第3行"] and "社会公益组织" in by_line["第3行"]
    assert "微信" in by_line["第4行"] and "网上申请" in by_line["第4行"]
    assert "三.三.4" in by_line["第5行"] and "withheld_4" in by_line["第5行"]
    assert "closed_on" in by_line["第6行"]
    assert "第2行" in by_line["第11行"]
    assert "2021-13-04" in by_line["第9行"]
    assert "缺少“title（申请内容）”" in by_line["第10行"]


def test_a_line_that_cannot_be_read_also_stops_the_import(tmp_path, agency):
    path = tmp_path / "ledger.jsonl"
    good = {
        "number": "1",
        "applicant_kind": "自然人",
        "channel": "网上申请",
        "received_on": "2022-01-04",
        "title": "x",
    }
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    status, _out, err = run(path, agency)
    assert status == 1 and "第2行" in err
    assert not Application.objects.exists()


def test_rows_function_reports_lines_counted_from_one(agency):
    result = import_ledger_rows(
        agency,
        [
            {
                "number": "A",
                "applicant_kind": "自然人",
                "channel": "网上申请",
                "received_on": "2022-01-04",
                "title": "x",
            },
            {
                "number": "B",
                "applicant_kind": "自然人",
                "channel": "网上申请",
                "received_on": "yesterday",
                "title": "x",
            },
        ],
    )
    assert [p.line for p in result.errors] == [2]
    assert result.actions == [] and not Application.objects.exists()


def test_dry_run_saves_nothing(tmp_path, agency):
    status, out, _err = run(write_csv(tmp_path, LEDGER), agency, "--dry-run")
    assert status == 0
    assert "2021-001" in out
    assert not Application.objects.exists()
    assert not Event.objects.filter(action="application.imported").exists()


def test_an_unknown_agency_is_refused(tmp_path, county):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="91"):
        call_command(
            "import", "applications", str(write_csv(tmp_path, LEDGER)),
            "--agency", "91339901MA00000000", stdout=out, stderr=err,
        )  # fmt: skip


# --- re-runs -------------------------------------------------------------------------------


def test_re_running_updates_instead_of_duplicating(tmp_path, agency, handler):
    assert run(write_csv(tmp_path, LEDGER), agency)[0] == 0
    first = by_ledger(agency, "2021-002")
    changed = [
        LEDGER[0],
        # closed later and with another outcome
        "2021-002,商业企业,当面提交,2021-05-06,2021-06-04,（二）部分公开,某企业投标文件",
        LEDGER[2],
        # the open case is now closed
        "2021-004,其他,电子邮件,2021-12-28,2022-01-20,（六）其他处理 3.其他,尚在办理的申请",
    ]
    status, out, err = run(write_csv(tmp_path, changed), agency, "-v", "2")
    assert status == 0, err
    assert Application.objects.filter(agency=agency).count() == 4
    again = by_ledger(agency, "2021-002")
    assert again.pk == first.pk
    assert (again.replied_on, again.outcome) == (D("2021-06-04"), Outcome.PARTIAL)
    closed = by_ledger(agency, "2021-004")
    assert (closed.status, closed.outcome) == (Status.ARCHIVED, Outcome.OTHER)
    assert closed.replied_on == D("2022-01-20")
    assert "更新 2" in out and "未变 2" in out
    steps = list(closed.steps.filter(kind="imported"))
    assert [step.text for step in steps] == [
        "从台账ledger.csv导入。",
        "按台账ledger.csv更新：决定日期、办理结果、答复日期、状态。",
    ]

    # a third run of the same file changes nothing
    status, out, _err = run(write_csv(tmp_path, changed), agency)
    assert "未变 4" in out
    # reopened in a corrected ledger: open again, no outcome (the check constraints hold)
    reopened = [LEDGER[3].replace("2021-004", "2021-002")]
    assert run(write_csv(tmp_path, reopened), agency)[0] == 0
    back = by_ledger(agency, "2021-002")
    assert (back.status, back.outcome, back.replied_on) == (Status.HANDLING, "", None)


def test_personal_data_is_only_changed_by_columns_the_file_has(agency):
    row = {"number": "P-1", "applicant_kind": "自然人", "channel": "网上申请",
           "received_on": "2022-01-04", "title": "x", "applicant_name": "王五"}  # fmt: skip
    import_ledger_rows(agency, [row])
    del row["applicant_name"]
    result = import_ledger_rows(agency, [row])
    assert result.unchanged == 1
    assert by_ledger(agency, "P-1").applicant_name == "王五"


def test_a_case_handled_in_gongkai_is_never_overwritten(tmp_path, agency):
    native = registered_application(agency, "2026-03-02", number="2026-000007")
    line = "2026-000007,自然人,网上申请,2026-03-02,2026-03-10,（一）予以公开,改写"
    status, _out, err = run(write_csv(tmp_path, [LEDGER[0], line]), agency)
    assert status == 1 and "第3行" in err and "2026-000007" in err
    native.refresh_from_db()
    assert (native.status, native.info_title) == (Status.REGISTERED, "2025年度本局预算执行情况")
    assert Application.objects.filter(imported=True).count() == 0


def test_the_same_ledger_numbers_in_two_agencies_do_not_collide(tmp_path, county):
    path = write_csv(tmp_path, LEDGER)
    assert run(path, county.a)[0] == 0
    assert run(path, county.b)[0] == 0
    assert Application.objects.filter(ledger_number="2021-001").count() == 2
    assert by_ledger(county.a, "2021-001").number != by_ledger(county.b, "2021-001").number


def test_one_audit_event_per_import_with_the_counts(tmp_path, agency):
    run(write_csv(tmp_path, LEDGER), agency)
    events = Event.objects.filter(action="application.imported")
    assert events.count() == 1
    event = events.get()
    assert event.agency == agency
    assert (event.data["created"], event.data["updated"]) == (4, 0)
    assert event.data["source"] == "ledger.csv"


# --- the database holds the rules ----------------------------------------------------------


def test_only_an_imported_case_may_lack_the_applicant(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        registered_application(agency, "2026-03-02", applicant_name="", id_number="")
    with pytest.raises(IntegrityError), transaction.atomic():
        registered_application(agency, "2026-03-02", ledger_number="X-1")


# --- never public; the workbench and the clock jobs ----------------------------------------


def test_imported_cases_are_not_found_by_the_tracking_page(client, tmp_path, agency):
    run(write_csv(tmp_path, LEDGER), agency)
    case = by_ledger(agency, "2021-001")
    assert application_by_number_and_code(case.number, "") is None
    response = client.post(
        reverse("applications:track"), {"number": case.number, "query_code": "ABCD2345"}
    )
    assert response.status_code == 200
    assert case.info_title not in response.content.decode()
    assert client.get(reverse("applications:status", args=[case.number])).status_code == 302
    for url in ("/", "/apply/track/"):
        assert case.number not in client.get(url, follow=True).content.decode()


def test_clock_jobs_leave_an_imported_open_case_alone(tmp_path, agency, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(write_csv(tmp_path, LEDGER), agency)
    now = timezone.make_aware(dt.datetime(2026, 6, 1, 9, 0))
    jobs.refresh_clocks(now)
    jobs.reminders(now)
    still_open = by_ledger(agency, "2021-004")
    assert still_open.due_date is None
    assert not ReminderSent.objects.filter(application=still_open).exists()


def test_workbench_lists_and_filters_imported_cases_with_a_badge(client, tmp_path, county):
    run(write_csv(tmp_path, LEDGER), county.a)
    native = registered_application(county.a, "2026-03-02")
    client.force_login(county.handler_a)
    url = reverse("applications_staff:list")
    listed = client.get(url, {"tab": "all"})
    open_numbers = {a.number for a in listed.context["rows"]}
    assert by_ledger(county.a, "2021-004").number in open_numbers  # open: listed
    assert native.number in open_numbers
    html = listed.content.decode()
    assert "tag-imported" in html and "台账导入，不计期限" in html

    imported = client.get(url, {"tab": "all", "status": "all", "origin": "imported"})
    assert {a.ledger_number for a in imported.context["rows"]} == {
        "2021-001", "2021-002", "2021-003", "2021-004"
    }  # fmt: skip
    natives = client.get(url, {"tab": "all", "status": "all", "origin": "native"})
    assert {a.number for a in natives.context["rows"]} == {native.number}
    by_ledger_number = client.get(url, {"tab": "all", "status": "all", "q": "2021-003"})
    assert [a.ledger_number for a in by_ledger_number.context["rows"]] == ["2021-003"]


def test_case_page_marks_an_imported_case_and_offers_no_handling_steps(client, tmp_path, county):
    run(write_csv(tmp_path, LEDGER), county.a)
    case = by_ledger(county.a, "2021-004")
    client.force_login(county.handler_a)
    response = client.get(reverse("applications_staff:detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="imported-note"' in html and "<h1>申请2021-004</h1>" in html
    for section in ("flags", "correction", "consultations", "extension", "fee", "letters"):
        assert f'id="{section}"' not in html  # a ledger recorded none of these
    assert 'id="decide"' in html and 'id="remedies"' in html
    actions = response.context["actions"]
    assert not actions["decide"] and not actions["letters"] and not actions["consultation_send"]
    assert actions["remedy"]  # a reconsideration or lawsuit can still be recorded
    assert response.context["flags"].duplicates == []


def test_export_carries_the_ledger_number(client, tmp_path, county):
    run(write_csv(tmp_path, LEDGER), county.a)
    client.force_login(county.handler_a)
    text = client.get(
        reverse("applications_staff:export_csv"), {"tab": "all", "status": "all"}
    ).content.decode("utf-8-sig")
    assert "台账编号" in text.splitlines()[0]
    assert "2021-002" in text


def test_staff_api_shows_an_imported_case_as_imported(client, tmp_path, county):
    from gongkai.accounts.tokens import token_create

    run(write_csv(tmp_path, LEDGER), county.a)
    case = by_ledger(county.a, "2021-004")
    _token, raw = token_create(actor=None, user=county.handler_a)
    response = client.get(
        f"/api/v1/staff/applications/{case.number}", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 200, response.content
    detail = response.json()
    assert (detail["imported"], detail["ledger_number"]) == (True, "2021-004")
    assert detail["due_date"] is None
    assert detail["clock_explanation"] == ["从台账导入的申请不计算答复期限。"]
    assert detail["applicant_name"] == "" and detail["id_number_masked"] == ""
