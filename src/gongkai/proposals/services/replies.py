"""The reply of a proposal: drafted by the lead agency's 办理人, signed off (or returned) by a
领导, sent; the delegates' feedback; a second handling after a 不满意; closing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.catalog.files import RejectedFile, check_upload
from gongkai.proposals import rules
from gongkai.proposals.models import (
    MAX_ROUNDS,
    Proposal,
    ProposalStatus,
    Reply,
    ReplyCategory,
    Satisfaction,
)

from ._common import ProposalError, local_today, locked, refresh_index, require, require_any
from .publication import check_publishable

DOCUMENT_KINDS = ("pdf", "ofd", "docx", "doc", "wps")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def current_reply(proposal: Proposal) -> Reply | None:
    return proposal.replies.filter(round=proposal.round).first()


def _bad(message: str) -> ProposalError:
    return ProposalError(message, code="bad_transition")


@transaction.atomic
def reply_draft(
    *,
    actor,
    proposal: Proposal,
    category: str,
    text: str,
    public_interest: bool = False,
    now: dt.datetime | None = None,
) -> Reply:
    """Write (or rewrite, until it is signed off) the reply of the current round, by a 办理人
    of the lead agency. In the first round every co-handling agency must have sent its opinion
    first. Moves the proposal to "reply drafted"."""
    proposal = locked(proposal)
    require(actor, "proposal.handle", proposal.agency)
    now = now or timezone.now()
    if proposal.status not in (ProposalStatus.ASSIGNED, ProposalStatus.DRAFTED):
        if proposal.status == ProposalStatus.REGISTERED:
            raise _bad(_("The proposal has not been assigned to a handler yet."))
        raise _bad(_("The reply has been signed off; it can no longer be changed."))
    if category not in ReplyCategory.values:
        raise ProposalError({"category": _("Choose the category of the reply.")}, code="category")
    text = (text or "").strip()
    if not text:
        raise ProposalError({"text": _("Write the reply.")}, code="text")
    if proposal.round == 1:
        missing = [
            c.agency.name
            for c in proposal.cohandlings.select_related("agency")
            if c.opinion_on is None
        ]
        if missing:
            raise _bad(
                _("These co-handling agencies have not sent their opinions yet: %(agencies)s.")
                % {"agencies": "、".join(missing)}
            )
    reply = current_reply(proposal)
    if reply is None:
        reply = Reply(proposal=proposal, round=proposal.round)
    reply.due_on = proposal.deadline
    reply.category, reply.text, reply.public_interest = category, text, bool(public_interest)
    reply.publish = False
    reply.drafted_by, reply.drafted_at = actor, now
    reply.approved_by, reply.approved_at = None, None
    reply.save()
    proposal.status = ProposalStatus.DRAFTED
    proposal.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.reply_draft",
        obj=proposal,
        data={"round": reply.round, "category": category, "public_interest": bool(public_interest)},
    )
    return reply


@transaction.atomic
def reply_return(*, actor, proposal: Proposal, comment: str) -> Reply:
    """A 领导 sends the draft back to the handler with a comment (back to "being handled")."""
    proposal = locked(proposal)
    require(actor, "proposal.approve", proposal.agency)
    if proposal.status != ProposalStatus.DRAFTED:
        raise _bad(_("There is no drafted reply waiting for sign-off."))
    comment = (comment or "").strip()
    if not comment:
        raise ProposalError({"comment": _("Say what should be changed.")}, code="comment")
    reply = current_reply(proposal)
    reply.return_comment = comment
    reply.save(update_fields=["return_comment"])
    proposal.status = ProposalStatus.ASSIGNED
    proposal.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.reply_return",
        obj=proposal,
        data={"round": reply.round, "comment": comment},
    )
    return reply


@transaction.atomic
def reply_approve(
    *, actor, proposal: Proposal, publish: bool = False, now: dt.datetime | None = None
) -> Reply:
    """A 领导 of the lead agency signs the drafted reply off (签发). With ``publish`` the reply
    will be published when it is sent: only a reply that concerns the public interest, and
    only when the personal-data check finds nothing in the title and the reply text."""
    proposal = locked(proposal)
    require(actor, "proposal.approve", proposal.agency)
    if proposal.status != ProposalStatus.DRAFTED:
        raise _bad(_("There is no drafted reply waiting for sign-off."))
    reply = current_reply(proposal)
    if publish:
        if not reply.public_interest:
            raise ProposalError(
                {
                    "publish": _(
                        "Only a reply that concerns the public interest is published; the "
                        "handler has not marked this one so."
                    )
                },
                code="not_public_interest",
            )
        check_publishable(proposal, [reply])
    reply.publish = bool(publish)
    reply.approved_by, reply.approved_at = actor, now or timezone.now()
    reply.return_comment = ""
    reply.save(update_fields=["publish", "approved_by", "approved_at", "return_comment"])
    proposal.status = ProposalStatus.APPROVED
    proposal.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.reply_approve",
        obj=proposal,
        data={"round": reply.round, "publish": bool(publish)},
    )
    return reply


def _checked_document(upload) -> None:
    try:
        kind = check_upload(upload, upload.name, max_bytes=DOCUMENT_MAX_BYTES)
    except RejectedFile as exc:
        raise ProposalError({"document": exc.message}, code="document") from None
    if kind.code not in DOCUMENT_KINDS:
        raise ProposalError(
            {
                "document": _(
                    "The file “%(name)s” is not accepted here: only PDF, OFD, Word and WPS "
                    "documents are."
                )
                % {"name": upload.name}
            },
            code="document",
        )
    upload.seek(0)


@transaction.atomic
def reply_send(
    *,
    actor,
    proposal: Proposal,
    replied_on: dt.date | None = None,
    document=None,
    today: dt.date | None = None,
) -> Reply:
    """Record that the signed-off reply was sent to the delegates on ``replied_on`` (today by
    default), with the reply document (the signed letter) when given. A reply approved for
    publication is published from this day (and put in the search index)."""
    proposal = locked(proposal)
    require(actor, "proposal.handle", proposal.agency)
    today = local_today(today)
    replied_on = replied_on or today
    if proposal.status != ProposalStatus.APPROVED:
        raise _bad(_("The reply must be signed off by a leader before it is sent."))
    if replied_on > today or replied_on < proposal.registered_on:
        raise ProposalError(
            {"replied_on": _("The date must lie between the registration and today.")},
            code="replied_on",
        )
    reply = current_reply(proposal)
    if document is not None:
        _checked_document(document)
        if reply.document:
            reply.document.delete(save=False)
        reply.document.save(document.name, document, save=False)
    reply.replied_on, reply.sent_by = replied_on, actor
    reply.save()
    proposal.status = ProposalStatus.REPLIED
    fields = ["status", "updated_at"]
    if reply.publish and proposal.published_on is None:
        proposal.published_on = replied_on
        fields.append("published_on")
    proposal.save(update_fields=fields)
    record_event(
        actor=actor,
        action="proposal.reply_send",
        obj=proposal,
        data={
            "round": reply.round,
            "replied_on": replied_on,
            "on_time": reply.on_time,
            "published": reply.publish,
            "document": bool(reply.document),
        },
    )
    refresh_index(proposal)
    return reply


@transaction.atomic
def feedback_record(
    *,
    actor,
    proposal: Proposal,
    satisfaction: str,
    comment: str = "",
    received_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Reply:
    """The delegates' feedback (满意/基本满意/不满意) on the reply just sent, recorded by the lead
    agency (a 办理人, or whoever registers its proposals). A 不满意 needs the reason."""
    proposal = locked(proposal)
    require_any(actor, ("proposal.handle", "proposal.register"), proposal.agency)
    today = local_today(today)
    received_on = received_on or today
    if proposal.status != ProposalStatus.REPLIED:
        raise _bad(_("Feedback is recorded once the reply has been sent, and only once."))
    if satisfaction not in Satisfaction.values:
        raise ProposalError({"satisfaction": _("Choose the feedback.")}, code="satisfaction")
    comment = (comment or "").strip()
    if satisfaction == Satisfaction.NOT_SATISFIED and not comment:
        raise ProposalError(
            {"comment": _("Give the delegates' reasons for not being satisfied.")},
            code="comment",
        )
    reply = current_reply(proposal)
    if received_on > today or received_on < reply.replied_on:
        raise ProposalError(
            {"received_on": _("The date must lie between the reply and today.")},
            code="received_on",
        )
    reply.satisfaction, reply.feedback_comment, reply.feedback_on = (
        satisfaction,
        comment,
        received_on,
    )
    reply.save(update_fields=["satisfaction", "feedback_comment", "feedback_on"])
    proposal.status = ProposalStatus.FEEDBACK
    proposal.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.feedback",
        obj=proposal,
        data={"round": reply.round, "satisfaction": satisfaction, "on": received_on},
    )
    return reply


def can_reopen(proposal: Proposal) -> bool:
    """A 不满意 of the first round may be handled once more."""
    if proposal.status != ProposalStatus.FEEDBACK or proposal.round >= MAX_ROUNDS:
        return False
    reply = current_reply(proposal)
    return reply is not None and reply.satisfaction == Satisfaction.NOT_SATISFIED


@transaction.atomic
def proposal_reopen(
    *,
    actor,
    proposal: Proposal,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> Proposal:
    """Handle a proposal again after a 不满意 (once): a second round with its own deadline
    (``GONGKAI_PROPOSAL_REHANDLE_MONTHS`` from today by default), back with the handler."""
    from gongkai.applications.services.clock import calendar_for

    proposal = locked(proposal)
    require(actor, "proposal.register", proposal.agency)
    today = local_today(today)
    if not can_reopen(proposal):
        if proposal.round >= MAX_ROUNDS:
            raise _bad(_("The proposal has already been handled a second time."))
        raise _bad(_("Only a reply the delegates were not satisfied with can be handled again."))
    deadline = deadline or rules.deadline_after(today, rules.rehandle_months(), calendar_for(today))
    if deadline < today:
        raise ProposalError(
            {"deadline": _("The new deadline cannot be in the past.")}, code="deadline"
        )
    proposal.round += 1
    proposal.deadline = deadline
    proposal.status = ProposalStatus.ASSIGNED if proposal.handler_id else ProposalStatus.REGISTERED
    proposal.save(update_fields=["round", "deadline", "status", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.reopen",
        obj=proposal,
        data={"round": proposal.round, "deadline": deadline},
    )
    return proposal


@transaction.atomic
def proposal_close(
    *,
    actor,
    proposal: Proposal,
    closed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Proposal:
    """Close (办结) a replied proposal, with or without the delegates' feedback."""
    proposal = locked(proposal)
    require_any(actor, ("proposal.register", "proposal.handle"), proposal.agency)
    today = local_today(today)
    closed_on = closed_on or today
    if proposal.status not in (ProposalStatus.REPLIED, ProposalStatus.FEEDBACK):
        raise _bad(_("Only a replied proposal can be closed."))
    reply = current_reply(proposal)
    if closed_on > today or (reply and reply.replied_on and closed_on < reply.replied_on):
        raise ProposalError(
            {"closed_on": _("The date must lie between the reply and today.")},
            code="closed_on",
        )
    proposal.status, proposal.closed_on = ProposalStatus.CLOSED, closed_on
    proposal.save(update_fields=["status", "closed_on", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.close",
        obj=proposal,
        data={"round": proposal.round, "on": closed_on},
    )
    refresh_index(proposal)
    return proposal
