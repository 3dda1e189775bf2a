"""Drafting, posting, withdrawing, read receipts, questions and department memberships."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.audit.models import Event
from gongkai.internal.models import (
    InternalAttachment,
    InternalItem,
    InternalKind,
    InternalStatus,
    ReadReceipt,
    StatementRow,
)
from gongkai.internal.permissions import can_view_internal
from gongkai.internal.selectors import read_list, unread_count, workbench
from gongkai.internal.services import (
    internal_item_attach,
    internal_item_create,
    internal_item_post,
    internal_item_read,
    internal_item_set_rows,
    internal_item_update,
    internal_item_withdraw,
    membership_add,
    membership_remove,
    question_answer,
    question_ask,
)
from gongkai.internal.tables import RowData

from .conftest import at, finance_item, text_item

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_statement_gets_its_usual_title_and_needs_its_month(w):
    item = internal_item_create(
        actor=w.a_officer, agency=w.a, kind=InternalKind.FINANCE, year=2026, month=5
    )
    assert item.title == "2026年5月收支情况" and item.status == InternalStatus.DRAFT
    with pytest.raises(ValidationError) as exc:
        internal_item_create(actor=w.a_officer, agency=w.a, kind=InternalKind.FINANCE, year=2026)
    assert "month" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        internal_item_create(
            actor=w.a_officer, agency=w.a, kind=InternalKind.SALARY, year=1999, month=13
        )
    assert {"year", "month"} <= set(exc.value.error_dict)


def test_the_text_is_sanitised(w):
    item = text_item(
        w, post=False, body_html='<p onclick="x()">议定事项</p><script>alert(1)</script>'
    )
    assert item.body_html == "<p>议定事项</p>" and item.body_text == "议定事项"


@pytest.mark.parametrize("who", ["a_reviewer", "a_leader", "a_handler", "b_officer", "office"])
def test_only_the_agencys_officers_and_admin_draft_internal_items(w, who):
    with pytest.raises(PermissionDenied):
        internal_item_create(
            actor=getattr(w, who), agency=w.a, kind=InternalKind.DECISION, year=2026
        )


def test_a_system_administrator_who_does_not_work_there_cannot_post_either(w):
    with pytest.raises(PermissionDenied):
        internal_item_create(actor=w.sysadmin, agency=w.a, kind=InternalKind.DECISION, year=2026)


def test_departments_of_another_agency_are_refused(w):
    with pytest.raises(ValidationError) as exc:
        text_item(w, departments=[w.d_b], post=False)
    assert "departments" in exc.value.error_dict


def test_a_statement_is_posted_with_its_table_only(w):
    item = internal_item_create(
        actor=w.a_officer, agency=w.a, kind=InternalKind.FINANCE, year=2026, month=5
    )
    with pytest.raises(ValidationError, match="表格"):
        internal_item_post(actor=w.a_officer, item=item)
    internal_item_set_rows(
        actor=w.a_officer, item=item, rows=[RowData("一、收入合计", this_month=Decimal("100"))]
    )
    item = internal_item_post(actor=w.a_officer, item=item, now=at("2026-06-05"))
    assert item.status == InternalStatus.POSTED and item.posted_by == w.a_officer
    assert item.posted_at == at("2026-06-05")


def test_a_text_item_needs_text_or_a_file(w):
    item = text_item(w, post=False, body_html="")
    with pytest.raises(ValidationError):
        internal_item_post(actor=w.a_officer, item=item)
    internal_item_attach(actor=w.a_officer, item=item, content=PDF, name="会议纪要.pdf")
    assert internal_item_post(actor=w.a_officer, item=item).is_posted


def test_one_posted_statement_a_month_until_it_is_withdrawn(w):
    first = finance_item(w, month=5)
    second = finance_item(w, month=5, post=False)
    with pytest.raises(ValidationError, match="已发布"):
        internal_item_post(actor=w.a_officer, item=second)
    internal_item_withdraw(actor=w.a_officer, item=first, reason="数字有误，重新发布。")
    assert internal_item_post(actor=w.a_officer, item=second).is_posted
    # the database holds the rule too
    second.refresh_from_db()
    with pytest.raises(IntegrityError), transaction.atomic():
        InternalItem.objects.filter(pk=first.pk).update(status=InternalStatus.POSTED)


def test_a_posted_item_is_not_edited(w):
    item = finance_item(w)
    with pytest.raises(ValidationError):
        internal_item_update(actor=w.a_officer, item=item, title="改过的标题")
    with pytest.raises(ValidationError):
        internal_item_set_rows(actor=w.a_officer, item=item, rows=[RowData("x", this_month=1)])
    with pytest.raises(ValidationError):
        internal_item_attach(actor=w.a_officer, item=item, content=PDF, name="a.pdf")


def test_withdrawing_needs_a_reason(w):
    item = finance_item(w)
    with pytest.raises(ValidationError) as exc:
        internal_item_withdraw(actor=w.a_officer, item=item, reason=" ")
    assert "reason" in exc.value.error_dict
    with pytest.raises(PermissionDenied):
        internal_item_withdraw(actor=w.a_leader, item=item, reason="不需要了")


def test_changing_the_kind_drops_a_table_that_no_longer_fits(w):
    item = finance_item(w, post=False)
    assert item.rows.count() == 5
    internal_item_update(actor=w.a_officer, item=item, kind=InternalKind.SPENDING)
    assert not StatementRow.objects.filter(item=item).exists()


def test_spending_rows_must_name_a_spending_line_once(w):
    item = internal_item_create(
        actor=w.a_officer, agency=w.a, kind=InternalKind.SPENDING, year=2026, month=5
    )
    with pytest.raises(ValidationError, match="办公费"):
        internal_item_set_rows(actor=w.a_officer, item=item, rows=[RowData("办公费", 1)])
    with pytest.raises(ValidationError, match="两次|appears twice"):
        internal_item_set_rows(
            actor=w.a_officer,
            item=item,
            rows=[RowData("差旅费", this_month=1), RowData("国内差旅费", this_month=2)],
        )
    rows = internal_item_set_rows(
        actor=w.a_officer, item=item, rows=[RowData("接待费", this_month=Decimal("1200.5"))]
    )
    assert [(r.category, r.label, r.this_month) for r in rows] == [
        ("reception", "接待费", Decimal("1200.50"))
    ]


def test_files_are_checked_by_content_and_kept_out_of_media(w, settings):
    item = text_item(w, post=False)
    with pytest.raises(ValidationError, match="不是"):
        internal_item_attach(
            actor=w.a_officer, item=item, content=b"MZ\x90\x00not a pdf", name="名单.pdf"
        )
    attachment = internal_item_attach(actor=w.a_officer, item=item, content=PDF, name="名单.pdf")
    assert bytes(InternalAttachment.objects.get(pk=attachment.pk).content) == PDF
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_size_of_a_file_is_limited_by_a_setting(w, settings):
    settings.GONGKAI_INTERNAL_ATTACHMENT_MAX_MB = 0.00001  # about ten bytes
    item = text_item(w, post=False)
    with pytest.raises(ValidationError, match="MB"):
        internal_item_attach(actor=w.a_officer, item=item, content=PDF, name="大文件.pdf")
    assert not item.attachments.exists()


# --- read receipts --------------------------------------------------------------------------


def test_the_first_read_is_recorded_once(w):
    item = finance_item(w, now=at("2026-06-05"))
    assert Event.objects.filter(action="internal.read").count() == 0
    first = internal_item_read(actor=w.a_leader, item=item, now=at("2026-06-06", 9))
    again = internal_item_read(actor=w.a_leader, item=item, now=at("2026-06-08", 9))
    assert first.pk == again.pk and again.read_at == at("2026-06-06", 9)
    assert ReadReceipt.objects.filter(item=item, user=w.a_leader).count() == 1
    assert Event.objects.filter(action="internal.read", object_id=str(item.pk)).count() == 1


def test_reading_is_refused_to_whoever_may_not_read(w):
    item = finance_item(w)
    for user in (w.b_officer, w.office, w.sysadmin):
        with pytest.raises(PermissionDenied):
            internal_item_read(actor=user, item=item)
    assert list(ReadReceipt.objects.values_list("user", flat=True)) == [w.a_officer.pk]


def test_a_draft_earns_no_receipt(w):
    draft = finance_item(w, post=False)
    assert internal_item_read(actor=w.a_admin, item=draft) is None
    assert not ReadReceipt.objects.filter(item=draft).exists()


def test_the_read_list_names_who_read_and_who_has_not(w):
    item = finance_item(w, now=at("2026-06-05"))
    internal_item_read(actor=w.a_leader, item=item, now=at("2026-06-06"))
    internal_item_read(actor=w.a_handler, item=item, now=at("2026-06-07"))
    reads = read_list(item)
    # the poster has read it by posting it
    assert [r.user for r in reads.receipts] == [w.a_officer, w.a_leader, w.a_handler]
    assert set(reads.not_read) == {w.a_admin, w.a_reviewer}
    assert unread_count(w.a_reviewer) == 1 and unread_count(w.a_leader) == 0


def test_the_read_list_of_a_restricted_item_counts_its_members_only(w):
    item = text_item(w, departments=[w.d_budget])
    reads = read_list(item)
    assert [r.user for r in reads.receipts] == [w.a_officer]  # the poster
    assert set(reads.not_read) == {w.a_handler}  # the only member


def test_the_workbench_card_counts_unread_items_and_drafts(w):
    finance_item(w)
    text_item(w, post=False)
    card = workbench(w.a_officer)
    assert (card.unread, card.drafts, card.posts, card.manages) == (0, 1, True, False)
    card = workbench(w.a_handler)
    assert (card.unread, card.drafts, card.posts) == (1, 0, False)
    assert workbench(w.sysadmin) is None


def test_the_audit_trail_names_no_title_or_text(w):
    item = text_item(w, title="关于某同志岗位调整的决定", body_html="<p>调整到综合岗位。</p>")
    internal_item_read(actor=w.a_leader, item=item)
    question_ask(actor=w.a_leader, item=item, text="调整何时执行？")
    events = Event.objects.filter(action__startswith="internal.")
    assert events.filter(object_type="internal.internalitem").count() == 4
    for event in events:
        text = f"{event.object_repr} {event.data}"
        assert "岗位调整" not in text and "综合岗位" not in text and "何时执行" not in text


# --- questions ------------------------------------------------------------------------------


def test_a_reader_asks_and_the_poster_answers(w, django_capture_on_commit_callbacks):
    item = finance_item(w)
    with django_capture_on_commit_callbacks(execute=True):
        question = question_ask(actor=w.a_handler, item=item, text="项目支出进度为何偏慢？")
    assert [m.to for m in mail.outbox] == [["a.officer@example.com"]]
    with pytest.raises(PermissionDenied):
        question_answer(actor=w.a_leader, question=question, text="我来答")
    with django_capture_on_commit_callbacks(execute=True):
        question = question_answer(actor=w.a_officer, question=question, text="信息化项目在验收。")
    assert question.is_answered and question.answered_by == w.a_officer
    assert mail.outbox[-1].to == ["a.handler@example.com"]
    # the agency's admin may answer (or correct the answer) too
    question = question_answer(actor=w.a_admin, question=question, text="下月支付。")
    assert question.answer == "下月支付。"


def test_only_readers_ask_and_only_about_posted_items(w):
    item = text_item(w, departments=[w.d_office])
    with pytest.raises(PermissionDenied):
        question_ask(actor=w.a_handler, item=item, text="这是什么？")
    with pytest.raises(PermissionDenied):
        question_ask(actor=w.b_admin, item=item, text="这是什么？")
    with pytest.raises(ValidationError):
        question_ask(actor=w.a_leader, item=item, text="  ")
    draft = text_item(w, post=False)
    with pytest.raises(ValidationError):
        question_ask(actor=w.a_admin, item=draft, text="何时发布？")


# --- department memberships -----------------------------------------------------------------


def test_memberships_are_kept_by_the_agencys_admin_for_its_own_staff(w):
    with pytest.raises(PermissionDenied):
        membership_add(actor=w.a_officer, department=w.d_office, user=w.a_reviewer)
    with pytest.raises(PermissionDenied):
        membership_add(actor=w.b_admin, department=w.d_office, user=w.a_reviewer)
    with pytest.raises(PermissionDenied):
        membership_add(actor=w.sysadmin, department=w.d_office, user=w.a_reviewer)
    with pytest.raises(ValidationError) as exc:
        membership_add(actor=w.a_admin, department=w.d_office, user=w.b_officer)
    assert "user" in exc.value.error_dict
    with pytest.raises(ValidationError):
        membership_add(actor=w.a_admin, department=w.d_office, user=w.a_leader)  # already


def test_taking_someone_out_of_the_department_ends_the_access(w):
    item = text_item(w, departments=[w.d_office])
    assert can_view_internal(w.a_leader, item)
    membership = w.a_leader.department_memberships.get(department=w.d_office)
    membership_remove(actor=w.a_admin, membership=membership)
    assert not can_view_internal(w.a_leader, item)
