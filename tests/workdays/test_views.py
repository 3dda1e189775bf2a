import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.workdays.models import CalendarDay, CalendarSource, CalendarYear
from gongkai.workdays.services import calendar_year_set
from tests.factories import UserFactory, staff

from .conftest import MAKE_UP_2027, MAKE_UP_2027_TEXT, REST_2027, REST_2027_TEXT, D

pytestmark = pytest.mark.django_db

LIST = reverse("workdays:year_list")


def edit_url(year):
    return reverse("workdays:year_edit", args=[year])


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_user_without_a_role_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("workdays:year_detail", args=[2026])).status_code == 403


def test_year_list_for_staff(client, officer):
    client.force_login(officer)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "工作日历" in html
    assert reverse("workdays:year_detail", args=[2026]) in html
    assert edit_url(2027) not in html  # only system administrators enter years


def test_year_list_warns_and_offers_the_missing_year_to_a_system_admin(
    client, system_admin, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: D("2026-11-05"))
    client.force_login(system_admin)
    html = client.get(LIST).content.decode()
    assert edit_url(2027) in html
    assert "2027年的节假日安排尚未录入" in html
    calendar_year_set(actor=system_admin, year=2027, holidays=REST_2027, workdays=MAKE_UP_2027)
    html = client.get(LIST).content.decode()
    assert "2027年的节假日安排尚未录入" not in html


def test_calculator(client, officer):
    client.force_login(officer)
    html = client.get(LIST, {"start": "2026-09-24", "n": "20"}).content.decode()
    assert "2026年10月29日" in html
    html = client.get(LIST, {"a": "2026-09-24", "b": "2026-10-29"}).content.decode()
    assert "<strong>20</strong>个工作日" in html
    html = client.get(LIST, {"start": "2026-12-20", "n": "20"}).content.decode()
    assert "2027年的节假日安排尚未录入，无法计算工作日。" in html


def test_year_detail_lists_rest_and_make_up_days_by_month(client, officer):
    client.force_login(officer)
    response = client.get(reverse("workdays:year_detail", args=[2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年10月10日" in html and "调休上班日" in html and "国庆节" in html
    assert "2026年2月17日" in html and "春节" in html
    assert "十月" in html
    assert client.get(reverse("workdays:year_detail", args=[2031])).status_code == 404


def test_only_a_system_admin_may_open_the_form(client, officer):
    client.force_login(officer)
    assert client.get(edit_url(2027)).status_code == 403
    assert client.post(edit_url(2027), {"rest_periods": REST_2027_TEXT}).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_entering_a_year(client, system_admin):
    client.force_login(system_admin)
    assert client.get(edit_url(2027)).status_code == 200
    response = client.post(
        edit_url(2027),
        {"rest_periods": REST_2027_TEXT, "make_up_days": MAKE_UP_2027_TEXT, "note": "测试"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workdays:year_detail", args=[2027])
    year = CalendarYear.objects.get(year=2027)
    assert year.source == CalendarSource.MANUAL and year.note == "测试"
    assert {d.date: d.name for d in CalendarDay.objects.filter(year_id=2027, kind="holiday")} == (
        REST_2027
    )
    assert Event.objects.filter(action="workdays.year_set", actor=system_admin).exists()
    html = client.get(LIST, {"start": "2026-12-20", "n": "20"}).content.decode()
    assert "2027年1月18日" in html


def test_the_form_is_prefilled_when_editing(client, system_admin):
    calendar_year_set(actor=system_admin, year=2027, holidays=REST_2027, workdays=MAKE_UP_2027)
    client.force_login(system_admin)
    html = client.get(edit_url(2027)).content.decode()
    assert "春节 2027-02-06~2027-02-12" in html
    assert "春节 2027-02-14" in html
    html = client.get(edit_url(2026)).content.decode()
    assert "春节 2026-02-15~2026-02-23" in html
    assert "国庆节 2026-10-10" in html


def test_bad_lines_are_reported_and_the_text_is_kept(client, system_admin):
    client.force_login(system_admin)
    typed = "元旦 2027-01-01~2027-01-03\n春节 2027-02-31~2027-02-12"
    response = client.post(
        edit_url(2027), {"rest_periods": typed, "make_up_days": "春节 2027-02-10"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "第2行：“2027-02-31”不是有效的日期。" in html
    assert "第1行：2027-02-10是星期三，调休上班日只能是星期六或星期日。" in html
    assert "春节 2027-02-31~2027-02-12" in html
    assert "未保存" in html
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_make_up_day_that_is_also_a_rest_day(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        edit_url(2027), {"rest_periods": REST_2027_TEXT, "make_up_days": "春节 2027-02-06"}
    )
    assert "第1行：2027-02-06已被填为放假日，不能同时是调休上班日。" in response.content.decode()


def test_enter_another_year_box(client, system_admin):
    client.force_login(system_admin)
    response = client.get(reverse("workdays:year_new"), {"year": "2028"})
    assert response["Location"] == edit_url(2028)
    response = client.get(reverse("workdays:year_new"), {"year": "abc"})
    assert response["Location"] == LIST


class TestAdmin:
    def test_system_admin_can_read_but_not_change(self, client, system_admin):
        client.force_login(system_admin)
        assert client.get(reverse("admin:workdays_calendaryear_changelist")).status_code == 200
        assert client.get(reverse("admin:workdays_calendarday_changelist")).status_code == 200
        assert (
            client.get(reverse("admin:workdays_calendaryear_change", args=[2026])).status_code
            == 200
        )
        assert client.get(reverse("admin:workdays_calendaryear_add")).status_code == 403

    def test_other_staff_cannot_see_it(self, client, officer):
        client.force_login(officer)
        assert client.get(reverse("admin:workdays_calendaryear_changelist")).status_code == 403


@pytest.mark.parametrize("role", [Role.HANDLER, Role.LEADER])
def test_every_role_may_use_the_calculator(client, agency, role):
    client.force_login(staff(role, agency))
    assert client.get(LIST, {"start": "2026-02-10", "n": "20"}).status_code == 200


def test_pages_render_in_english(client, system_admin):
    client.force_login(system_admin)
    client.cookies["gongkai_lang"] = "en"
    html = client.get(LIST, {"start": "2026-12-20", "n": "20"}).content.decode()
    assert "Working-day calendar" in html
    assert "The holiday arrangement for 2027 has not been entered" in html
    html = client.get(reverse("workdays:year_detail", args=[2026])).content.decode()
    assert "Make-up working day" in html
    assert "Rest periods" in client.get(edit_url(2027)).content.decode()
