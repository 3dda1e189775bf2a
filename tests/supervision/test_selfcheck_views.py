"""The self-check pages: who sees which findings, the counts and fix links, the run-now button,
and the card on the staff workbench."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.supervision.models import Finding, Rule, SelfCheckRun
from gongkai.supervision.selfcheck.runner import selfcheck_run
from tests.factories import AgencyFactory, staff
from tests.supervision.test_selfcheck import Bureau, at

pytestmark = pytest.mark.django_db

URL = "/staff/supervision/selfcheck/"


def days_ago(n: int) -> dt.date:
    # The run-now button checks as of today, so these items are dated from the real today.
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def county():
    gov = Bureau(AgencyFactory(kind=AgencyKind.GOVERNMENT, name="测试县人民政府"))
    a = Bureau(AgencyFactory(parent=gov.agency, name="测试县甲局"))
    b = Bureau(AgencyFactory(parent=gov.agency, name="测试县乙局"))
    for bureau in (gov, a, b):
        bureau.fill(days_ago(1), skip=("news.work",))
        bureau.publish("news.work", days_ago(30), title=f"{bureau.agency.name}工作动态")
    a.publish(
        "policy.normative",
        days_ago(1),
        title="含失效链接的通知",
        body_html='<p>详见<a href="/items/99999999/">原通知</a>。</p>',
    )
    office = staff(Role.DISCLOSURE_OFFICE, gov.agency)
    selfcheck_run(actor=None, now=at(days_ago(0)))
    return {"gov": gov, "a": a, "b": b, "office": office}


def login(client, user):
    client.force_login(user)
    return client


def test_the_office_sees_every_agency_below_it_with_counts_and_links(client, county):
    login(client, county["office"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("gov", "a", "b"):
        assert county[key].agency.name in html
    a = county["a"].agency
    assert f'href="?agency={a.pk}&amp;rule=broken_link#findings">站内链接不可用 1</a>' in html
    assert f'href="?agency={a.pk}&amp;rule=news_stale#findings">动态类栏目不更新 1</a>' in html
    assert "正文中的链接 /items/99999999/ 无法访问：信息不存在。" in html
    assert "运行自查" in html  # the office may run the check


def test_an_agency_admin_sees_only_his_own_agency(client, county):
    a, b = county["a"], county["b"]
    login(client, a.admin)
    html = client.get(URL).content.decode()
    assert a.agency.name in html and b.agency.name not in html
    assert "全站" not in html.split("<h2")[1]  # no row for the site as a whole
    assert client.get(URL, {"agency": b.agency.pk}).status_code == 404
    assert client.get(URL, {"agency": "site"}).status_code == 404
    own = client.get(URL, {"agency": a.agency.pk, "rule": Rule.BROKEN_LINK})
    rows = own.context["page"].object_list
    assert [f.rule for f in rows] == [Rule.BROKEN_LINK] and rows[0].agency == a.agency


def test_fix_links_are_shown_to_those_who_may_fix(client, county):
    a = county["a"]
    login(client, a.admin)
    response = client.get(URL, {"agency": a.agency.pk, "rule": Rule.NEWS_STALE})
    finding = response.context["page"].object_list[0]
    assert finding.may_fix  # 机关管理员 manages the catalog
    assert f'href="{finding.fix_url}"' in response.content.decode()
    link = client.get(URL, {"agency": a.agency.pk, "rule": Rule.BROKEN_LINK})
    assert not link.context["page"].object_list[0].may_fix  # revising items is the reviewer's
    login(client, a.reviewer)
    link = client.get(URL, {"agency": a.agency.pk, "rule": Rule.BROKEN_LINK})
    assert link.context["page"].object_list[0].may_fix


def test_people_without_the_permission_get_403(client, county):
    login(client, county["a"].officer)
    assert client.get(URL).status_code == 403
    handler = staff(Role.HANDLER, county["a"].agency)
    login(client, handler)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_an_agency_admin_runs_the_check_for_his_agency_and_a_reviewer_may_not(client, county):
    a, b = county["a"], county["b"]
    a.publish("news.work", days_ago(0))
    login(client, a.reviewer)
    assert (
        client.post(reverse("supervision:selfcheck_run"), {"agency": a.agency.pk}).status_code
        == 403
    )
    login(client, a.admin)
    assert (
        client.post(reverse("supervision:selfcheck_run"), {"agency": b.agency.pk}).status_code
        == 404
    )
    assert client.post(reverse("supervision:selfcheck_run"), {"agency": "site"}).status_code == 404
    response = client.post(
        reverse("supervision:selfcheck_run"), {"agency": a.agency.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{URL}?agency={a.agency.pk}"
    run = SelfCheckRun.objects.latest("pk")
    assert run.agency == a.agency and run.started_by == a.admin and run.resolved_count == 1
    assert "自查已完成" in response.content.decode()
    assert not Finding.objects.filter(
        agency=a.agency, rule=Rule.NEWS_STALE, resolved_on__isnull=True
    ).exists()
    assert client.get(reverse("supervision:selfcheck_run")).status_code == 405


def test_the_office_runs_the_whole_site(client, county):
    login(client, county["office"])
    response = client.post(reverse("supervision:selfcheck_run"), {"agency": "site"})
    assert response.status_code == 302
    assert SelfCheckRun.objects.latest("pk").agency is None


def test_resolved_findings_are_listed_on_request(client, county):
    a = county["a"]
    a.publish("news.work", days_ago(0))
    selfcheck_run(actor=a.admin, agency=a.agency)
    login(client, a.admin)
    response = client.get(URL, {"agency": a.agency.pk, "resolved": "on"})
    resolved = list(response.context["page"].object_list)
    assert [f.rule for f in resolved] == [Rule.NEWS_STALE]
    assert resolved[0].resolved_on is not None


def test_the_staff_home_shows_the_self_check_card_to_those_who_may_see_it(client, county):
    login(client, county["a"].reviewer)
    assert reverse("supervision:selfcheck_findings") in client.get("/staff/").content.decode()
    login(client, county["a"].officer)
    assert reverse("supervision:selfcheck_findings") not in client.get("/staff/").content.decode()
