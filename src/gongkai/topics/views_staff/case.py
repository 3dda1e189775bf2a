"""The page of one topic request and its steps: approve or refuse (审核员), route (公开办),
answer (信息员, 机关管理员). Each step is a POST to ``<pk>/do/<action>/`` calling one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.permissions import agencies_where, can
from gongkai.audit.services import record_event
from gongkai.catalog.models import PUBLIC_CONDITION, Item
from gongkai.catalog.privacy import scan
from gongkai.core.staff_views import staff_view
from gongkai.topics import forms as f
from gongkai.topics.models import AnswerKind, TopicRequest, TopicStatus
from gongkai.topics.permissions import can_route, can_view_topic, mask_mobile, sees_contact
from gongkai.topics.services import topic_answer, topic_approve, topic_reject, topic_route

ACTIONS = ("approve", "reject", "route", "answer")


def get_topic(request, pk: int) -> TopicRequest:
    topic = (
        TopicRequest.objects.select_related("agency", "item", "moderated_by", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if topic is None or not can_view_topic(request.user, topic):
        raise Http404
    return topic


def _route_agencies(user, topic):
    return (
        agencies_where(user, "topic.view")
        .filter(is_active=True)
        .exclude(pk=topic.agency_id)
        .order_by("sort_order", "name")
    )


def available(user, topic: TopicRequest) -> dict[str, bool]:
    moderate = can(user, "topic.moderate", agency=topic.agency)
    answer = can(user, "topic.answer", agency=topic.agency)
    pending = topic.status == TopicStatus.PENDING
    return {
        "approve": moderate and pending,
        "reject": moderate and pending,
        "route": topic.status in (TopicStatus.PENDING, TopicStatus.APPROVED)
        and can_route(user, topic),
        "answer": answer
        and (
            topic.status == TopicStatus.APPROVED
            or (topic.status == TopicStatus.ANSWERED and topic.answer_kind != AnswerKind.PUBLISHED)
        ),
    }


def _make_form(name: str, request, topic: TopicRequest, data=None):
    if name == "approve":
        initial = {"title": topic.title, "description": topic.description, "reason": topic.reason}
        return f.ApproveForm(data, prefix=name, initial=initial)
    if name == "reject":
        return f.RejectForm(data, prefix=name)
    if name == "route":
        return f.RouteForm(data, prefix=name, agencies=_route_agencies(request.user, topic))
    initial = {
        "kind": topic.answer_kind or AnswerKind.WILL_PUBLISH,
        "promised_by": topic.promised_by,
        "text": topic.answer_text,
        "url": topic.url,
        "index_number": topic.item.index_number if topic.item_id and topic.item else "",
    }
    return f.AnswerForm(data, prefix=name, initial=initial)


def _render(request, topic: TopicRequest, *, bound=None, status=200, revealed=False):
    allowed = available(request.user, topic)
    forms = {
        name: (bound or {}).get(name) or _make_form(name, request, topic)
        for name in ACTIONS
        if allowed[name]
    }
    findings = scan(
        {"title": topic.title, "description": topic.description, "reason": topic.reason}
    )
    return render(
        request,
        "topics/staff/detail.html",
        {
            "topic": topic,
            "forms": forms,
            "findings": findings,
            "today": timezone.localdate(),
            "sees_contact": sees_contact(request.user, topic),
            "revealed": revealed,
            "masked_mobile": mask_mobile(topic.mobile),
        },
        status=status,
    )


@staff_view
@require_GET
def topic_detail(request, pk: int):
    return _render(request, get_topic(request, pk))


def _item(index_number: str, form) -> Item | None:
    if not index_number:
        return None
    item = Item.objects.filter(PUBLIC_CONDITION, index_number=index_number.strip()).first()
    if item is None:
        form.add_error("index_number", _("No published information has this index number."))
    return item


def _run(name: str, request, topic: TopicRequest, form) -> None:
    d = form.cleaned_data
    if name == "approve":
        topic_approve(actor=request.user, topic=topic, edits=d)
    elif name == "reject":
        topic_reject(actor=request.user, topic=topic, reason=d["reason"])
    elif name == "route":
        topic_route(actor=request.user, topic=topic, agency=d["agency"])
    else:
        item = _item(d["index_number"], form)
        if form.errors:
            raise ValidationError({})
        topic_answer(
            actor=request.user,
            topic=topic,
            kind=d["kind"],
            text=d["text"],
            promised_by=d["promised_by"],
            item=item,
            url=d["url"],
        )


DONE = {
    "approve": gettext_lazy("The topic is public now."),
    "reject": gettext_lazy("The topic was not accepted."),
    "route": gettext_lazy("The topic was passed to the agency."),
    "answer": gettext_lazy("The answer is public now."),
}


@staff_view
@require_POST
def topic_action(request, pk: int, action: str):
    topic = get_topic(request, pk)
    if action not in ACTIONS:
        raise Http404
    form = _make_form(action, request, topic, request.POST)
    if form.is_valid():
        try:
            _run(action, request, topic, form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            elif exc.messages:
                form.add_error(None, exc)
        else:
            messages.success(request, str(DONE[action]))
            if action == "route" and not can_view_topic(request.user, topic):
                return redirect("topics_staff:list")
            return redirect("topics_staff:detail", pk=topic.pk)
    return _render(request, topic, bound={action: form}, status=400)


@staff_view
@require_POST
def contact_reveal(request, pk: int):
    """Show the proposer's name, mobile number and e-mail once, and record the look."""
    topic = get_topic(request, pk)
    if not sees_contact(request.user, topic):
        raise Http404
    with transaction.atomic():
        record_event(actor=request.user, action="topic.contact_view", obj=topic, data={})
    return _render(request, topic, revealed=True)
