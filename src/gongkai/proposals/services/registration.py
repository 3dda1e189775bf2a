"""Registering a proposal, changing its registration, assigning it, and the co-handling
agencies' opinions (协办意见)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.applications.notify import send_after_commit
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date
from gongkai.proposals import rules
from gongkai.proposals.models import (
    OPEN_STATUSES,
    CoHandling,
    Delegate,
    Proposal,
    ProposalKind,
    ProposalStatus,
)

from ._common import ProposalError, local_today, locked, require

MAX_DELEGATES = 50


def default_deadline(registered_on: dt.date) -> dt.date:
    """registered_on + ``GONGKAI_PROPOSAL_DEFAULT_MONTHS`` (3), on a working day when the
    calendar of that year is entered."""
    from gongkai.applications.services.clock import calendar_for

    return rules.deadline_after(registered_on, rules.default_months(), calendar_for(registered_on))


def _clean_delegates(delegates: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = [
        ((name or "").strip()[:50], (group or "").strip()[:100]) for name, group in delegates
    ]
    cleaned = [(name, group) for name, group in cleaned if name]
    if not cleaned:
        raise ProposalError(
            {"delegates": _("Give at least the lead delegate's name.")}, code="delegates"
        )
    if len(cleaned) > MAX_DELEGATES:
        raise ProposalError(
            {"delegates": _("At most %(n)d delegates can be recorded.") % {"n": MAX_DELEGATES}},
            code="delegates",
        )
    return cleaned


def _clean_cohandlers(lead: Agency, agencies: Iterable[Agency]) -> list[Agency]:
    result: list[Agency] = []
    for agency in agencies:
        if agency.pk == lead.pk:
            raise ProposalError(
                {"cohandlers": _("The lead agency cannot also be a co-handling agency.")},
                code="cohandlers",
            )
        if agency.pk not in {a.pk for a in result}:
            result.append(agency)
    return result


def _check_dates(registered_on: dt.date, deadline: dt.date, today: dt.date) -> None:
    if registered_on > today:
        raise ProposalError(
            {"registered_on": _("The registration date cannot be in the future.")},
            code="registered_on",
        )
    if deadline < registered_on:
        raise ProposalError(
            {"deadline": _("The deadline cannot be before the registration date.")},
            code="deadline",
        )


def _check_number(kind: str, session: str, number: int, exclude: int | None = None) -> None:
    if number < 1:
        raise ProposalError({"number": _("The number must be 1 or more.")}, code="number")
    clash = Proposal.objects.filter(kind=kind, session=session, number=number)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ProposalError(
            {
                "number": _("Number %(number)s of this kind is already registered for %(session)s.")
                % {"number": f"第{number:04d}号", "session": session}
            },
            code="number_taken",
        )


def _write_delegates(proposal: Proposal, delegates: list[tuple[str, str]]) -> None:
    proposal.delegates.all().delete()
    Delegate.objects.bulk_create(
        Delegate(proposal=proposal, name=name, group=group, lead=(i == 0), order=i)
        for i, (name, group) in enumerate(delegates)
    )


@transaction.atomic
def proposal_register(
    *,
    actor,
    kind: str,
    number: int,
    session: str,
    year: int,
    title: str,
    content: str,
    agency: Agency,
    delegates: Sequence[tuple[str, str]],
    cohandlers: Iterable[Agency] = (),
    registered_on: dt.date | None = None,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> Proposal:
    """Register a proposal for its lead agency ``agency`` (``proposal.register`` there: the
    公开办 above it or its 机关管理员). ``delegates`` are (name, 代表团/界别) pairs, the lead
    delegate first. Without ``deadline`` it is ``default_deadline(registered_on)``. Audited as
    ``proposal.register``."""
    require(actor, "proposal.register", agency)
    today = local_today(today)
    registered_on = registered_on or today
    if kind not in ProposalKind.values:
        raise ProposalError({"kind": _("Choose the kind of proposal.")}, code="kind")
    session = (session or "").strip()
    title = (title or "").strip()
    content = (content or "").strip()
    if not session:
        raise ProposalError({"session": _("Give the session.")}, code="session")
    if not title:
        raise ProposalError({"title": _("Give the title.")}, code="title")
    if not content:
        raise ProposalError({"content": _("Give the content of the proposal.")}, code="content")
    if not 2000 <= int(year) <= 2100:
        raise ProposalError({"year": _("Give the year of the session.")}, code="year")
    delegate_rows = _clean_delegates(delegates)
    cohandling = _clean_cohandlers(agency, cohandlers)
    _check_number(kind, session, int(number))
    deadline = deadline or default_deadline(registered_on)
    _check_dates(registered_on, deadline, today)
    proposal = Proposal.objects.create(
        kind=kind,
        number=int(number),
        session=session[:100],
        year=int(year),
        title=title[:300],
        content=content,
        agency=agency,
        registered_on=registered_on,
        deadline=deadline,
        registered_by=actor,
    )
    _write_delegates(proposal, delegate_rows)
    CoHandling.objects.bulk_create(CoHandling(proposal=proposal, agency=a) for a in cohandling)
    record_event(
        actor=actor,
        action="proposal.register",
        obj=proposal,
        data={
            "kind": kind,
            "number": proposal.number,
            "session": proposal.session,
            "cohandlers": [a.pk for a in cohandling],
            "deadline": deadline,
        },
    )
    return proposal


@transaction.atomic
def proposal_edit(
    *,
    actor,
    proposal: Proposal,
    title: str,
    content: str,
    deadline: dt.date,
    delegates: Sequence[tuple[str, str]],
    cohandlers: Iterable[Agency],
) -> Proposal:
    """Correct the registration while the reply has not been sent: title, content, deadline,
    delegates, co-handling agencies (one that has sent its opinion stays)."""
    proposal = locked(proposal)
    require(actor, "proposal.register", proposal.agency)
    if proposal.status not in OPEN_STATUSES:
        raise ProposalError(
            _("The reply has been sent; the registration can no longer be changed."),
            code="bad_transition",
        )
    title, content = (title or "").strip(), (content or "").strip()
    if not title:
        raise ProposalError({"title": _("Give the title.")}, code="title")
    if not content:
        raise ProposalError({"content": _("Give the content of the proposal.")}, code="content")
    delegate_rows = _clean_delegates(delegates)
    wanted = _clean_cohandlers(proposal.agency, cohandlers)
    if deadline < proposal.registered_on:
        raise ProposalError(
            {"deadline": _("The deadline cannot be before the registration date.")},
            code="deadline",
        )
    current = {c.agency_id: c for c in proposal.cohandlings.select_related("agency")}
    wanted_ids = {a.pk for a in wanted}
    for agency_id, cohandling in current.items():
        if agency_id not in wanted_ids and cohandling.opinion_on is not None:
            raise ProposalError(
                {
                    "cohandlers": _(
                        "%(agency)s has already sent its opinion; it stays a co-handling agency."
                    )
                    % {"agency": cohandling.agency.name}
                },
                code="cohandlers",
            )
    before = {
        "title": proposal.title,
        "content": proposal.content,
        "deadline": proposal.deadline,
        "delegates": list(proposal.delegates.values_list("name", "group")),
        "cohandlers": sorted(current),
    }
    CoHandling.objects.filter(proposal=proposal).exclude(agency_id__in=wanted_ids).delete()
    CoHandling.objects.bulk_create(
        CoHandling(proposal=proposal, agency=a) for a in wanted if a.pk not in current
    )
    proposal.title, proposal.content, proposal.deadline = title[:300], content, deadline
    proposal.save(update_fields=["title", "content", "deadline", "updated_at"])
    _write_delegates(proposal, delegate_rows)
    after = {
        "title": proposal.title,
        "content": proposal.content,
        "deadline": deadline,
        "delegates": [list(d) for d in delegate_rows],
        "cohandlers": sorted(wanted_ids),
    }
    changed = sorted(k for k in after if _plain(before[k]) != _plain(after[k]))
    record_event(
        actor=actor,
        action="proposal.edit",
        obj=proposal,
        data={"changed": changed, "deadline": [before["deadline"], deadline]},
    )
    return proposal


def _plain(value):
    if isinstance(value, list):
        return [list(v) if isinstance(v, tuple) else v for v in value]
    return value


def _handler_allowed(handler, proposal: Proposal) -> bool:
    return bool(
        handler is not None
        and handler.is_active
        and can(handler, "proposal.handle", agency=proposal.agency)
    )


@transaction.atomic
def proposal_assign(*, actor, proposal: Proposal, handler) -> Proposal:
    """Give the proposal to a 办理人 of its lead agency (交办), or to another one later. The
    handler is e-mailed after commit. Audited as ``proposal.assign``."""
    proposal = locked(proposal)
    require(actor, "proposal.register", proposal.agency)
    if proposal.status not in OPEN_STATUSES:
        raise ProposalError(
            _("The reply has been sent; the proposal can no longer be assigned."),
            code="bad_transition",
        )
    if not _handler_allowed(handler, proposal):
        raise ProposalError({"handler": _("Choose a handler of the lead agency.")}, code="handler")
    previous = proposal.handler_id
    proposal.handler = handler
    if proposal.status == ProposalStatus.REGISTERED:
        proposal.status = ProposalStatus.ASSIGNED
    proposal.save(update_fields=["handler", "status", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.assign",
        obj=proposal,
        data={"handler": handler.pk, "previous": previous},
    )
    if handler.email and previous != handler.pk:
        values = {
            "proposal": str(proposal),
            "title": proposal.title,
            "deadline": format_cn_date(proposal.deadline),
        }
        send_after_commit(
            to=[handler.email],
            subject=_("Assigned to you: %(proposal)s") % values,
            body=_(
                "%(proposal)s (“%(title)s”) was assigned to you. The reply is due by %(deadline)s."
            )
            % values,
        )
    return proposal


@transaction.atomic
def cohandling_opinion_send(
    *,
    actor,
    cohandling: CoHandling,
    opinion: str,
    sent_on: dt.date | None = None,
    today: dt.date | None = None,
) -> CoHandling:
    """The co-handling agency's opinion (协办意见) to the lead agency, by a 办理人 of the
    co-handling agency, until the lead agency has drafted its reply (it may be sent again to
    replace the earlier one). The lead agency's handler is e-mailed after commit."""
    proposal = locked(cohandling.proposal)
    cohandling = (
        CoHandling.objects.select_for_update().select_related("agency").get(pk=cohandling.pk)
    )
    require(actor, "proposal.handle", cohandling.agency)
    today = local_today(today)
    sent_on = sent_on or today
    if proposal.round != 1 or proposal.status not in (
        ProposalStatus.REGISTERED,
        ProposalStatus.ASSIGNED,
    ):
        raise ProposalError(
            _("The lead agency has drafted its reply; opinions can no longer be sent."),
            code="bad_transition",
        )
    opinion = (opinion or "").strip()
    if not opinion:
        raise ProposalError({"opinion": _("Write the opinion.")}, code="opinion")
    if sent_on > today or sent_on < proposal.registered_on:
        raise ProposalError(
            {"sent_on": _("The date must lie between the registration and today.")},
            code="sent_on",
        )
    replaced = cohandling.opinion_on is not None
    cohandling.opinion, cohandling.opinion_on, cohandling.opinion_by = opinion, sent_on, actor
    cohandling.save(update_fields=["opinion", "opinion_on", "opinion_by"])
    record_event(
        actor=actor,
        action="proposal.cohandling_opinion",
        obj=proposal,
        agency=cohandling.agency,
        data={"cohandling_agency": cohandling.agency_id, "on": sent_on, "replaced": replaced},
    )
    if proposal.handler_id and proposal.handler.email:
        values = {"agency": cohandling.agency.name, "proposal": str(proposal)}
        send_after_commit(
            to=[proposal.handler.email],
            subject=_("Co-handling opinion on %(proposal)s") % values,
            body=_("%(agency)s has sent its co-handling opinion on %(proposal)s.") % values,
        )
    return cohandling
