"""The list of internal items, drafting, the item's page (which records the read receipt),
posting, withdrawing and the files."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.catalog import files
from gongkai.catalog.privacy import scan
from gongkai.core.staff_views import staff_view
from gongkai.internal import selectors
from gongkai.internal import services as s
from gongkai.internal.forms import (
    AnswerForm,
    ItemForm,
    ListFilterForm,
    QuestionForm,
    WithdrawForm,
)
from gongkai.internal.models import InternalKind, InternalStatus
from gongkai.internal.permissions import can_answer, can_edit, can_post, can_see_reads
from gongkai.internal.services.items import max_attachment_bytes, period_text
from gongkai.internal.spending import (
    spending_year,
    three_public_subtotal,
    year_chart,
    year_table,
)
from gongkai.internal.views.common import apply_errors, get_agency, get_item

PAGE_SIZE = 30


@staff_view
@require_GET
def item_list(request):
    agencies = selectors.staff_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied
    form = ListFilterForm(request.GET or None, agencies=agencies)
    filters = {}
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = {
            "agency": d.get("agency"),
            "kind": d["kind"],
            "year": d["year"],
            "status": d["status"],
            "unread": d["unread"],
        }
    qs = selectors.staff_list(request.user, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    posting = selectors.agencies_for(request.user, "internal.post")
    managing = selectors.agencies_for(request.user, "internal.manage")
    return render(
        request,
        "internal/staff/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "unread": selectors.unread_count(request.user),
            "posting": posting,
            "managing": managing,
            "agencies": agencies,
            "this_year": timezone.localdate().year,
        },
    )


def _read_uploads(form) -> list[tuple[str, bytes]]:
    """The chosen files, each checked by content first; a refused file becomes an error of
    the attachments field and nothing is saved."""
    uploads = []
    for upload in form.cleaned_data.get("attachments") or []:
        content = upload.read()
        try:
            files.check_upload(BytesIO(content), upload.name, max_bytes=max_attachment_bytes())
        except files.RejectedFile as exc:
            form.add_error("attachments", exc.message)
            continue
        uploads.append((upload.name, content))
    return uploads


def _initial_from_query(request) -> dict:
    initial = {}
    kind = request.GET.get("kind")
    if kind in InternalKind.values:
        initial["kind"] = kind
    for name in ("year", "month"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    return initial


@staff_view
@require_http_methods(["GET", "POST"])
def item_create(request):
    posting = selectors.agencies_for(request.user, "internal.post")
    if not posting.exists():
        raise PermissionDenied
    code = request.POST.get("agency") or request.GET.get("agency")
    if code:
        agency = get_agency(code)
        if not can_post(request.user, agency):
            raise PermissionDenied
    elif posting.count() == 1:
        agency = posting.first()
    else:
        return render(request, "internal/staff/choose_agency.html", {"agencies": posting})
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        agency=agency,
        initial=_initial_from_query(request),
    )
    if request.method == "POST" and form.is_valid():
        uploads = _read_uploads(form)
        if not form.errors:
            try:
                with transaction.atomic():
                    item = s.internal_item_create(
                        actor=request.user, agency=agency, **form.service_fields()
                    )
                    for name, content in uploads:
                        s.internal_item_attach(
                            actor=request.user, item=item, content=content, name=name
                        )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                if item.has_table:
                    return redirect("internal_staff:table", pk=item.pk)
                return redirect("internal_staff:detail", pk=item.pk)
    return render(
        request,
        "internal/staff/form.html",
        {"form": form, "agency": agency, "item": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_view
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = get_item(request, pk)
    if not can_edit(request.user, item) or item.status != InternalStatus.DRAFT:
        raise PermissionDenied
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        agency=item.agency,
        initial=ItemForm.initial_for(item),
    )
    if request.method == "POST" and form.is_valid():
        uploads = _read_uploads(form)
        if not form.errors:
            try:
                with transaction.atomic():
                    s.internal_item_update(actor=request.user, item=item, **form.service_fields())
                    for name, content in uploads:
                        s.internal_item_attach(
                            actor=request.user, item=item, content=content, name=name
                        )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("internal_staff:detail", pk=item.pk)
    return render(
        request,
        "internal/staff/form.html",
        {"form": form, "agency": item.agency, "item": item},
        status=400 if form.is_bound and form.errors else 200,
    )


def _render_detail(request, item, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    user = request.user
    posted = item.status == InternalStatus.POSTED
    questions = list(item.questions.select_related("asked_by", "answered_by"))
    answering = can_answer(user, item)
    answer_forms = (
        {
            q.pk: bound.get(("answer", q.pk))
            or AnswerForm(initial={"answer": q.answer}, prefix=f"q{q.pk}")
            for q in questions
        }
        if answering
        else {}
    )
    context = {
        "item": item,
        "rows": list(item.rows.all()),
        "attachments": list(item.attachments.defer("content")),
        "questions": [(q, answer_forms.get(q.pk)) for q in questions],
        "question_form": bound.get("question") or (QuestionForm() if posted else None),
        "withdraw_form": bound.get("withdraw") or WithdrawForm(),
        "editable": can_edit(user, item),
        "sees_reads": can_see_reads(user, item),
        "post_error": bound.get("post"),
        "period": period_text(item.year, item.month),
        "findings": scan({_("Text"): item.body_text})
        if item.status == InternalStatus.DRAFT
        else [],
    }
    if context["sees_reads"]:
        context["read_count"] = item.receipts.count()
    if item.kind == InternalKind.SPENDING and posted:
        figures = spending_year(user, item.agency, item.year)
        context["chart"] = year_chart(figures)
        context["year_table"] = year_table(figures)
        context["year_figures"] = figures
    if item.kind == InternalKind.SPENDING:
        context["subtotal"] = three_public_subtotal(context["rows"])
    return render(request, "internal/staff/detail.html", context, status=status)


@staff_view
@require_GET
def item_detail(request, pk: int):
    item = get_item(request, pk)
    s.internal_item_read(actor=request.user, item=item)
    return _render_detail(request, item)


@staff_view
@require_POST
def item_action(request, pk: int, action: str):
    item = get_item(request, pk)
    if action not in ("post", "withdraw"):
        raise Http404
    if not can_edit(request.user, item):
        raise PermissionDenied
    if action == "post":
        try:
            s.internal_item_post(actor=request.user, item=item)
        except ValidationError as exc:
            return _render_detail(
                request, get_item(request, pk), bound={"post": exc.messages}, status=400
            )
        messages.success(request, _("The item is posted for the staff."))
        return redirect("internal_staff:detail", pk=item.pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            s.internal_item_withdraw(
                actor=request.user, item=item, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The item is withdrawn."))
            return redirect("internal_staff:detail", pk=item.pk)
    return _render_detail(request, item, bound={"withdraw": form}, status=400)


@staff_view
@require_POST
def question_ask(request, pk: int):
    item = get_item(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            s.question_ask(actor=request.user, item=item, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your question was sent to the poster."))
            return redirect(f"{item_url(item)}#questions")
    return _render_detail(request, item, bound={"question": form}, status=400)


@staff_view
@require_POST
def question_answer(request, pk: int, question_pk: int):
    item = get_item(request, pk)
    question = item.questions.filter(pk=question_pk).first()
    if question is None:
        raise Http404
    if not can_answer(request.user, item):
        raise PermissionDenied
    form = AnswerForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            s.question_answer(
                actor=request.user, question=question, text=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect(f"{item_url(item)}#question-{question.pk}")
    return _render_detail(request, item, bound={("answer", question.pk): form}, status=400)


def item_url(item) -> str:
    return reverse("internal_staff:detail", args=[item.pk])


@staff_view
@require_GET
def attachment_download(request, pk: int, attachment_pk: int):
    item = get_item(request, pk)
    attachment = item.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    kind = files.KINDS.get(attachment.kind)
    response = HttpResponse(
        bytes(attachment.content),
        content_type=kind.mime if kind else "application/octet-stream",
    )
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    item = get_item(request, pk)
    attachment = item.attachments.filter(pk=attachment_pk).defer("content").first()
    if attachment is None:
        raise Http404
    try:
        s.internal_item_detach(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("internal_staff:detail", pk=item.pk)
