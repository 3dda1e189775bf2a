"""Importing the proposals list the people's congress office sends: line-numbered errors, and a
second run of the same file changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.proposals.models import Proposal, ProposalKind

pytestmark = pytest.mark.django_db

HEADER = "类别,编号,会议,标题,内容,领衔代表,代表团,联名代表,主办单位,协办单位,交办日期,办理期限\n"


def _file(tmp_path, county, rows: list[str], encoding="utf-8"):
    path = tmp_path / "proposals.csv"
    text = HEADER + "".join(r.format(a=county.a.name, b=county.b.short_name) + "\n" for r in rows)
    path.write_bytes(text.encode(encoding))
    return path


ROWS = [
    "人大代表建议,第0012号,测试县十八届人大三次会议,关于改善城乡公交的建议,建议增开班次。,周明,青石镇代表团,李华（白沙镇代表团）、王芳,{a},{b},2026-03-02,",
    "政协委员提案,7,测试县政协十届三次会议,关于完善停车设施的提案,建议建设停车场。,吴敏,经济界,,{a},,2026/03/03,2026年6月30日",
]


def run(path, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import", "proposals", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc)
    return out.getvalue(), err.getvalue()


def test_import_creates_then_changes_nothing(tmp_path, county):
    path = _file(tmp_path, county, ROWS, encoding="gb18030")
    out, err = run(path, "--registered-by", county.office.username)
    assert not err, err
    npc = Proposal.objects.get(kind=ProposalKind.NPC)
    assert npc.number == 12 and npc.deadline.isoformat() == "2026-06-02"
    assert [(d.name, d.group) for d in npc.delegates.all()] == [
        ("周明", "青石镇代表团"),
        ("李华", "白沙镇代表团"),
        ("王芳", ""),
    ]
    assert [c.agency for c in npc.cohandlings.all()] == [county.b]
    cppcc = Proposal.objects.get(kind=ProposalKind.CPPCC)
    assert cppcc.deadline.isoformat() == "2026-06-30" and cppcc.year == 2026
    out, err = run(path, "--registered-by", county.office.username)
    assert "新建 0 个，更新 0 个，未变 2 个" in out
    assert Proposal.objects.count() == 2


def test_changed_rows_are_updated_and_bad_lines_reported(tmp_path, county):
    run(_file(tmp_path, county, ROWS), "--registered-by", county.office.username)
    rows = [
        ROWS[0].replace("关于改善城乡公交的建议", "关于增开城乡公交班次的建议"),
        "人大代表建议,x12,测试县十八届人大三次会议,标题,内容,周明,,,{a},,2026-03-02,",
        "政协提案,8,测试县政协十届三次会议,标题,内容,吴敏,,,不存在的局,,2026-03-02,",
    ]
    out, err = run(_file(tmp_path, county, rows), "--registered-by", county.office.username)
    assert Proposal.objects.get(number=12).title == "关于增开城乡公交班次的建议"
    assert "3" in err and "4" in err  # the header is line 1
    assert "x12" in err and "不存在的局" in err
    assert Proposal.objects.count() == 2


def test_dry_run_writes_nothing_and_the_registrar_needs_the_right(tmp_path, county):
    path = _file(tmp_path, county, ROWS)
    run(path, "--dry-run", "--registered-by", county.office.username)
    assert not Proposal.objects.exists()
    out, err = run(path, "--registered-by", county.handler_a.username)
    assert "--registered-by" in err
    assert not Proposal.objects.exists()
    out, err = run(path)
    assert "--registered-by" in err
