"""The figures of an interview, always counted from the records: participants (distinct
viewers, ``Viewer``), questions received, approved (public), rejected, waiting for moderation,
answered live and answered afterwards."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db.models import Count, Q

from gongkai.interviews.models import AnswerPhase, Question, QuestionStatus, Viewer

PUBLIC_FIGURES = ("participants", "questions", "approved", "answered_live", "answered_afterwards")


@dataclass(frozen=True)
class Figures:
    participants: int = 0
    questions: int = 0
    approved: int = 0
    rejected: int = 0
    pending: int = 0
    answered_live: int = 0
    answered_afterwards: int = 0

    @property
    def answered(self) -> int:
        return self.answered_live + self.answered_afterwards

    @property
    def unanswered(self) -> int:
        """Approved questions without an answer."""
        return self.approved - self.answered

    def public(self) -> dict[str, int]:
        """The figures a public page, the poll and the public API show."""
        values = asdict(self)
        return {name: values[name] for name in PUBLIC_FIGURES}


def figures_for_many(interview_ids: Iterable[int]) -> dict[int, Figures]:
    """The figures of several interviews in two queries (missing ids count zero)."""
    ids = list(interview_ids)
    if not ids:
        return {}
    rows = (
        Question.objects.filter(interview_id__in=ids)
        .values("interview_id")
        .annotate(
            questions=Count("pk"),
            approved=Count("pk", filter=Q(status=QuestionStatus.APPROVED)),
            rejected=Count("pk", filter=Q(status=QuestionStatus.REJECTED)),
            pending=Count("pk", filter=Q(status=QuestionStatus.PENDING)),
            answered_live=Count("answer", filter=Q(answer__phase=AnswerPhase.LIVE)),
            answered_afterwards=Count("answer", filter=Q(answer__phase=AnswerPhase.AFTERWARDS)),
        )
        .order_by()
    )
    viewers = dict(
        Viewer.objects.filter(interview_id__in=ids)
        .values("interview_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("interview_id", "n")
    )
    counted = {row.pop("interview_id"): row for row in rows}
    return {pk: Figures(participants=viewers.get(pk, 0), **counted.get(pk, {})) for pk in ids}


def figures_for(interview_id: int) -> Figures:
    return figures_for_many([interview_id])[interview_id]
