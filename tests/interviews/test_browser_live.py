"""A live interview in two real browsers: a citizen asks in one; staff approve and answer; the
other browser, which opened the page before, shows the question and then its answer without
reloading."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from gongkai.applications import captcha
from gongkai.interviews import services
from gongkai.interviews.models import Question, QuestionStatus
from gongkai.interviews.views_public import ASK_CAPTCHA
from tests.interviews.helpers import live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def captcha_answer(page) -> str:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return captcha.pending_answer(SessionStore(session_key=cookie["value"]).load(), ASK_CAPTCHA)


def test_a_question_asked_in_one_browser_appears_answered_in_another(live_server, browser, county):
    interview = live(county)
    detail = f"{live_server.url}/interaction/interviews/{interview.pk}/"
    viewer_context = browser.new_context(locale="zh-CN")
    citizen_context = browser.new_context(locale="zh-CN")
    try:
        viewer = viewer_context.new_page()
        navigations = []
        viewer.on(
            "framenavigated",
            lambda frame: navigations.append(frame.url) if frame == viewer.main_frame else None,
        )
        viewer.goto(detail)
        viewer.evaluate("window.__stillTheSamePage = true")
        assert viewer.locator("#iv-stream-empty").is_visible()

        # A citizen asks in another browser.
        citizen = citizen_context.new_page()
        citizen.goto(f"{detail}ask/")
        citizen.fill("#id_text", "新校区明年秋季能招生吗？")
        citizen.fill("#id_nickname", "一位家长")
        citizen.fill("#id_contact", "13700002468")
        citizen.fill("#id_captcha", captcha_answer(citizen))
        citizen.click("form.ask-form button[type=submit]")
        citizen.wait_for_url(detail)
        assert "您的提问已收到" in citizen.content()
        question = Question.objects.get()
        assert question.status == QuestionStatus.PENDING

        # Not approved yet: the viewer sees nothing of it.
        viewer.wait_for_timeout(2500)
        assert "新校区明年秋季能招生吗" not in viewer.content()

        # The moderator approves: it appears among the waiting questions.
        services.question_approve(actor=county.reviewer_a, question=question)
        viewer.wait_for_selector(f"#iv-waiting #q-{question.pk}", timeout=10_000)
        assert "一位家长" in viewer.inner_text(f"#q-{question.pk}")

        # The guest answers: the question moves to the stream with its answer.
        services.question_answer(
            actor=county.leader_a,
            question=question,
            guest=interview.guests.get(),
            text="新校区计划明年九月投入使用，招生方案将提前公布。",
        )
        viewer.wait_for_selector(f"#iv-stream #q-{question.pk} .iv-answer", timeout=10_000)
        entry = viewer.inner_text(f"#iv-stream #q-{question.pk}")
        assert "新校区明年秋季能招生吗？" in entry and "招生方案将提前公布" in entry
        assert viewer.locator(f"#iv-waiting #q-{question.pk}").count() == 0
        assert viewer.inner_text('[data-figure="answered_live"]').strip() == "1"
        assert "13700002468" not in viewer.content()

        # No reload happened: the page object is the one loaded at the start.
        assert viewer.evaluate("window.__stillTheSamePage === true")
        assert navigations == [detail]
    finally:
        viewer_context.close()
        citizen_context.close()


def test_without_javascript_the_live_page_refreshes_itself(live_server, browser, county):
    interview = live(county)
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/interaction/interviews/{interview.pk}/")
        refresh = page.locator('noscript meta[http-equiv="refresh"], meta[http-equiv="refresh"]')
        assert refresh.count() >= 1
        assert page.locator("a", has_text="刷新页面").count() == 1
    finally:
        context.close()


def test_public_interview_pages_have_no_axe_violation(live_server, page, phone_page, county):
    from tests.a11y import assert_no_axe_violations

    interview = live(county)
    question = services.question_approve(
        actor=county.reviewer_a,
        question=services.question_submit(interview=interview, text="无障碍检查用的提问？"),
    )
    services.question_answer(
        actor=county.leader_a, question=question, guest=interview.guests.get(), text="答复内容。"
    )
    services.host_message_post(actor=county.officer_a, interview=interview, text="欢迎提问。")
    archived = live(county, topic="已归档的访谈")
    services.interview_end(actor=county.officer_a, interview=archived)
    services.interview_archive(actor=county.officer_a, interview=archived)
    base = f"{live_server.url}/interaction/interviews/"
    for p in (page, phone_page):
        for path in ("", f"{interview.pk}/", f"{interview.pk}/ask/", f"{archived.pk}/"):
            p.goto(base + path)
            assert_no_axe_violations(p)


def test_staff_interview_screens_have_no_axe_violation(live_server, page, county):
    from tests.a11y import assert_no_axe_violations
    from tests.factories import PASSWORD

    interview = live(county)
    services.question_submit(interview=interview, text="待审核的提问内容？", contact="13700001357")
    services.question_approve(
        actor=county.reviewer_a,
        question=services.question_submit(interview=interview, text="待答复的提问内容？"),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", county.officer_a.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    base = f"{live_server.url}/staff/interviews/"
    for path in (
        "",
        "new/",
        f"{interview.pk}/",
        f"{interview.pk}/moderate/",
        f"{interview.pk}/answers/",
    ):
        page.goto(base + path)
        assert page.url == base + path
        assert_no_axe_violations(page)
