"""Site self-check (自查): each rule finds a planted problem and leaves a clean site alone;
the daily run is idempotent, keeps first-seen dates, resolves what was fixed and mails the
公开办 once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.audit.models import Event
from gongkai.catalog.models import Category, DisclosureAttribute, Item
from gongkai.catalog.services import catalog_create_from_template, category_save
from gongkai.catalog.services.items import (
    item_approve,
    item_attach,
    item_create,
    item_submit,
    item_withdraw,
)
from gongkai.supervision.models import Finding, Rule, RunTrigger, SelfCheckRun, Severity
from gongkai.supervision.selfcheck.consultations import (
    UnansweredConsultation,
    consultations_unanswered,
    months_before,
    register_consultation_source,
    unregister_consultation_source,
)
from gongkai.supervision.selfcheck.freshness import columns_not_updated, home_not_updated
from gongkai.supervision.selfcheck.links import broken_links, missing_attachment_files
from gongkai.supervision.selfcheck.messages import describe
from gongkai.supervision.selfcheck.metadata import items_without_metadata
from gongkai.supervision.selfcheck.runner import collect, scope_for, selfcheck_run
from gongkai.supervision.selfcheck_selectors import open_findings_count
from tests.catalog.test_files import make_pdf
from tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)  # a Monday


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


# A small catalog, shaped like the standard template's: code, name, period, parent code.
CATALOG = [
    ("news", "部门动态", 14, None),
    ("news.work", "工作动态", 14, "news"),
    ("news.notices", "通知公告", 183, "news"),
    ("policy", "政策文件", 183, None),
    ("policy.normative", "行政规范性文件", 183, "policy"),
    ("plans", "规划计划", 366, None),
    ("leaders", "机构领导", None, None),
]


class Bureau:
    """An agency with a small catalog and the staff to publish in it."""

    def __init__(self, agency):
        self.agency = agency
        self.officer = staff(Role.OFFICER, agency)
        self.reviewer = staff(Role.REVIEWER, agency)
        self.admin = staff(Role.AGENCY_ADMIN, agency)
        self.categories: dict[str, Category] = {}
        for code, name, period, parent in CATALOG:
            self.categories[code] = Category.objects.create(
                agency=agency,
                code=code,
                name=name,
                update_period_days=period,
                parent=self.categories.get(parent) if parent else None,
                sort_order=len(self.categories),
            )

    def publish(
        self, code: str, day: dt.date, title: str = "", files: dict | None = None, **fields
    ) -> Item:
        fields.setdefault("body_html", "<p>为进一步做好相关工作，现将有关事项通知如下。</p>")
        item = item_create(
            actor=self.officer,
            agency=self.agency,
            category=self.categories[code],
            title=title or f"{self.agency.short_name}{code}信息{day.isoformat()}",
            **fields,
        )
        for name, content in (files or {}).items():
            item_attach(actor=self.officer, item=item, content=content, name=name)
        item_submit(actor=self.officer, item=item)
        return item_approve(actor=self.reviewer, item=item, now=at(day))

    def fill(self, day: dt.date, *, skip: tuple[str, ...] = ()) -> None:
        """One item in every leaf column on ``day`` (but ``skip``): a clean catalog."""
        for code in ("news.work", "news.notices", "policy.normative", "plans", "leaders"):
            if code not in skip:
                self.publish(code, day)


@pytest.fixture
def county():
    gov = AgencyFactory(kind=AgencyKind.GOVERNMENT, name="测试县人民政府", short_name="县政府")
    office = staff(Role.DISCLOSURE_OFFICE, gov, email="gkb@example.cn")
    a = Bureau(AgencyFactory(parent=gov, name="测试县甲局", short_name="甲局"))
    b = Bureau(AgencyFactory(parent=gov, name="测试县乙局", short_name="乙局"))
    root = Bureau(gov)
    return {"gov": root, "a": a, "b": b, "office": office}


def clean(county, day: dt.date | None = None, *, skip_a: tuple[str, ...] = ()) -> None:
    day = day or days_ago(1)
    for key in ("gov", "a", "b"):
        county[key].fill(day, skip=skip_a if key == "a" else ())


def found(rule_function, today: dt.date = TODAY, agency=None):
    return collect(scope_for(agency, today=today), rules=[rule_function])


def keys(findings) -> set[tuple[str, str]]:
    return {(str(f.rule), f.key) for f in findings}


# --- 首页不更新 ------------------------------------------------------------------------------


def test_home_page_not_updated_for_two_weeks_is_found_for_the_site_and_the_agency(county):
    clean(county, days_ago(20))
    county["b"].publish("news.work", days_ago(3))
    result = found(home_not_updated)
    agency_a, gov = county["a"].agency, county["gov"].agency
    assert keys(result) == {
        ("home_stale", f"agency:{agency_a.pk}"),
        ("home_stale", f"agency:{gov.pk}"),
    }
    finding = next(f for f in result if f.agency_id == agency_a.pk)
    assert finding.severity == Severity.VETO
    assert finding.params == {"latest": days_ago(20).isoformat(), "days": 20, "limit": 14}
    assert finding.fix_url == f"/staff/catalog/items/new/?agency={agency_a.pk}"
    # The site as a whole: its newest item is three days old, so the home page is fine …
    assert not [f for f in result if f.agency_id is None]
    # … until nothing is newer than two weeks.
    late = found(home_not_updated, today=days_ago(3) + dt.timedelta(days=15))
    assert ("home_stale", "site") in keys(late)


def test_home_page_updated_within_two_weeks_is_not_flagged(county):
    clean(county, days_ago(14))  # exactly 14 days: within the period, as the catalog counts
    assert found(home_not_updated) == []


def test_an_agency_that_never_published_has_a_stale_home_page(county):
    clean(county)
    quiet = AgencyFactory(parent=county["gov"].agency, name="测试县丙局")
    result = found(home_not_updated)
    assert keys(result) == {("home_stale", f"agency:{quiet.pk}")}
    assert result[0].params["latest"] is None
    assert describe("home_stale", result[0].params) == "本机关尚未发布任何信息。"


def test_an_item_dated_in_the_future_does_not_count_as_an_update(county):
    clean(county, days_ago(20))
    county["a"].publish("news.work", TODAY + dt.timedelta(days=30))
    result = found(home_not_updated)
    assert ("home_stale", "site") in keys(result)
    assert ("home_stale", f"agency:{county['a'].agency.pk}") in keys(result)


# --- 栏目不更新 and 空白栏目 -------------------------------------------------------------------


def test_a_news_column_not_updated_for_two_weeks_is_found(county):
    clean(county, skip_a=("news.work",))
    a = county["a"]
    stale = a.categories["news.work"]
    a.publish("news.work", days_ago(15), title="甲局召开专题工作会议")
    result = found(columns_not_updated)
    assert keys(result) == {("news_stale", f"category:{stale.pk}")}
    finding = result[0]
    assert finding.agency_id == a.agency.pk
    assert finding.label == "部门动态 › 工作动态"
    assert finding.params["days"] == 15 and finding.params["limit"] == 14
    assert finding.severity == Severity.DEDUCTION  # one stale column: below the veto's five
    assert (
        finding.fix_url == f"/staff/catalog/agencies/{a.agency.credit_code}/categories/{stale.pk}/"
    )
    assert describe(finding.rule, finding.params) == (
        f"栏目“工作动态”最近一次更新是{days_ago(15).year}年{days_ago(15).month}月"
        f"{days_ago(15).day}日，已有15天；该栏目应每14天更新。"
    )


def test_notices_and_policy_columns_use_their_own_period(county):
    clean(county, skip_a=("news.notices", "policy.normative"))
    a = county["a"]
    policy = a.categories["policy.normative"]
    a.publish("news.notices", days_ago(100))  # within 183 days: fine
    a.publish("policy.normative", days_ago(200))  # beyond: stale
    result = found(columns_not_updated)
    assert keys(result) == {("column_stale", f"category:{policy.pk}")}
    assert result[0].params["group"] == "a" and result[0].params["limit"] == 183


def test_five_stale_news_and_policy_columns_carry_single_veto_risk(county, settings):
    settings.GONGKAI_SELFCHECK_STALE_COLUMNS_VETO = 3
    county["a"].fill(days_ago(200))
    result = found(columns_not_updated, agency=county["a"].agency)
    stale = {f.label: f for f in result}
    assert set(stale) == {"部门动态 › 工作动态", "部门动态 › 通知公告", "政策文件 › 行政规范性文件"}
    assert {f.severity for f in result} == {Severity.VETO}
    assert {f.params["count"] for f in result} == {3}
    # 规划计划 (366 days) counts towards (b) and is still within its period.
    settings.GONGKAI_SELFCHECK_STALE_COLUMNS_VETO = 4
    assert {f.severity for f in found(columns_not_updated, agency=county["a"].agency)} == {
        Severity.DEDUCTION
    }


def test_an_empty_column_is_found_and_a_hidden_one_is_not(county):
    clean(county)
    a = county["a"]
    empty = category_save(
        actor=a.admin,
        category=Category(
            agency=a.agency, code="plans.special", name="专项规划", parent=a.categories["plans"]
        ),
    )
    category_save(
        actor=a.admin,
        category=Category(
            agency=a.agency,
            code="policy.rules",
            name="规章",
            parent=a.categories["policy"],
            is_active=False,
        ),
    )
    # 规划计划 now has a child: the parent's own item does not make 专项规划 less empty.
    result = found(columns_not_updated)
    assert keys(result) == {("column_empty", f"category:{empty.pk}")}
    assert result[0].label == "规划计划 › 专项规划"
    assert describe(result[0].rule, result[0].params) == "栏目“专项规划”自开设以来没有公开信息。"


def test_a_clean_catalog_has_no_column_findings(county):
    clean(county)
    assert found(columns_not_updated) == []


def test_columns_are_checked_in_a_fixed_number_of_queries(county, django_assert_max_num_queries):
    clean(county, days_ago(40))
    scope = scope_for(None, today=TODAY)
    with django_assert_max_num_queries(2):
        assert list(columns_not_updated(scope))


# --- 互动回应差 --------------------------------------------------------------------------------


@pytest.fixture
def consultations(county):
    """A consultation source as the interaction module would register it."""
    a = county["a"].agency
    messages = [
        UnansweredConsultation(a.pk, "msg:1", "关于学区划分的咨询", days_ago(120), "/staff/x/1/"),
        UnansweredConsultation(a.pk, "msg:2", "关于补贴申领的咨询", days_ago(30), "/staff/x/2/"),
        UnansweredConsultation(a.pk, "msg:3", "两年前的咨询", days_ago(500), "/staff/x/3/"),
    ]
    calls = []

    def source(*, agency_ids, received_from, received_before):
        calls.append((agency_ids, received_from, received_before))
        return list(messages)

    register_consultation_source(source)
    yield messages, calls
    unregister_consultation_source(source)


def test_a_consultation_unanswered_for_more_than_three_months_is_found(county, consultations):
    messages, calls = consultations
    result = found(consultations_unanswered)
    assert keys(result) == {("consultation", "consultation:msg:1")}
    finding = result[0]
    assert finding.severity == Severity.VETO and finding.fix_url == "/staff/x/1/"
    assert finding.agency_id == county["a"].agency.pk
    assert calls[0][1:] == (dt.date(2025, 11, 16), dt.date(2026, 8, 16))
    assert "已有120天未答复" in describe(finding.rule, finding.params)


def test_no_consultation_finding_without_a_source_or_within_three_months(county, consultations):
    messages, _calls = consultations
    messages[:] = [m for m in messages if m.key != "msg:1"]
    assert found(consultations_unanswered) == []


def test_the_interaction_module_is_the_registered_consultation_source(county):
    from gongkai.interaction.selfcheck_source import unanswered_inquiries
    from gongkai.supervision.selfcheck.consultations import consultation_sources

    assert consultation_sources() == [unanswered_inquiries]
    assert found(consultations_unanswered) == []  # no letters here


def test_months_before_keeps_the_day_or_takes_the_last_day_of_a_shorter_month():
    assert months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 3) == dt.date(2025, 10, 15)
    assert months_before(dt.date(2026, 11, 16), 12) == dt.date(2025, 11, 16)


# --- links and attachments ------------------------------------------------------------------


def test_internal_links_that_do_not_resolve_are_found(county):
    clean(county)
    a, b = county["a"], county["b"]
    good = a.publish("news.work", days_ago(2), title="正常的信息")
    gone = a.publish("news.work", days_ago(2), title="将被撤回的信息")
    item_withdraw(actor=a.reviewer, item=gone, reason="内容有误")
    internal = a.publish(
        "news.work", days_ago(2), disclosure_attribute=DisclosureAttribute.INTERNAL
    )
    hidden = a.categories["leaders"]
    hidden.is_active = False
    category_save(actor=a.admin, category=hidden)
    code = a.agency.credit_code
    body = (
        f'<p><a href="/items/{good.pk}/">正常</a> <a href="../{good.pk}/print/">打印</a>'
        f' <a href="https://testserver/items/{gone.pk}/">已撤回</a>'
        f' <a href="/items/{internal.pk}">内部</a> <a href="/items/99999999/">不存在</a>'
        f' <a href="/disclosure/{code}/c/{hidden.pk}/">隐藏栏目</a>'
        f' <a href="/disclosure/{code}/c/{a.categories["plans"].pk}/">规划</a>'
        ' <a href="/no/such/page/">无此页</a> <a href="/staff/catalog/items/">后台</a>'
        ' <img src="/media/items/1/missing.png" alt="图">'
        ' <a href="https://www.gov.cn/zhengce/">外网</a> <a href="mailto:a@example.cn">邮件</a>'
        ' <a href="#top">顶部</a></p>'
    )
    source = b.publish("policy.normative", days_ago(1), title="含链接的信息", body_html=body)
    result = found(broken_links)
    reasons = {f.params["url"]: f.params["reason"] for f in result}
    assert reasons == {
        f"https://testserver/items/{gone.pk}/": "item_withdrawn",
        f"/items/{internal.pk}": "item_not_public",
        "/items/99999999/": "item_missing",
        f"/disclosure/{code}/c/{hidden.pk}/": "category_missing",
        "/no/such/page/": "no_page",
        "/staff/catalog/items/": "staff_only",
        "/media/items/1/missing.png": "file_missing",
    }
    assert {f.agency_id for f in result} == {b.agency.pk}
    assert {f.fix_url for f in result} == {f"/staff/catalog/items/{source.pk}/revise/"}
    message = describe("broken_link", {"url": "/items/1/", "reason": "item_withdrawn"})
    assert message == "正文中的链接 /items/1/ 无法访问：信息已撤回。"


def test_links_that_resolve_are_not_flagged(county):
    clean(county)
    a = county["a"]
    target = a.publish("news.work", days_ago(2), files={"预算.pdf": make_pdf("Annual budget")})
    attachment = target.attachments.get()
    code = a.agency.credit_code
    body = (
        f'<p><a href="/items/{target.pk}/">信息</a>'
        f' <a href="/items/{target.pk}/attachments/{attachment.pk}/">附件</a>'
        f' <a href="/media/{attachment.file.name}">文件</a>'
        f' <a href="/disclosure/{code}/">目录</a> <a href="/disclosure/{code}/guide/">指南</a>'
        f' <a href="/agencies/{code}/">机构</a> <a href="/">首页</a></p>'
    )
    county["b"].publish("policy.normative", days_ago(1), body_html=body)
    assert found(broken_links) == []


def test_an_attachment_whose_file_is_gone_is_found(county):
    clean(county)
    a = county["a"]
    item = a.publish(
        "news.work", days_ago(2), files={"保留.pdf": make_pdf("Kept"), "丢失.pdf": make_pdf("Lost")}
    )
    kept, lost = item.attachments.order_by("sort_order")
    assert found(missing_attachment_files) == []
    default_storage.delete(lost.file.name)  # the disk lost it (a restore without media)
    result = found(missing_attachment_files)
    assert keys(result) == {("missing_file", f"attachment:{lost.pk}")}
    assert result[0].params == {"name": "丢失.pdf"}
    assert result[0].fix_url == f"/staff/catalog/items/{item.pk}/"
    assert kept.file.name != lost.file.name


# --- 发布日期、索引号 -----------------------------------------------------------------------------


def test_public_items_without_index_number_or_dated_in_the_future_are_found(county):
    clean(county)
    a = county["a"]
    moved = a.publish("news.work", days_ago(3), title="旧网站迁移的信息")
    # Data moved in by hand from an old site can have an empty 索引号 (the database only
    # refuses NULL); nothing in Gongkai writes one.
    Item.objects.filter(pk=moved.pk).update(index_number="")
    future = a.publish("news.work", TODAY + dt.timedelta(days=365), title="日期写错的信息")
    result = found(items_without_metadata)
    by_key = {f.key: f for f in result}
    assert set(by_key) == {f"item:{moved.pk}:no_index_number", f"item:{future.pk}:future_date"}
    assert by_key[f"item:{moved.pk}:no_index_number"].severity == Severity.DEDUCTION
    assert by_key[f"item:{future.pk}:future_date"].severity == Severity.VETO
    assert describe("metadata", {"what": "no_index_number"}) == "该信息已公开，但没有索引号。"


def test_published_items_with_date_and_index_number_are_not_flagged(county):
    clean(county)
    assert found(items_without_metadata) == []


# --- runs -------------------------------------------------------------------------------------


def test_two_ticks_on_one_day_make_one_run(county):
    clean(county, days_ago(20))
    call_command("tick", "--only", "supervision.selfcheck", "--now", at(TODAY, 1).isoformat())
    call_command("tick", "--only", "supervision.selfcheck", "--now", at(TODAY, 9).isoformat())
    assert SelfCheckRun.objects.filter(trigger=RunTrigger.SCHEDULED).count() == 1
    run = SelfCheckRun.objects.get()
    assert run.run_on == TODAY and run.agency is None and run.new_count == run.open_count > 0
    assert Event.objects.filter(action="selfcheck.run").count() == 1


def test_a_finding_keeps_its_first_seen_date_and_becomes_resolved_when_fixed(county):
    clean(county, skip_a=("news.work",))
    a = county["a"]
    stale = a.categories["news.work"]
    a.publish("news.work", days_ago(15))
    selfcheck_run(actor=None, now=at(TODAY, 2), trigger=RunTrigger.SCHEDULED)
    first = Finding.objects.get(rule=Rule.NEWS_STALE, key=f"category:{stale.pk}")
    assert first.first_seen_on == TODAY and first.is_open
    assert open_findings_count(a.agency) == 1

    tomorrow = TODAY + dt.timedelta(days=1)
    selfcheck_run(actor=None, now=at(tomorrow, 2), trigger=RunTrigger.SCHEDULED)
    first.refresh_from_db()
    assert (first.first_seen_on, first.last_seen_on, first.resolved_on) == (TODAY, tomorrow, None)
    assert first.params["days"] == 16

    a.publish("news.work", tomorrow)  # the column is updated
    later = tomorrow + dt.timedelta(days=1)
    outcome = selfcheck_run(actor=None, now=at(later, 2), trigger=RunTrigger.SCHEDULED)
    first.refresh_from_db()
    assert first.resolved_on == later
    assert outcome.resolved == [first] and outcome.run.resolved_count == 1
    assert open_findings_count(a.agency) == 0
    # It comes back as a new finding with a new first-seen date if it happens again.
    far = later + dt.timedelta(days=20)
    selfcheck_run(actor=None, now=at(far, 2), trigger=RunTrigger.SCHEDULED)
    again = Finding.objects.filter(key=f"category:{stale.pk}", resolved_on__isnull=True).get()
    assert again.pk != first.pk and again.first_seen_on == far


def test_the_office_gets_one_summary_mail_per_run_with_new_findings(
    county, django_capture_on_commit_callbacks
):
    clean(county, skip_a=("news.work",))
    a = county["a"]
    a.publish("news.work", days_ago(15), title="甲局召开专题工作会议")
    # Another county's office hears only of its own county (whose bureau never published).
    other = AgencyFactory(name="另一县人民政府")
    staff(Role.DISCLOSURE_OFFICE, other, email="other@example.cn")
    with_callbacks = django_capture_on_commit_callbacks
    with with_callbacks(execute=True):
        call_command("tick", "--only", "supervision.selfcheck", "--now", at(TODAY).isoformat())
    assert sorted(m.to[0] for m in mail.outbox) == ["gkb@example.cn", "other@example.cn"]
    message = next(m for m in mail.outbox if m.to == ["gkb@example.cn"])
    assert message.subject == "网站自查：发现新问题（1个）"
    assert "新发现问题1个" in message.body
    assert "测试县甲局（1）" in message.body
    assert "部门动态 › 工作动态" in message.body
    assert "[动态类栏目不更新 · 扣分]" in message.body
    assert f"/staff/catalog/agencies/{a.agency.credit_code}/categories/" in message.body
    assert "/staff/supervision/selfcheck/" in message.body
    assert "另一县" not in message.body
    elsewhere = next(m for m in mail.outbox if m.to == ["other@example.cn"])
    assert "另一县人民政府（1）" in elsewhere.body and "甲局" not in elsewhere.body
    # The same findings the next day: nothing new, no mail; the tick again: no run at all.
    with with_callbacks(execute=True):
        call_command("tick", "--only", "supervision.selfcheck", "--now", at(TODAY).isoformat())
        tomorrow = at(TODAY + dt.timedelta(days=1))
        call_command("tick", "--only", "supervision.selfcheck", "--now", tomorrow.isoformat())
    assert len(mail.outbox) == 2
    assert SelfCheckRun.objects.count() == 2


def test_a_manual_run_for_one_agency_leaves_the_others_alone(county):
    clean(county, days_ago(20))
    a, b = county["a"], county["b"]
    selfcheck_run(actor=None, now=at(TODAY), trigger=RunTrigger.SCHEDULED)
    assert open_findings_count(b.agency) > 0
    b.publish("news.work", TODAY)
    a.publish("news.work", TODAY)
    outcome = selfcheck_run(actor=a.admin, agency=a.agency, now=at(TODAY, 15))
    assert outcome.run.trigger == RunTrigger.MANUAL and outcome.run.started_by == a.admin
    assert {f.agency_id for f in outcome.resolved} == {a.agency.pk}
    assert open_findings_count(b.agency) > 0  # resolved only by a run that covers it


def test_only_the_office_and_agency_admins_may_run_the_check(county):
    from django.core.exceptions import PermissionDenied

    a, b = county["a"], county["b"]
    with pytest.raises(PermissionDenied):
        selfcheck_run(actor=a.reviewer, agency=a.agency)
    with pytest.raises(PermissionDenied):
        selfcheck_run(actor=a.admin, agency=b.agency)
    with pytest.raises(PermissionDenied):
        selfcheck_run(actor=a.admin, agency=None)
    selfcheck_run(actor=county["office"], agency=b.agency)
    selfcheck_run(actor=county["office"], agency=None)  # the office of the top agency
    assert SelfCheckRun.objects.count() == 2


# --- demo -----------------------------------------------------------------------------------


def test_the_demo_plants_its_three_problems_and_runs_the_check_once():
    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency
    from gongkai.core.demo import BUILDERS
    from gongkai.core.demo.county import build_county
    from gongkai.supervision.demo_selfcheck import build_selfcheck

    assert BUILDERS[-1] is build_selfcheck  # after everything it checks
    build_county()
    admin = User.objects.get(username="admin")
    for agency in Agency.objects.all():
        catalog_create_from_template(actor=None, agency=agency)
    # The catalog demo withdraws some notices; one is enough here.
    finance = Agency.objects.get(name="蓝湾县财政局")
    notices = Category.objects.get(agency=finance, code="news.notices")
    old = item_create(
        actor=admin,
        agency=finance,
        category=notices,
        title="关于旧事项的通知",
        body_html="<p>旧事项。</p>",
    )
    item_submit(actor=admin, item=old)
    item_approve(actor=admin, item=old)
    item_withdraw(actor=admin, item=old, reason="已过时")

    result = build_selfcheck()
    assert result.created and result.findings > 0
    transport = Agency.objects.get(name="蓝湾县交通运输局")
    health = Agency.objects.get(name="蓝湾县卫生健康局")
    education = Agency.objects.get(name="蓝湾县教育局")
    open_ = Finding.objects.filter(resolved_on__isnull=True)
    stale = open_.get(agency=transport, rule=Rule.NEWS_STALE, object_label__endswith="项目建设进展")
    assert stale.params["days"] == 37
    assert open_.filter(
        agency=health, rule=Rule.COLUMN_EMPTY, object_label__endswith="家庭医生签约服务"
    ).exists()
    link = open_.get(agency=education, rule=Rule.BROKEN_LINK)
    assert link.params == {"url": f"/items/{old.pk}/", "reason": "item_withdrawn"}
    assert SelfCheckRun.objects.count() == 1

    again = build_selfcheck()
    assert not again.created
    assert SelfCheckRun.objects.count() == 1
    assert Item.objects.filter(import_key__isnull=False, title__contains="补充通知").count() == 1
