from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.audit.models import Event
from gongkai.workdays.models import CalendarDay, CalendarSource, CalendarYear
from gongkai.workdays.package import package_arrangement
from gongkai.workdays.services import calendar_year_set

from .conftest import MAKE_UP_2027, REST_2027, D

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("workdays", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_due_prints_only_the_iso_date():
    assert run("due", "2026-09-24", "20") == (0, "2026-10-29\n", "")
    assert run("due", "2026-02-10", "40") == (0, "2026-04-14\n", "")


def test_count_prints_the_integer():
    assert run("count", "2026-09-24", "2026-10-29") == (0, "20\n", "")
    assert run("count", "2026-10-29", "2026-09-24") == (0, "0\n", "")


def test_check():
    code, out, _ = run("check", "2026-10-10")
    assert code == 0 and out == "2026-10-10是工作日（国庆节调休上班）。\n"
    assert run("check", "2026-10-01")[1] == "2026-10-01是休息日（国庆节）。\n"
    assert run("check", "2026-10-11")[1] == "2026-10-11是休息日（周末）。\n"
    assert run("check", "2026-10-12")[1] == "2026-10-12是工作日。\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("due", "2026-12-20", "20"), "2027年的节假日安排尚未录入，无法计算工作日。"),
        (("due", "2026-02-30", "20"), "“2026-02-30”不是日期"),
        (("due", "2026-02-10", "-3"), "“-3”不是有效的工作日数"),
        (("count", "2026-12-01", "2027-01-10"), "2027年的节假日安排尚未录入"),
        (("check", "2027-01-04"), "2027年的节假日安排尚未录入"),
        (("seed", "--year", "2031"), "chinesecalendar 数据包（1.11.0版）没有2031年的数据"),
    ],
)
def test_errors_go_to_stderr_with_status_1(args, message):
    code, out, err = run(*args)
    assert code == 1
    assert out == ""
    assert message in err


def test_due_works_once_the_year_is_entered(system_admin):
    calendar_year_set(actor=system_admin, year=2027, holidays=REST_2027, workdays=MAKE_UP_2027)
    assert run("due", "2026-12-20", "20") == (0, "2027-01-18\n", "")


def test_seed_is_a_dry_run_without_commit():
    CalendarYear.objects.filter(year=2010).delete()
    code, out, _ = run("seed")
    assert code == 0
    assert "2010年：新增（放假29天，调休上班" in out
    assert "2026年：无变化" in out
    assert "未写入任何数据" in out
    assert not CalendarYear.objects.filter(year=2010).exists()


def test_seed_commit_restores_and_updates_package_years():
    CalendarYear.objects.filter(year=2010).delete()
    # As if an older package release had a different name for one day.
    CalendarDay.objects.filter(date=D("2026-10-10")).update(name="旧名称")
    code, out, _ = run("seed", "--commit")
    assert code == 0
    assert "2026年：更新（新增0个日期，删除0个，修改1个）" in out
    assert CalendarYear.objects.get(year=2010).source == CalendarSource.PACKAGE
    arrangement = package_arrangement(2010)
    assert CalendarDay.objects.filter(year_id=2010).count() == len(arrangement.rest_days) + len(
        arrangement.make_up_days
    )
    assert CalendarDay.objects.get(date=D("2026-10-10")).name == "国庆节"
    assert Event.objects.filter(action="workdays.seed").count() == 2
    assert run("seed")[1].count("无变化") == 23


def test_seed_leaves_manual_years_alone_unless_forced(system_admin):
    days = CalendarDay.objects.filter(year_id=2026)
    rest = {d.date: d.name for d in days if d.kind == "holiday"}
    make_up = {d.date: d.name for d in days if d.kind == "workday" and d.date != D("2026-10-10")}
    calendar_year_set(actor=system_admin, year=2026, holidays=rest, workdays=make_up)

    code, out, _ = run("seed", "--year", "2026", "--commit")
    assert "2026年：为人工录入，未改动" in out
    assert not CalendarDay.objects.filter(date=D("2026-10-10")).exists()

    code, out, _ = run("seed", "--year", "2026", "--commit", "--force")
    assert "2026年：更新（新增1个日期" in out
    assert CalendarDay.objects.filter(date=D("2026-10-10"), kind="workday").exists()
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.PACKAGE
