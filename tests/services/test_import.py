"""Import of matters from CSV and JSON Lines: line-numbered Chinese errors, bad rows skipped
while good ones are imported, idempotence by implementation code (unchanged rows do nothing,
changed rows make a new draft version), materials nested or in a separate file."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.services import services
from gongkai.services.importers import import_matters
from gongkai.services.models import Matter, MatterVersion, VersionStatus
from tests.services.conftest import minimal_pdf, publish

pytestmark = pytest.mark.django_db

HEADER = [
    "实施编码",
    "事项名称",
    "事项类型",
    "权力来源",
    "实施主体",
    "服务对象",
    "受理条件",
    "办件类型",
    "法定办结时限",
    "承诺办结时限",
    "到办事现场次数",
    "是否收费",
    "办理地点",
    "办理时间",
    "咨询电话",
    "投诉电话",
    "办理结果",
    "结果类型",
    "设定依据",
    "申请材料",
    "办理流程",
    "常见问题",
    "人生事件",
]


def row(code: str, **overrides) -> dict:
    values = {
        "实施编码": code,
        "事项名称": "食品经营许可",
        "事项类型": "行政许可",
        "权力来源": "法定本级行使",
        "实施主体": "测试县市场监督管理局",
        "服务对象": "自然人、法人",
        "受理条件": "有与经营的食品品种相适应的经营场所。",
        "办件类型": "承诺件",
        "法定办结时限": "20个工作日",
        "承诺办结时限": "5个工作日",
        "到办事现场次数": "1",
        "是否收费": "否",
        "办理地点": "测试县政务服务中心二楼",
        "办理时间": "工作日 9:00—17:00",
        "咨询电话": "0579-80001111",
        "投诉电话": "0579-12345",
        "办理结果": "食品经营许可证",
        "结果类型": "证照",
        "设定依据": "《测试食品安全条例》第三十五条",
        "申请材料": json.dumps([{"name": "申请书", "form": "原件"}], ensure_ascii=False),
        "办理流程": "申请→受理→审查→决定",
        "常见问题": "许可证有效期多久？｜五年。",
        "人生事件": "",
    }
    values.update(overrides)
    return values


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        for r in rows:
            writer.writerow(r)
    return path


def write_materials(path, rows):
    header = ["实施编码", "材料名称", "材料形式", "份数", "要求", "空白表格", "示例样表"]
    return write_csv(path, rows, header)


def test_csv_with_a_materials_file_creates_drafts(county, tmp_path):
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "blank.pdf").write_bytes(minimal_pdf("blank"))
    (tmp_path / "forms" / "sample.pdf").write_bytes(minimal_pdf("sample"))
    header = [h for h in HEADER if h != "申请材料"]
    rows = [row("SC001"), row("SC002", 事项名称="食品小作坊登记")]
    for r in rows:
        del r["申请材料"]
    main = write_csv(tmp_path / "matters.csv", rows, header)
    materials = write_materials(
        tmp_path / "materials.csv",
        [
            {
                "实施编码": "SC001",
                "材料名称": "申请书",
                "材料形式": "原件",
                "份数": "1",
                "要求": "签字",
                "空白表格": "forms/blank.pdf",
                "示例样表": "forms/sample.pdf",
            },
            {
                "实施编码": "SC001",
                "材料名称": "营业执照",
                "材料形式": "复印件",
                "份数": "1",
                "要求": "",
                "空白表格": "",
                "示例样表": "",
            },
            {
                "实施编码": "SC002",
                "材料名称": "登记表",
                "材料形式": "原件",
                "份数": "2",
                "要求": "",
                "空白表格": "",
                "示例样表": "",
            },
        ],
    )
    result = import_matters(main, agency=county.a.credit_code, materials=materials)
    assert result.errors == []
    assert result.created == 2
    matter = Matter.objects.get(implementation_code="SC001")
    v = matter.versions.get()
    assert v.status == VersionStatus.DRAFT  # nothing is published by an import
    assert v.statutory_limit == 20 and v.statutory_unit == "working" and v.promised_limit == 5
    assert v.serves_natural_persons and v.serves_organizations
    assert [s.title for s in v.steps.all()] == ["申请", "受理", "审查", "决定"]
    assert v.bases.get().title == "《测试食品安全条例》" and v.bases.get().article == "第三十五条"
    assert v.questions.get().answer == "五年。"
    m1 = v.materials.get(name="申请书")
    assert m1.blank_form.name == "blank.pdf" and m1.sample.name == "sample.pdf"
    # The drafts can go straight through review.
    publish(county, matter)


def test_bad_rows_are_reported_by_line_and_the_others_imported(county, tmp_path):
    main = write_csv(
        tmp_path / "matters.csv",
        [
            row("OK001"),
            row("", 事项名称="没有编码"),
            row("BAD002", 事项类型="行政审批"),
            row("BAD003", 法定办结时限="5个工作日", 承诺办结时限="10个工作日"),
            row("BAD004", 人生事件="出海捕鱼"),
            row("OK001"),
        ],
    )
    result = import_matters(main, agency=county.a.credit_code)
    assert result.created == 1
    lines = {p.line for p in result.errors}
    assert lines == {3, 4, 5, 6, 7}
    messages = {p.line: p.message for p in result.errors}
    assert "实施编码" in messages[3]
    assert "行政审批" in messages[4]
    assert "承诺办结时限" in messages[5]
    assert "出海捕鱼" in messages[6]
    assert "第2行" in messages[7] or "2" in messages[7]
    assert not Matter.objects.filter(implementation_code__startswith="BAD").exists()


def test_the_command_prints_chinese_line_errors_and_fails(county, tmp_path, capsys):
    main = write_csv(tmp_path / "matters.csv", [row("CMD001"), row("CMD002", 办件类型="慢件")])
    with pytest.raises(CommandError):
        call_command("import", "matters", str(main), "--agency", county.a.credit_code)
    err = capsys.readouterr().err
    assert "第3行" in err and "慢件" in err
    assert Matter.objects.filter(implementation_code="CMD001").exists()


def test_import_is_idempotent_and_a_changed_row_makes_a_new_draft(county, tmp_path):
    main = write_csv(tmp_path / "matters.csv", [row("ID001")])
    first = import_matters(main, agency=county.a.credit_code)
    assert first.created == 1
    matter = Matter.objects.get(implementation_code="ID001")
    publish(county, matter)
    again = import_matters(main, agency=county.a.credit_code)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert matter.versions.count() == 1
    write_csv(main, [row("ID001", 承诺办结时限="3个工作日")])
    changed = import_matters(main, agency=county.a.credit_code)
    assert changed.updated == 1 and changed.actions[0].fields
    matter.refresh_from_db()
    assert matter.versions.count() == 2
    draft = matter.versions.get(number=2)
    assert draft.status == VersionStatus.DRAFT and draft.promised_limit == 3
    # The published version is untouched until the draft is approved.
    assert matter.current_version.promised_limit == 5
    # Importing the same changed file again changes nothing more.
    assert import_matters(main, agency=county.a.credit_code).unchanged == 1
    assert matter.versions.count() == 2


def test_jsonl_with_nested_materials_and_dry_run(county, tmp_path):
    (tmp_path / "f.pdf").write_bytes(minimal_pdf())
    data = {
        "implementation_code": "JL001",
        "name": "结婚登记",
        "matter_type": "confirmation",
        "power_source": "statutory",
        "implementing_body": "测试县民政局",
        "audience": "自然人",
        "conditions": "双方自愿。",
        "case_kind": "immediate",
        "statutory_limit": "",
        "promised_limit": 0,
        "visits": 1,
        "charges_fee": False,
        "place": "婚姻登记处",
        "hours": "工作日",
        "consultation_phone": "0579-80002222",
        "complaint_phone": "0579-12345",
        "result_name": "结婚证",
        "result_type": "certificate",
        "bases": [{"title": "《测试婚姻登记办法》", "article": "第四条"}],
        "materials": [{"name": "户口簿", "form": "原件", "copies": 1, "blank_form": "f.pdf"}],
        "steps": [{"title": "申请"}, {"title": "审查"}, {"title": "颁证"}],
    }
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n" + "{broken\n", encoding="utf-8")
    dry = import_matters(path, agency=county.b.credit_code, dry_run=True)
    assert dry.created == 1 and [p.line for p in dry.errors] == [2]
    assert not Matter.objects.filter(implementation_code="JL001").exists()
    real = import_matters(path, agency=county.b.credit_code)
    assert real.created == 1
    v = MatterVersion.objects.get(matter__implementation_code="JL001")
    assert v.case_kind == "immediate" and v.statutory_limit is None
    assert v.materials.get().blank_form.name == "f.pdf"
    assert import_matters(path, agency=county.b.credit_code).unchanged == 1


def test_a_staff_import_needs_the_import_permission_for_each_agency(county, tmp_path):
    main = write_csv(tmp_path / "matters.csv", [row("PERM001")])
    refused = import_matters(main, agency=county.b.credit_code, actor=county.admin_a)
    assert refused.created == 0 and refused.errors
    refused = import_matters(main, agency=county.a.credit_code, actor=county.officer_a)
    assert refused.created == 0 and refused.errors
    allowed = import_matters(main, agency=county.a.credit_code, actor=county.admin_a)
    assert allowed.created == 1


def test_a_version_under_review_is_not_overwritten(county, tmp_path):
    main = write_csv(tmp_path / "matters.csv", [row("REV001")])
    import_matters(main, agency=county.a.credit_code)
    matter = Matter.objects.get(implementation_code="REV001")
    services.version_submit(actor=county.officer_a, version=matter.versions.get())
    write_csv(main, [row("REV001", 办理地点="三楼")])
    result = import_matters(main, agency=county.a.credit_code)
    assert result.errors and result.errors[0].line == 2


def test_the_staff_screen_does_not_read_file_paths(county, tmp_path):
    (tmp_path / "blank.pdf").write_bytes(minimal_pdf())
    main = write_csv(tmp_path / "matters.csv", [row("NF001", 申请材料="")])
    materials = write_materials(
        tmp_path / "materials.csv",
        [
            {
                "实施编码": "NF001",
                "材料名称": "申请书",
                "材料形式": "原件",
                "份数": "1",
                "要求": "",
                "空白表格": "blank.pdf",
                "示例样表": "",
            }
        ],
    )
    result = import_matters(
        main, agency=county.a.credit_code, materials=materials, with_files=False
    )
    assert result.created == 1 and result.errors == []
    assert any("空白表格" in w or "blank" in w for w in result.warnings)
    material = Matter.objects.get(implementation_code="NF001").versions.get().materials.get()
    assert material.blank_form is None
