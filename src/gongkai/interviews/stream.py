"""What of an interview is public, as entries of two lists: the stream (host messages and
answered questions, in the order they were posted) and the approved questions still waiting
for an answer. The live page, the poll, the archived transcript and the public API all read
these entries, so they show the same things; a question that is not approved is never here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from gongkai.interviews.models import HostMessage, Question, QuestionStatus

STREAM = "stream"
WAITING = "waiting"


@dataclass(frozen=True)
class Entry:
    key: str  # the element id on the page: "q-<pk>" or "m-<pk>"
    list: str  # STREAM or WAITING
    position: int  # order within its list
    question: Question | None = None
    message: HostMessage | None = None

    @property
    def answer(self):
        if self.question is None:
            return None
        return getattr(self.question, "answer", None)

    def html(self) -> str:
        return render_to_string("interviews/public/_entry.html", {"entry": self})


def _question_entry(question: Question) -> Entry:
    answer = getattr(question, "answer", None)
    if answer is not None:
        return Entry(f"q-{question.pk}", STREAM, answer.seq, question=question)
    return Entry(f"q-{question.pk}", WAITING, question.seq, question=question)


def public_entries(interview_id: int, *, since: int = 0, upto: int | None = None) -> list[Entry]:
    """Public entries whose public form changed after version ``since`` (up to ``upto``),
    ordered by list position (two queries)."""
    messages = HostMessage.objects.filter(interview_id=interview_id, seq__gt=since)
    questions = Question.objects.filter(
        interview_id=interview_id, status=QuestionStatus.APPROVED, seq__gt=since
    ).select_related("answer__guest")
    if upto is not None:
        messages = messages.filter(seq__lte=upto)
        questions = questions.filter(seq__lte=upto)
    entries = [Entry(f"m-{m.pk}", STREAM, m.seq, message=m) for m in messages]
    entries += [_question_entry(q) for q in questions]
    entries.sort(key=lambda e: (e.position, e.key))
    return entries


def split(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(stream, waiting)."""
    return (
        [e for e in entries if e.list == STREAM],
        [e for e in entries if e.list == WAITING],
    )
