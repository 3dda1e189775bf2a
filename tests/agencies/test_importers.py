"""``gongkai import agencies FILE``: CSV and JSON Lines, any row order, line-numbered errors."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from gongkai.agencies.credit_code import generate_credit_code
from gongkai.agencies.importers import import_agencies
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.audit.models import Event
from gongkai.core.importing import ImportFileError
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
HEADER = "name,short_name,credit_code,parent_credit_code,kind,address,postcode,phone,email,office_hours,website"


def code(serial: int, kind: str = "1") -> str:
    return generate_credit_code(division="339903", serial=serial, kind=kind)


GOV, EDU, FIN, TOWN = code(1), code(2), code(3), code(4)


def run(path: Path, *args: str) -> tuple[int, str, str]:
    """Run the command in Chinese, as an office would; return (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    status = 0
    with translation.override("zh-hans"):
        try:
            call_command("import", "agencies", str(path), *args, stdout=out, stderr=err)
        except CommandError as exc:
            status = exc.returncode
            err.write(str(exc))
    return status, out.getvalue(), err.getvalue()


def write_csv(tmp_path: Path, lines: list[str], *, encoding: str = "utf-8", name="agencies.csv"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode(encoding))
    return path


# --- the sample files ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["agencies.csv", "agencies.jsonl"])
def test_sample_files_import_with_parents_resolved(name):
    status, out, err = run(DATA / name)
    assert status == 0, err
    assert Agency.objects.count() == 5
    county = Agency.objects.get(name="青禾县人民政府")
    assert county.parent is None
    assert county.kind == AgencyKind.GOVERNMENT
    # The bureau comes before the county in the file; the institution hangs from the bureau.
    bureau = Agency.objects.get(name="青禾县教育局")
    assert bureau.parent == county
    assert bureau.kind == AgencyKind.DEPARTMENT
    assert Agency.objects.get(name="青禾县教育考试中心").parent == bureau
    assert Agency.objects.get(short_name="禾丰镇").kind == AgencyKind.TOWN
    assert "新建 5 个" in out


def test_each_imported_row_is_audited_without_an_actor():
    run(DATA / "agencies.csv")
    events = Event.objects.filter(action="agency.create")
    assert events.count() == 5
    assert all(e.actor_id is None and e.data["source"] == "import" for e in events)


def test_rerun_updates_in_place(tmp_path):
    run(DATA / "agencies.csv")
    status, out, _err = run(DATA / "agencies.csv")
    assert status == 0
    assert Agency.objects.count() == 5
    assert "未变 5 个" in out

    lines = (DATA / "agencies.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("0579-86000000", "0579-86009999")
    path = tmp_path / "changed.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _err = run(path, "-v", "2")
    assert status == 0
    assert Agency.objects.count() == 5
    assert Agency.objects.get(name="青禾县人民政府").phone == "0579-86009999"
    assert "更新 1 个" in out and "未变 4 个" in out
    assert "第3行：" in out
    assert Event.objects.filter(action="agency.update").count() == 1


def test_dry_run_writes_nothing():
    status, out, _err = run(DATA / "agencies.csv", "--dry-run")
    assert status == 0
    assert Agency.objects.count() == 0
    assert Event.objects.count() == 0
    assert "未保存" in out
    assert "第2行：" in out  # each row's outcome is listed


# --- encodings -----------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_encodings(tmp_path, encoding):
    path = write_csv(
        tmp_path,
        [f"青禾县人民政府,县政府,{GOV},,人民政府,青禾县人民路1号,339901,0579-86000000,,,"],
        encoding=encoding,
    )
    result = import_agencies(path)
    assert not result.errors
    agency = Agency.objects.get()
    assert agency.name == "青禾县人民政府"
    assert agency.address == "青禾县人民路1号"


def test_chinese_headers(tmp_path):
    path = tmp_path / "机关.csv"
    path.write_bytes(
        (
            "机关名称,统一社会信用代码,上级机关统一社会信用代码,机关类型,联系电话\r\n"
            f"青禾县人民政府,{GOV},,人民政府,0579-86000000\r\n"
            f"青禾县禾丰镇人民政府,{TOWN},{GOV},乡镇,\r\n"
        ).encode("gbk")
    )
    result = import_agencies(path)
    assert not result.errors
    assert Agency.objects.get(credit_code=TOWN).parent.credit_code == GOV


# --- bad rows ------------------------------------------------------------------------------
def test_bad_rows_are_reported_by_line_and_good_rows_imported(tmp_path):
    wrong = GOV[:17] + ("0" if GOV[17] != "0" else "1")
    path = write_csv(
        tmp_path,
        [
            f"青禾县教育局,,{EDU},{GOV},政府部门,,339901,,,,",  # line 2: parent on line 6
            f"错码局,,{wrong},,department,,,,,,",  # line 3: wrong check character
            f",,{code(10)},{GOV},department,,,,,,",  # line 4: no name
            f"怪类局,,{code(11)},{GOV},委员会,,,,,,",  # line 5: unknown kind
            f"青禾县人民政府,,{GOV},,government,,339901,,,,",  # line 6
            f"邮编局,,{code(12)},{GOV},department,,1234,,not-an-email,,",  # line 7: model checks
            f"孤儿局,,{code(13)},{code(99)},department,,,,,,",  # line 8: unknown parent
            f"青禾县财政局,,{FIN},{GOV},department,,,,,,",  # line 9
            f"重复局,,{FIN},{GOV},department,,,,,,",  # line 10: same code as line 9
        ],
    )
    status, out, err = run(path)
    assert status == 1
    assert set(Agency.objects.values_list("credit_code", flat=True)) == {GOV, EDU, FIN}
    assert Agency.objects.get(credit_code=EDU).parent.credit_code == GOV
    lines = [line for line in err.splitlines() if line.startswith("第")]
    assert [line.split("：", 1)[0] for line in lines] == [
        "第3行",
        "第4行",
        "第5行",
        "第7行",
        "第8行",
        "第10行",
    ]
    by_line = {line.split("：", 1)[0]: line for line in lines}
    assert f"应为“{GOV[17]}”" in by_line["第3行"]
    assert "全称" in by_line["第4行"]
    assert "委员会" in by_line["第5行"]
    assert "邮政编码" in by_line["第7行"] and "电子邮箱" in by_line["第7行"]
    assert code(99) in by_line["第8行"]
    assert "第9行" in by_line["第10行"]
    assert "新建 3 个" in out and "出错 6 行" in out


def test_children_of_a_bad_row_are_reported(tmp_path):
    path = write_csv(
        tmp_path,
        [
            f"青禾县教育局,,{EDU},{GOV},department,,,,,,",  # line 2: its parent is bad
            f"青禾县人民政府,,{GOV},,government,,12,,,,",  # line 3: bad postcode
        ],
    )
    status, _out, err = run(path)
    assert status == 1
    assert Agency.objects.count() == 0
    assert "第2行：" in err and "第3行" in err.split("第2行：", 1)[1]


def test_a_loop_of_parents_is_reported(tmp_path):
    path = write_csv(
        tmp_path,
        [
            f"甲局,,{EDU},{FIN},department,,,,,,",
            f"乙局,,{FIN},{EDU},department,,,,,,",
        ],
    )
    result = import_agencies(path)
    assert sorted(p.line for p in result.errors) == [2, 3]
    assert Agency.objects.count() == 0


def test_a_multiline_cell_keeps_line_numbers_right(tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(
        "name,credit_code,kind,functions\n"
        f'青禾县人民政府,{GOV},government,"第一项职能\n第二项职能"\n'
        f"坏局,{EDU[:17]}I,department,\n",
        encoding="utf-8",
    )
    result = import_agencies(path)
    assert [p.line for p in result.errors] == [4]
    assert Agency.objects.get().functions == "第一项职能\n第二项职能"


def test_jsonl_errors_and_parent_from_the_database(tmp_path):
    county = AgencyFactory(name="已有县政府", kind=AgencyKind.GOVERNMENT)
    path = tmp_path / "agencies.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "name": "甲局",
                        "credit_code": EDU,
                        "parent_credit_code": county.credit_code,
                        "kind": "department",
                    }
                ),
                "{not json",
                "",
                json.dumps(["a list"]),
                json.dumps({"name": "乙局", "credit_code": FIN, "kind": "部门", "sort_order": "x"}),
            ]
        ),
        encoding="utf-8",
    )
    result = import_agencies(path)
    assert sorted(p.line for p in result.errors) == [2, 4, 5]
    assert Agency.objects.get(credit_code=EDU).parent == county


def test_json_array_file(tmp_path):
    path = tmp_path / "agencies.json"
    path.write_text(
        json.dumps(
            [
                {"name": "青禾县人民政府", "credit_code": GOV, "kind": "government"},
                {"name": "坏局", "credit_code": "123", "kind": "department"},
            ],
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    result = import_agencies(path)
    assert Agency.objects.count() == 1
    assert [p.line for p in result.errors] == [7]  # where the object opens


def test_update_keeps_columns_the_file_does_not_have(tmp_path):
    county = AgencyFactory(
        credit_code=GOV, kind=AgencyKind.GOVERNMENT, phone="0579-1", fax="0579-2"
    )
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"name": "新名称", "credit_code": GOV, "kind": "government"}) + "\n")
    result = import_agencies(path)
    assert result.updated == 1
    county.refresh_from_db()
    assert county.name == "新名称"
    assert county.phone == "0579-1" and county.fax == "0579-2"


def test_unknown_file_type(tmp_path):
    path = tmp_path / "agencies.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(ImportFileError):
        import_agencies(path)
    status, _out, err = run(path)
    assert status == 1
    assert ".xlsx" in err
