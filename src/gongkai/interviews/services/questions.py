"""Questions, answers and host messages.

- ``question_submit`` (the public, no account): while the interview is announced or live;
  the nickname must pass the personal-information check (``catalog.privacy.scan``), the
  contact is kept private;
- ``question_approve`` / ``question_reject`` (``interview.moderate``): pending → approved or
  rejected, until the interview is archived; only approved questions are ever public;
- ``question_answer`` (``interview.answer``): an approved question gets one answer from a
  guest of the interview — ``live`` while the interview is live, ``afterwards`` once it has
  ended; ``answer_correct`` fixes the text until the interview is archived;
- ``host_message_post`` (``interview.manage``): an announcement of the host in the stream,
  before or during the event;
- ``question_contact_reveal``: the private contact, for moderators and managers, audited.

Each function locks the interview, writes its audit event in the same transaction and raises
the interview's version (a question's ``seq`` records the version of its last public change).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.catalog.privacy import scan
from gongkai.interviews.models import (
    QUESTIONS_OPEN,
    Answer,
    AnswerPhase,
    Guest,
    HostMessage,
    Interview,
    Question,
    QuestionStatus,
    Status,
)
from gongkai.interviews.permissions import may_see_contact
from gongkai.interviews.services.common import (
    bump_version,
    locked,
    now_or,
    require,
    require_status,
)

TEXT_MIN, TEXT_MAX = 5, 500
ANSWER_MAX = 5000
MESSAGE_MAX = 1000
NICKNAME_MAX = 30
CONTACT_MAX = 100
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")
MODERATION_OPEN = (Status.ANNOUNCED, Status.LIVE, Status.ENDED)
ANSWERING_OPEN = (Status.LIVE, Status.ENDED)
MESSAGES_OPEN = (Status.ANNOUNCED, Status.LIVE)


def clean_question(*, nickname: str, text: str, contact: str) -> dict[str, str]:
    """The question as it will be stored, or a ValidationError naming each wrong field (the
    public form shows the messages next to the fields)."""
    nickname = " ".join((nickname or "").split())
    text = (text or "").strip()
    contact = (contact or "").strip()
    errors: dict[str, str] = {}
    if len(text) < TEXT_MIN:
        errors["text"] = _("Write your question (at least %(n)d characters).") % {"n": TEXT_MIN}
    elif len(text) > TEXT_MAX:
        errors["text"] = _("A question has at most %(n)d characters; this one has %(m)d.") % {
            "n": TEXT_MAX,
            "m": len(text),
        }
    if len(nickname) > NICKNAME_MAX:
        errors["nickname"] = _("A nickname has at most %(n)d characters.") % {"n": NICKNAME_MAX}
    elif nickname and scan({"nickname": nickname}):
        errors["nickname"] = _(
            "This nickname cannot be shown: it looks like personal information (a phone "
            "number, an ID number, an e-mail address) or contains a word that may not be "
            "published. Choose another one or leave it empty."
        )
    if contact:
        if len(contact) > CONTACT_MAX:
            errors["contact"] = _("The contact has at most %(n)d characters.") % {"n": CONTACT_MAX}
        elif "@" in contact:
            try:
                validate_email(contact)
            except ValidationError:
                errors["contact"] = _("This e-mail address is not valid.")
        elif not _PHONE.match(contact):
            errors["contact"] = _("Give a phone number or an e-mail address, or leave this empty.")
    if errors:
        raise ValidationError(errors)
    return {"nickname": nickname, "text": text, "contact": contact}


@transaction.atomic
def question_submit(
    *, interview: Interview, text: str, nickname: str = "", contact: str = "", now=None
) -> Question:
    """A question from the public, pending moderation. Refused unless the interview is
    announced or live. Event ``interview.question_submit`` (without the contact)."""
    interview = locked(interview)
    require_status(
        interview,
        QUESTIONS_OPEN,
        _("This interview is “%(status)s”: it does not take questions now."),
    )
    data = clean_question(nickname=nickname, text=text, contact=contact)
    now = now_or(now)
    version = bump_version(interview)
    question = Question.objects.create(
        interview=interview,
        submitted_at=now,
        asked_live=interview.status == Status.LIVE,
        seq=version,
        **data,
    )
    record_event(
        actor=None,
        action="interview.question_submit",
        obj=question,
        agency=interview.agency,
        data={"interview": interview.pk, "question": question.pk},
    )
    return question


def _locked_question(question: Question) -> tuple[Interview, Question]:
    interview = locked(question.interview)
    question = (
        Question.objects.select_for_update()
        .select_related("interview")
        .get(pk=question.pk, interview=interview)
    )
    question.interview = interview
    return interview, question


def _moderate(*, actor, question: Question, target: str, reason: str, now) -> Question:
    interview, question = _locked_question(question)
    require(actor, "interview.moderate", interview)
    require_status(
        interview,
        MODERATION_OPEN,
        _("This interview is “%(status)s”: its questions can no longer be moderated."),
    )
    if question.status != QuestionStatus.PENDING:
        raise ValidationError(
            _("This question is already “%(status)s”.") % {"status": question.get_status_display()}
        )
    question.status = target
    question.moderated_at = now_or(now)
    question.moderated_by = actor
    question.reject_reason = (reason or "").strip()[:200]
    question.seq = bump_version(interview)
    question.save(update_fields=["status", "moderated_at", "moderated_by", "reject_reason", "seq"])
    verb = "approve" if target == QuestionStatus.APPROVED else "reject"
    record_event(
        actor=actor,
        action=f"interview.question_{verb}",
        obj=question,
        agency=interview.agency,
        data={"interview": interview.pk, "question": question.pk},
    )
    return question


def question_approve(*, actor, question: Question, now: dt.datetime | None = None) -> Question:
    """Pending → approved: the question appears on the public page (waiting for an answer)."""
    with transaction.atomic():
        return _moderate(
            actor=actor, question=question, target=QuestionStatus.APPROVED, reason="", now=now
        )


def question_reject(
    *, actor, question: Question, reason: str = "", now: dt.datetime | None = None
) -> Question:
    """Pending → rejected: the question is never public; ``reason`` stays internal."""
    with transaction.atomic():
        return _moderate(
            actor=actor, question=question, target=QuestionStatus.REJECTED, reason=reason, now=now
        )


def _answer_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    if len(text) > ANSWER_MAX:
        raise ValidationError(
            {"text": _("An answer has at most %(n)d characters.") % {"n": ANSWER_MAX}}
        )
    return text


@transaction.atomic
def question_answer(
    *, actor, question: Question, guest: Guest, text: str, now: dt.datetime | None = None
) -> Answer:
    """The answer of ``guest`` to an approved question: ``live`` while the interview is live,
    ``afterwards`` once it has ended. Event ``interview.answer``."""
    interview, question = _locked_question(question)
    require(actor, "interview.answer", interview)
    require_status(
        interview,
        ANSWERING_OPEN,
        _(
            "This interview is “%(status)s”: questions are answered once it has started and until it is archived."
        ),
    )
    if question.status != QuestionStatus.APPROVED:
        raise ValidationError(_("Only an approved question can be answered."))
    if Answer.objects.filter(question=question).exists():
        raise ValidationError(_("This question has already been answered."))
    if guest.interview_id != interview.pk:
        raise ValidationError({"guest": _("Choose a guest of this interview.")})
    text = _answer_text(text)
    version = bump_version(interview)
    answer = Answer.objects.create(
        question=question,
        guest=guest,
        text=text,
        phase=AnswerPhase.LIVE if interview.status == Status.LIVE else AnswerPhase.AFTERWARDS,
        answered_at=now_or(now),
        entered_by=actor,
        seq=version,
    )
    question.seq = version
    question.save(update_fields=["seq"])
    record_event(
        actor=actor,
        action="interview.answer",
        obj=question,
        agency=interview.agency,
        data={"interview": interview.pk, "question": question.pk, "phase": answer.phase},
    )
    return answer


@transaction.atomic
def answer_correct(*, actor, answer: Answer, text: str, now: dt.datetime | None = None) -> Answer:
    """Correct the text of an answer (a typing slip in the live console) until the interview is
    archived; the answer keeps its place and phase. Event ``interview.answer_correct``."""
    interview, question = _locked_question(answer.question)
    require(actor, "interview.answer", interview)
    require_status(
        interview,
        ANSWERING_OPEN,
        _("This interview is “%(status)s”: its answers can no longer be changed."),
    )
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    text = _answer_text(text)
    if text == answer.text:
        return answer
    answer.text = text
    answer.corrected_at = now_or(now)
    answer.save(update_fields=["text", "corrected_at"])
    question.seq = bump_version(interview)
    question.save(update_fields=["seq"])
    record_event(
        actor=actor,
        action="interview.answer_correct",
        obj=question,
        agency=interview.agency,
        data={"interview": interview.pk, "question": question.pk},
    )
    return answer


@transaction.atomic
def host_message_post(
    *, actor, interview: Interview, text: str, now: dt.datetime | None = None
) -> HostMessage:
    """An announcement of the host (主持人) in the stream, before or during the event.
    Event ``interview.host_message``."""
    interview = locked(interview)
    require(actor, "interview.manage", interview)
    require_status(
        interview,
        MESSAGES_OPEN,
        _("This interview is “%(status)s”: the host speaks before or during the event."),
    )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the message.")})
    if len(text) > MESSAGE_MAX:
        raise ValidationError(
            {"text": _("A message has at most %(n)d characters.") % {"n": MESSAGE_MAX}}
        )
    message = HostMessage.objects.create(
        interview=interview,
        text=text,
        posted_at=now_or(now),
        posted_by=actor,
        seq=bump_version(interview),
    )
    record_event(
        actor=actor,
        action="interview.host_message",
        obj=interview,
        data={"message": message.pk},
    )
    return message


@transaction.atomic
def question_contact_reveal(*, actor, question: Question) -> str:
    """The private contact of a question, for a moderator or manager of the interview's
    agency; every look is the audit event ``interview.contact_view``."""
    interview = question.interview
    if not may_see_contact(actor, interview):
        raise PermissionDenied
    record_event(
        actor=actor,
        action="interview.contact_view",
        obj=question,
        agency=interview.agency,
        data={"interview": interview.pk, "question": question.pk},
    )
    return question.contact
