"""The feedback report (采纳情况), prepared after closing: decisions on the comments (one comment,
or several similar ones under one summary) with their reasons, a summary, for a hearing the
record, and the link to the final document in the catalog; then published.

The report's figures are never typed: ``selectors.figures`` counts them from the comments, so
publishing is refused while a comment waits for moderation or a shown comment has no decision.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.catalog.models import Item
from gongkai.solicitation import notify
from gongkai.solicitation.models import (
    Comment,
    CommentStatus,
    Decision,
    FeedbackEntry,
    Kind,
    Solicitation,
    Status,
)
from gongkai.solicitation.search_provider import sync_search
from gongkai.solicitation.selectors import figures
from gongkai.solicitation.services.common import locked, moment, require, require_status


def _preparing(s: Solicitation) -> None:
    require_status(
        s,
        (Status.CLOSED,),
        _("The feedback is prepared after the solicitation has closed and until it is published."),
    )


def _check_entry(s: Solicitation, summary: str, decision: str, reason: str, comments) -> list:
    errors: dict[str, list[str]] = {}
    if not summary:
        errors["summary"] = [_("Sum up the opinion the decision is about.")]
    if decision not in Decision.values:
        errors["decision"] = [_("Choose the decision.")]
    elif decision != Decision.ADOPTED and not reason:
        errors["reason"] = [_("Give the reason why the opinion was not (fully) adopted.")]
    ids = {c.pk if isinstance(c, Comment) else int(c) for c in comments}
    chosen = list(
        Comment.objects.select_for_update().filter(
            pk__in=ids, solicitation=s, status=CommentStatus.APPROVED
        )
    )
    if not ids:
        errors["comments"] = [_("Choose the comments this decision answers.")]
    elif len(chosen) != len(ids):
        errors["comments"] = [_("Only comments of this solicitation that are shown can be chosen.")]
    if errors:
        raise ValidationError(errors)
    return chosen


@transaction.atomic
def entry_save(
    *,
    actor,
    solicitation: Solicitation,
    summary: str,
    decision: str,
    reason: str = "",
    comments: Iterable[Comment | int],
    entry: FeedbackEntry | None = None,
) -> FeedbackEntry:
    """Create or change one decision and the comments it answers. A comment answered by
    another decision is moved here (each comment has one decision)."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    _preparing(s)
    summary, reason = (summary or "").strip(), (reason or "").strip()
    chosen = _check_entry(s, summary, decision, reason, comments)
    created = entry is None
    if created:
        position = s.entries.aggregate(m=Max("sort_order"))["m"] or 0
        entry = FeedbackEntry(solicitation=s, sort_order=position + 1)
    elif entry.solicitation_id != s.pk:
        raise ValidationError(_("This decision belongs to another solicitation."))
    entry.summary, entry.decision, entry.reason = summary, decision, reason
    entry.save()
    ids = [c.pk for c in chosen]
    Comment.objects.filter(entry=entry).exclude(pk__in=ids).update(entry=None)
    Comment.objects.filter(pk__in=ids).update(entry=entry)
    record_event(
        actor=actor,
        action="solicitation.decide",
        obj=s,
        data={
            "entry": entry.pk,
            "created": created,
            "decision": decision,
            "reason": reason,
            "comments": sorted(ids),
        },
    )
    return entry


@transaction.atomic
def entry_delete(*, actor, entry: FeedbackEntry) -> None:
    s = locked(entry.solicitation)
    require(actor, "solicitation.manage", s)
    _preparing(s)
    ids = sorted(entry.comments.values_list("pk", flat=True))
    pk = entry.pk
    entry.delete()  # its comments become undecided (SET_NULL)
    record_event(
        actor=actor,
        action="solicitation.decision_delete",
        obj=s,
        data={"entry": pk, "comments": ids},
    )


def _check_final(item: Item | None) -> None:
    if item is not None and not item.is_public:
        raise ValidationError(
            {"final_item": [_("Choose a document that is published in the catalog.")]}
        )


@transaction.atomic
def feedback_update(
    *,
    actor,
    solicitation: Solicitation,
    summary: str,
    hearing_record: str = "",
    attended_count: int | None = None,
    final_item: Item | None = None,
) -> Solicitation:
    """The report's own text (summary; a hearing's record and attendance) and its final
    document, while the feedback is being prepared."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    _preparing(s)
    _check_final(final_item)
    s.feedback_summary = (summary or "").strip()
    s.hearing_record = (hearing_record or "").strip() if s.kind == Kind.HEARING else ""
    s.attended_count = attended_count if s.kind == Kind.HEARING else None
    s.final_item = final_item
    s.save(
        update_fields=[
            "feedback_summary",
            "hearing_record",
            "attended_count",
            "final_item",
            "updated_at",
        ]
    )
    record_event(
        actor=actor,
        action="solicitation.feedback_update",
        obj=s,
        data={"final_item": final_item.pk if final_item else None, "attended": attended_count},
    )
    return s


@transaction.atomic
def feedback_link_final(
    *, actor, solicitation: Solicitation, final_item: Item | None
) -> Solicitation:
    """Link (or change) the final document, also after the feedback was published: the final
    document is often published later than the feedback."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    require_status(
        s,
        (Status.CLOSED, Status.FEEDBACK_PUBLISHED),
        _("The final document is linked after the solicitation has closed."),
    )
    _check_final(final_item)
    before = s.final_item_id
    s.final_item = final_item
    s.save(update_fields=["final_item", "updated_at"])
    record_event(
        actor=actor,
        action="solicitation.link_final",
        obj=s,
        data={"final_item": [before, final_item.pk if final_item else None]},
    )
    return s


@transaction.atomic
def feedback_publish(*, actor, solicitation: Solicitation, now=None) -> Solicitation:
    """Closed → feedback published: the report appears beside the draft, and commenters who
    left an e-mail address are told (after commit). Refused while any comment waits for
    moderation, any shown comment has no decision, or the summary (for a hearing also the
    record and attendance) is missing."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    _preparing(s)
    now, _today = moment(now)
    counts = figures(s)
    problems: list[str] = []
    if counts.pending:
        problems.append(_("%(n)s comments still wait for moderation.") % {"n": counts.pending})
    if counts.undecided:
        problems.append(_("%(n)s shown comments have no decision yet.") % {"n": counts.undecided})
    if not s.feedback_summary:
        problems.append(_("Write the summary of the feedback."))
    if s.kind == Kind.HEARING:
        if not s.hearing_record:
            problems.append(_("Write the summary of the hearing record."))
        if s.attended_count is None:
            problems.append(_("Enter how many participants attended the hearing."))
    if problems:
        raise ValidationError(problems, code="incomplete")
    s.status = Status.FEEDBACK_PUBLISHED
    s.feedback_published_at = now
    s.save(update_fields=["status", "feedback_published_at", "updated_at"])
    sync_search(s)
    record_event(
        actor=actor,
        action="solicitation.feedback_publish",
        obj=s,
        data={
            "received": counts.received,
            "approved": counts.approved,
            "adopted": counts.adopted,
            "partly_adopted": counts.partly_adopted,
            "not_adopted": counts.not_adopted,
            "final_item": s.final_item_id,
            "notified": notify.feedback_published(s),
        },
    )
    return s
