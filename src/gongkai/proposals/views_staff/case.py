"""The page of one proposal and its steps.

Each step is a small POST form to ``<pk>/do/<action>/`` calling exactly one service; on
success the view redirects back to the page with a message, a refused step re-renders the
page with the service's words beside the form as the user filled it in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.models import Role, User
from gongkai.accounts.permissions import can
from gongkai.core.staff_views import staff_view
from gongkai.proposals import forms as f
from gongkai.proposals.models import (
    OPEN_STATUSES,
    CoHandling,
    Proposal,
    ProposalStatus,
    Reply,
)
from gongkai.proposals.permissions import (
    can_approve,
    can_handle,
    can_register,
    can_send_opinion,
)
from gongkai.proposals.services import (
    can_reopen,
    cohandling_opinion_send,
    feedback_record,
    proposal_assign,
    proposal_close,
    proposal_edit,
    proposal_publish,
    proposal_reopen,
    proposal_unpublish,
    reply_approve,
    reply_draft,
    reply_return,
    reply_send,
)
from gongkai.proposals.services.publication import SENT

from .common import apply_errors, get_proposal


def _handlers(proposal: Proposal):
    return (
        User.objects.filter(is_active=True, roles__role=Role.HANDLER, roles__agency=proposal.agency)
        .distinct()
        .order_by("full_name", "username")
    )


def _current(proposal: Proposal) -> Reply | None:
    return next((r for r in proposal.replies.all() if r.round == proposal.round), None)


@dataclass(frozen=True)
class Action:
    form: Callable  # (proposal, data, files, prefix) -> Form
    run: Callable  # (user, proposal, cleaned data) -> None
    done: str  # success message (msgid)
    initial: Callable | None = None  # (proposal, today) -> dict


def _plain(form_class):
    return lambda proposal, data, files, prefix, initial: form_class(
        data, prefix=prefix, initial=initial
    )


def _today_for(*names):
    return lambda proposal, today: {name: today for name in names}


def _draft_initial(proposal, today):
    reply = _current(proposal)
    if reply is None:
        return {}
    return {
        "category": reply.category,
        "text": reply.text,
        "public_interest": reply.public_interest,
    }


ACTIONS: dict[str, Action] = {
    "assign": Action(
        form=lambda proposal, data, files, prefix, initial: f.AssignForm(
            data, prefix=prefix, initial=initial, handlers=_handlers(proposal)
        ),
        run=lambda user, proposal, d: proposal_assign(
            actor=user, proposal=proposal, handler=d["handler"]
        ),
        done=gettext_noop("The proposal was assigned."),
        initial=lambda proposal, today: {"handler": proposal.handler_id},
    ),
    "draft": Action(
        form=_plain(f.DraftForm),
        run=lambda user, proposal, d: reply_draft(actor=user, proposal=proposal, **d),
        done=gettext_noop("The reply was drafted; a leader signs it off."),
        initial=_draft_initial,
    ),
    "approve": Action(
        form=_plain(f.ApproveForm),
        run=lambda user, proposal, d: reply_approve(
            actor=user, proposal=proposal, publish=d["publish"]
        ),
        done=gettext_noop("The reply was signed off."),
        initial=lambda proposal, today: {
            "publish": bool(getattr(_current(proposal), "public_interest", False))
        },
    ),
    "return": Action(
        form=_plain(f.CommentForm),
        run=lambda user, proposal, d: reply_return(
            actor=user, proposal=proposal, comment=d["comment"]
        ),
        done=gettext_noop("The draft was returned to the handler."),
    ),
    "send": Action(
        form=lambda proposal, data, files, prefix, initial: f.SendForm(
            data, files, prefix=prefix, initial=initial
        ),
        run=lambda user, proposal, d: reply_send(
            actor=user, proposal=proposal, replied_on=d["replied_on"], document=d["document"]
        ),
        done=gettext_noop("The reply was recorded as sent."),
        initial=_today_for("replied_on"),
    ),
    "feedback": Action(
        form=_plain(f.FeedbackForm),
        run=lambda user, proposal, d: feedback_record(actor=user, proposal=proposal, **d),
        done=gettext_noop("The feedback was recorded."),
        initial=_today_for("received_on"),
    ),
    "reopen": Action(
        form=_plain(f.ReopenForm),
        run=lambda user, proposal, d: proposal_reopen(
            actor=user, proposal=proposal, deadline=d["deadline"]
        ),
        done=gettext_noop("The proposal is handled again."),
    ),
    "close": Action(
        form=_plain(f.CloseForm),
        run=lambda user, proposal, d: proposal_close(
            actor=user, proposal=proposal, closed_on=d["closed_on"]
        ),
        done=gettext_noop("The proposal was closed."),
        initial=_today_for("closed_on"),
    ),
    "publish": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, proposal, d: proposal_publish(actor=user, proposal=proposal),
        done=gettext_noop("The reply was published."),
    ),
    "unpublish": Action(
        form=_plain(f.ReasonForm),
        run=lambda user, proposal, d: proposal_unpublish(
            actor=user, proposal=proposal, reason=d["reason"]
        ),
        done=gettext_noop("The publication was withdrawn."),
    ),
}


def available(user, proposal: Proposal) -> dict[str, bool]:
    """Which step forms the page shows (the services check again when one is used)."""
    status = proposal.status
    register, handle, approve = (
        can_register(user, proposal),
        can_handle(user, proposal),
        can_approve(user, proposal),
    )
    return {
        "edit": register and status in OPEN_STATUSES,
        "assign": register and status in OPEN_STATUSES,
        "draft": handle and status in (ProposalStatus.ASSIGNED, ProposalStatus.DRAFTED),
        "approve": approve and status == ProposalStatus.DRAFTED,
        "return": approve and status == ProposalStatus.DRAFTED,
        "send": handle and status == ProposalStatus.APPROVED,
        "feedback": (handle or register) and status == ProposalStatus.REPLIED,
        "reopen": register and can_reopen(proposal),
        "close": (register or handle)
        and status in (ProposalStatus.REPLIED, ProposalStatus.FEEDBACK),
        "publish": approve and status in SENT and proposal.published_on is None,
        "unpublish": approve and proposal.published_on is not None,
    }


def _load(pk: int) -> Proposal:
    return (
        Proposal.objects.select_related("agency", "handler", "registered_by")
        .prefetch_related(
            "delegates",
            Prefetch(
                "cohandlings",
                queryset=CoHandling.objects.select_related("agency", "opinion_by"),
            ),
            Prefetch(
                "replies",
                queryset=Reply.objects.select_related("drafted_by", "approved_by", "sent_by"),
            ),
        )
        .get(pk=pk)
    )


def _form(name: str, proposal: Proposal, today, data=None, files=None):
    action = ACTIONS[name]
    initial = action.initial(proposal, today) if action.initial else {}
    return action.form(proposal, data, files, name, initial)


def _render(request, proposal: Proposal, *, bound: dict | None = None, status: int = 200):
    proposal = _load(proposal.pk)
    today = timezone.localdate()
    allowed = available(request.user, proposal)
    forms = {}
    for name in ACTIONS:
        if allowed.get(name):
            forms[name] = (bound or {}).get(name) or _form(name, proposal, today)
    opinion_forms = []
    for cohandling in proposal.cohandlings.all():
        may = (
            can_send_opinion(request.user, cohandling)
            and proposal.round == 1
            and proposal.status in (ProposalStatus.REGISTERED, ProposalStatus.ASSIGNED)
        )
        if may:
            form = (bound or {}).get(f"opinion-{cohandling.pk}") or f.OpinionForm(
                prefix=f"opinion-{cohandling.pk}",
                initial={"opinion": cohandling.opinion, "sent_on": today},
            )
            opinion_forms.append((cohandling, form))
    return render(
        request,
        "proposals/staff/detail.html",
        {
            "p": proposal,
            "today": today,
            "late": proposal.status in OPEN_STATUSES and proposal.deadline < today,
            "forms": forms,
            "opinion_forms": opinion_forms,
            "allowed": allowed,
            "lead": next((d for d in proposal.delegates.all() if d.lead), None),
            "cosigners": [d for d in proposal.delegates.all() if not d.lead],
        },
        status=status,
    )


@staff_view
@require_GET
def proposal_detail(request, pk: int):
    return _render(request, get_proposal(request, pk))


@staff_view
@require_POST
def proposal_action(request, pk: int, action: str):
    proposal = get_proposal(request, pk)
    if action not in ACTIONS:
        raise Http404
    if not available(request.user, proposal).get(action):
        # Not possible for this user or in this state: the service would refuse it too.
        if not any(
            can(request.user, a, agency=proposal.agency)
            for a in ("proposal.register", "proposal.handle", "proposal.approve")
        ):
            raise PermissionDenied
    form = _form(action, proposal, timezone.localdate(), request.POST, request.FILES)
    if form.is_valid():
        try:
            ACTIONS[action].run(request.user, proposal, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _(ACTIONS[action].done))
            return redirect(reverse("proposals_staff:detail", args=[proposal.pk]))
    return _render(request, proposal, bound={action: form}, status=400)


@staff_view
@require_POST
def opinion_send(request, pk: int, cohandling_pk: int):
    proposal = get_proposal(request, pk)
    cohandling = get_object_or_404(CoHandling, pk=cohandling_pk, proposal=proposal)
    prefix = f"opinion-{cohandling.pk}"
    form = f.OpinionForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            cohandling_opinion_send(
                actor=request.user,
                cohandling=cohandling,
                opinion=form.cleaned_data["opinion"],
                sent_on=form.cleaned_data["sent_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The co-handling opinion was sent to the lead agency."))
            return redirect("proposals_staff:detail", pk=proposal.pk)
    return _render(request, proposal, bound={prefix: form}, status=400)


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_edit_view(request, pk: int):
    proposal = get_proposal(request, pk)
    if not available(request.user, proposal)["edit"]:
        raise PermissionDenied
    initial = {
        "title": proposal.title,
        "content": proposal.content,
        "delegates": f.delegates_text(proposal.delegates.all()),
        "cohandlers": [c.agency_id for c in proposal.cohandlings.all()],
        "deadline": proposal.deadline,
    }
    form = f.EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            proposal_edit(
                actor=request.user,
                proposal=proposal,
                title=d["title"],
                content=d["content"],
                deadline=d["deadline"],
                delegates=f.parse_delegates(d["delegates"]),
                cohandlers=list(d["cohandlers"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The registration was changed."))
            return redirect("proposals_staff:detail", pk=proposal.pk)
    return render(request, "proposals/staff/edit.html", {"p": proposal, "form": form})


@staff_view
@require_GET
def reply_document(request, pk: int, round: int):
    proposal = get_proposal(request, pk)
    reply = proposal.replies.filter(round=round).first()
    if reply is None or not reply.document:
        raise Http404
    try:
        handle = reply.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = reply.document.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name)
    patch_cache_control(response, private=True, no_store=True)
    return response
