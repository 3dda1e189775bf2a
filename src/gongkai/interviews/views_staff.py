"""Staff screens of interviews: the list, creating and editing an interview with its guests,
the interview's overview with its state buttons and the host's messages.

Thin adapters over ``gongkai.interviews.services``; an interview the user may not see is a
404, a refused step shows the service's message with what the user typed kept in the form.
The moderation queue and the answer console are in ``views_console``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.permissions import agencies_where
from gongkai.agencies.models import Agency, Leader
from gongkai.core.staff_views import staff_view
from gongkai.interviews.figures import figures_for, figures_for_many
from gongkai.interviews.forms_staff import InterviewForm, MessageForm, guest_formset, guests_from
from gongkai.interviews.models import Interview, Status
from gongkai.interviews.permissions import may
from gongkai.interviews.selectors import interviews_visible_to, upcoming_first
from gongkai.interviews.services import (
    host_message_post,
    interview_announce,
    interview_archive,
    interview_create,
    interview_delete,
    interview_edit,
    interview_end,
    interview_start,
)
from gongkai.interviews.services.interviews import EDITABLE


def get_interview(request, pk: int) -> Interview:
    """The interview ``pk`` if the user may see it; 404 otherwise (missing and forbidden
    alike)."""
    interview = interviews_visible_to(request.user).filter(pk=pk).first()
    if interview is None:
        raise Http404
    return interview


def apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@staff_view
def index(request):
    user = request.user
    agencies = agencies_where(user, "interview.view")
    if not agencies.exists():
        raise PermissionDenied
    qs = interviews_visible_to(user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    page = Paginator(upcoming_first(qs), 30).get_page(request.GET.get("page"))
    figures = figures_for_many([i.pk for i in page])
    return render(
        request,
        "interviews/staff/list.html",
        {
            "page": page,
            "rows": [(i, figures[i.pk]) for i in page],
            "status": status,
            "statuses": Status.choices,
            "may_create": agencies_where(user, "interview.manage").exists(),
        },
    )


def _form_page(request, *, agency, form, guests, interview=None, status=200):
    return render(
        request,
        "interviews/staff/form.html",
        {
            "agency": agency,
            "agencies": agencies_where(request.user, "interview.manage").order_by(
                "sort_order", "name"
            ),
            "form": form,
            "guests": guests,
            "interview": interview,
        },
        status=status,
    )


def _leaders(agency: Agency):
    return Leader.objects.filter(agency=agency).order_by("sort_order", "pk")


def _facts(form) -> dict:
    data = form.cleaned_data
    return {
        "topic": data["topic"],
        "summary": data["summary"],
        "host": data["host"],
        "scheduled_start": data["scheduled_start"],
        "scheduled_end": data["scheduled_end"],
        "image": data.get("image") or None,
    }


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    """A new draft; ``?agency=<pk>`` chooses among the agencies the user manages."""
    manageable = agencies_where(request.user, "interview.manage").order_by("sort_order", "name")
    chosen = request.GET.get("agency", "")
    agency = (chosen.isdigit() and manageable.filter(pk=int(chosen)).first()) or manageable.first()
    if agency is None:
        raise PermissionDenied
    if request.method != "POST":
        return _form_page(
            request,
            agency=agency,
            form=InterviewForm(),
            guests=guest_formset(leaders=_leaders(agency)),
        )
    form = InterviewForm(request.POST, request.FILES)
    guests = guest_formset(request.POST, leaders=_leaders(agency))
    if form.is_valid() and guests.is_valid():
        try:
            interview = interview_create(
                actor=request.user, agency=agency, guests=guests_from(guests), **_facts(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The interview has been saved as a draft."))
            return redirect("interviews_staff:detail", pk=interview.pk)
    return _form_page(request, agency=agency, form=form, guests=guests, status=400)


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk: int):
    interview = get_interview(request, pk)
    if not may(request.user, "interview.manage", interview):
        raise PermissionDenied
    if interview.status not in EDITABLE:
        messages.error(
            request,
            _(
                "This interview can no longer be edited: only a draft or an announced interview can."
            ),
        )
        return redirect("interviews_staff:detail", pk=interview.pk)
    leaders = _leaders(interview.agency)
    has_image = bool(interview.image)
    if request.method != "POST":
        initial = {
            "topic": interview.topic,
            "summary": interview.summary,
            "host": interview.host,
            "scheduled_start": interview.scheduled_start,
            "scheduled_end": interview.scheduled_end,
        }
        return _form_page(
            request,
            agency=interview.agency,
            interview=interview,
            form=InterviewForm(initial=initial, has_image=has_image),
            guests=guest_formset(leaders=leaders, guests=list(interview.guests.all())),
        )
    form = InterviewForm(request.POST, request.FILES, has_image=has_image)
    guests = guest_formset(request.POST, leaders=leaders)
    if form.is_valid() and guests.is_valid():
        try:
            interview_edit(
                actor=request.user,
                interview=interview,
                guests=guests_from(guests),
                remove_image=form.cleaned_data.get("remove_image", False),
                **_facts(form),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The interview has been saved."))
            return redirect("interviews_staff:detail", pk=interview.pk)
    return _form_page(
        request, agency=interview.agency, interview=interview, form=form, guests=guests, status=400
    )


def detail_context(request, interview: Interview, **extra) -> dict:
    user = request.user
    may_manage = may(user, "interview.manage", interview)
    return {
        "interview": interview,
        "guests": list(interview.guests.all()),
        "figures": figures_for(interview.pk),
        "host_messages": list(interview.messages.order_by("seq")),
        "may_manage": may_manage,
        "may_moderate": may(user, "interview.moderate", interview),
        "may_answer": may(user, "interview.answer", interview),
        "message_form": extra.pop("message_form", None) or MessageForm(),
        "errors": extra.pop("errors", []),
        "tab": "overview",
        **extra,
    }


@staff_view
def detail(request, pk: int):
    interview = get_interview(request, pk)
    return render(request, "interviews/staff/detail.html", detail_context(request, interview))


STEPS = {
    "announce": (
        interview_announce,
        _("The interview has been announced: it is public and takes questions."),
    ),
    "start": (interview_start, _("The interview is live.")),
    "end": (
        interview_end,
        _("The interview has ended. Answer the remaining questions, then archive it."),
    ),
    "archive": (interview_archive, _("The interview has been archived; its transcript is fixed.")),
}


@staff_view
@require_POST
def step(request, pk: int, name: str):
    """One of the state buttons: announce, start, end, archive, or delete a draft."""
    interview = get_interview(request, pk)
    if name == "delete":
        try:
            interview_delete(actor=request.user, interview=interview)
        except ValidationError as exc:
            context = detail_context(request, interview, errors=exc.messages)
            return render(request, "interviews/staff/detail.html", context, status=400)
        messages.success(request, _("The draft has been deleted."))
        return redirect("interviews_staff:index")
    if name not in STEPS:
        raise Http404
    service, done = STEPS[name]
    try:
        service(actor=request.user, interview=interview)
    except ValidationError as exc:
        interview.refresh_from_db()
        context = detail_context(request, interview, errors=exc.messages)
        return render(request, "interviews/staff/detail.html", context, status=400)
    messages.success(request, done)
    return redirect("interviews_staff:detail", pk=interview.pk)


@staff_view
@require_POST
def message(request, pk: int):
    """A host message; a refused one comes back with its text kept."""
    interview = get_interview(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            host_message_post(
                actor=request.user, interview=interview, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The message is in the stream."))
            return redirect(reverse("interviews_staff:detail", args=[pk]) + "#messages")
    context = detail_context(request, interview, message_form=form)
    return render(request, "interviews/staff/detail.html", context, status=400)
