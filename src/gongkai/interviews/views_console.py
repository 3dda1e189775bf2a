"""The working screens during and after an interview: the moderation queue, the guests'
answer console, and the small JSON both poll (``queue``) so that new questions appear without
a reload while whatever a moderator or guest is typing stays where it is (the script adds and
removes rows by key and never replaces a row that is still there).

Question steps are plain forms that post and come back; a refused step shows the service's
message on the same screen with the text kept. A question's contact is shown on its own page,
one question at a time, and every look is audited.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from gongkai.catalog.privacy import scan
from gongkai.core.staff_views import staff_view
from gongkai.interviews.figures import figures_for
from gongkai.interviews.forms_staff import AnswerForm, CorrectForm, RejectForm
from gongkai.interviews.models import Answer, Interview, Question, QuestionStatus
from gongkai.interviews.permissions import may, may_see_contact
from gongkai.interviews.services import (
    answer_correct,
    question_answer,
    question_approve,
    question_contact_reveal,
    question_reject,
)
from gongkai.interviews.views_staff import get_interview

ANSWERED_SHOWN = 50


def _question(interview: Interview, qid: int) -> Question:
    question = interview.questions.filter(pk=qid).select_related("interview__agency").first()
    if question is None:
        raise Http404
    return question


def _pending(interview: Interview) -> list[Question]:
    questions = list(
        interview.questions.filter(status=QuestionStatus.PENDING).order_by("submitted_at", "pk")
    )
    for q in questions:
        q.findings = scan({"text": q.text, "nickname": q.nickname})
    return questions


def _waiting(interview: Interview, forms: dict | None = None) -> list[Question]:
    """Approved questions without an answer, each with its answer form (the one given in
    ``forms`` after a refusal, else an empty one; ids unique per question)."""
    forms = forms or {}
    guests = interview.guests.all()
    questions = list(
        interview.questions.filter(status=QuestionStatus.APPROVED, answer__isnull=True).order_by(
            "seq", "pk"
        )
    )
    for q in questions:
        q.form = forms.get(q.pk) or AnswerForm(guests=guests, auto_id=f"id_q{q.pk}_%s")
    return questions


def _answered(interview: Interview, forms: dict | None = None) -> list[Question]:
    """The latest answered questions, newest first, each with its correction form."""
    forms = forms or {}
    questions = list(
        interview.questions.filter(answer__isnull=False)
        .select_related("answer__guest")
        .order_by("-answer__seq")[:ANSWERED_SHOWN]
    )
    for q in questions:
        q.correct_form = forms.get(f"c{q.pk}") or CorrectForm(
            initial={"text": q.answer.text}, auto_id=f"id_c{q.pk}_%s"
        )
    return questions


def _console_context(request, interview: Interview, tab: str, **extra) -> dict:
    user = request.user
    guests = list(interview.guests.all())
    return {
        "interview": interview,
        "guests": guests,
        "figures": figures_for(interview.pk),
        "tab": tab,
        "may_manage": may(user, "interview.manage", interview),
        "may_moderate": may(user, "interview.moderate", interview),
        "may_answer": may(user, "interview.answer", interview),
        "may_see_contact": may_see_contact(user, interview),
        "errors": extra.pop("errors", []),
        **extra,
    }


def _moderate_page(request, interview, status=200, **extra):
    context = _console_context(request, interview, "moderate", pending=_pending(interview), **extra)
    return render(request, "interviews/staff/moderate.html", context, status=status)


def _answer_page(request, interview, status=200, forms=None, **extra):
    context = _console_context(
        request,
        interview,
        "answer",
        waiting=_waiting(interview, forms),
        answered=_answered(interview, forms),
        **extra,
    )
    return render(request, "interviews/staff/answer.html", context, status=status)


@staff_view
def moderate(request, pk: int):
    return _moderate_page(request, get_interview(request, pk))


@staff_view
def answers(request, pk: int):
    return _answer_page(request, get_interview(request, pk))


@never_cache
@staff_view
@require_safe
def queue(request, pk: int):
    """``?since=<version>``: the rows of the moderation queue, the waiting questions and the
    answered ones, each rendered, when the interview changed since then; else just the
    version."""
    interview = get_interview(request, pk)
    try:
        since = int(request.GET.get("since", "-1"))
    except ValueError:
        since = -1
    data: dict = {"v": interview.version, "status": interview.status}
    if since != interview.version:
        context = _console_context(request, interview, "")

        def rows(template: str, questions) -> list[dict]:
            return [
                {
                    "key": f"q-{q.pk}",
                    "html": render_to_string(
                        template, {**context, "q": q}, request=request
                    ).strip(),
                }
                for q in questions
            ]

        data["lists"] = {
            "pending": rows("interviews/staff/_pending_row.html", _pending(interview)),
            "waiting": rows("interviews/staff/_waiting_row.html", _waiting(interview)),
            "answered": rows("interviews/staff/_answered_row.html", _answered(interview)),
        }
        data["figures"] = asdict(context["figures"])
    return HttpResponse(
        json.dumps(data, ensure_ascii=False).encode(), content_type="application/json"
    )


def _back(view: str, pk: int, anchor: str = ""):
    return redirect(reverse(f"interviews_staff:{view}", args=[pk]) + anchor)


@staff_view
@require_POST
def approve(request, pk: int, qid: int):
    interview = get_interview(request, pk)
    question = _question(interview, qid)
    try:
        question_approve(actor=request.user, question=question)
    except ValidationError as exc:
        return _moderate_page(request, interview, status=400, errors=exc.messages)
    return _back("moderate", pk, "#queue")


@staff_view
@require_POST
def reject(request, pk: int, qid: int):
    interview = get_interview(request, pk)
    question = _question(interview, qid)
    form = RejectForm(request.POST)
    form.is_valid()
    try:
        question_reject(
            actor=request.user, question=question, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        return _moderate_page(request, interview, status=400, errors=exc.messages)
    return _back("moderate", pk, "#queue")


@staff_view
@require_POST
def answer(request, pk: int, qid: int):
    """Post a guest's answer; a refused one comes back with its text kept in its form."""
    interview = get_interview(request, pk)
    question = _question(interview, qid)
    if not may(request.user, "interview.answer", interview):
        raise PermissionDenied
    form = AnswerForm(request.POST, guests=interview.guests.all(), auto_id=f"id_q{qid}_%s")
    if form.is_valid():
        try:
            question_answer(
                actor=request.user,
                question=question,
                guest=form.cleaned_data["guest"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The answer is on the public page."))
            return _back("answers", pk, "#waiting")
    return _answer_page(request, interview, status=400, forms={question.pk: form})


@staff_view
@require_POST
def correct(request, pk: int, qid: int):
    interview = get_interview(request, pk)
    question = _question(interview, qid)
    found = Answer.objects.filter(question=question).first()
    if found is None:
        raise Http404
    form = CorrectForm(request.POST, auto_id=f"id_c{qid}_%s")
    if form.is_valid():
        try:
            answer_correct(actor=request.user, answer=found, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return _back("answers", pk, f"#q-{qid}")
    return _answer_page(request, interview, status=400, forms={f"c{question.pk}": form})


@never_cache
@staff_view
@require_POST
def contact(request, pk: int, qid: int):
    """The private contact of one question (audited), on a page of its own that is not kept."""
    interview = get_interview(request, pk)
    question = _question(interview, qid)
    value = question_contact_reveal(actor=request.user, question=question)
    return render(
        request,
        "interviews/staff/contact.html",
        {"interview": interview, "question": question, "contact": value, "tab": "moderate"},
    )
