"""A citizen comments on a draft from a phone-width page; after moderation the comment is
shown under the draft, without the name and phone number."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from gongkai.applications import captcha
from gongkai.solicitation import services
from gongkai.solicitation.models import Comment, CommentStatus
from gongkai.solicitation.views_public import COMMENT_CAPTCHA
from tests.solicitation.conftest import open_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def captcha_answer(page, purpose: str) -> str:
    """Read the pending answer from the server-side session, as the server will."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return captcha.pending_answer(SessionStore(session_key=cookie["value"]).load(), purpose)


def test_comment_on_a_phone_and_see_it_after_moderation(live_server, phone_page, county, tmp_path):
    page = phone_page
    s = open_today(county)
    page.goto(f"{live_server.url}{s.get_absolute_url()}")
    assert page.inner_text("h1").strip() == s.title
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("#id_name", "欧阳明月")
    page.fill("#id_phone", "13955556666")
    page.fill("#id_nickname", "城东老住户")
    page.fill("#id_section", "第四条")
    page.fill("#id_text", "建议把分配结果的公开时限缩短为十日，并在乡镇公开栏同步张贴。")
    page.fill("#id_captcha", captcha_answer(page, COMMENT_CAPTCHA))
    page.screenshot(path=str(tmp_path / "comment-form.png"), full_page=True)
    page.click("form.comment-form button[type=submit]")
    page.wait_for_selector(".messages .message")
    assert "已收到" in page.inner_text(".messages")
    assert "建议把分配结果的公开时限" not in page.inner_text("#comments")

    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.name == "欧阳明月"
    services.comment_approve(actor=county.reviewer_a, comment=comment)

    page.reload()
    shown = page.inner_text("#comments")
    assert "建议把分配结果的公开时限缩短为十日" in shown
    assert "城东老住户" in shown and "第四条" in shown
    html = page.content()
    assert "欧阳明月" not in html and "13955556666" not in html
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(tmp_path / "comment-shown.png"), full_page=True)
