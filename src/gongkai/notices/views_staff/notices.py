"""Staff screens of notices: the list, creating and changing a draft, its page (submitting,
review: sending back or publishing after the privacy check, the result, closing) and the PDF
preview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.permissions import agencies_where
from gongkai.catalog import privacy
from gongkai.core.staff_views import staff_view
from gongkai.notices import services
from gongkai.notices.display import counting_rule, period_facts
from gongkai.notices.forms_staff import NoticeForm, PublishForm, ResultForm, ReturnForm
from gongkai.notices.models import Kind, Status
from gongkai.notices.printing import notice_pdf
from gongkai.notices.rules import PHASE_LABELS, Phase, phase_of
from gongkai.notices.selectors import notices_visible_to, objection_counts, review_queue
from gongkai.notices.views_public import pdf_response
from gongkai.notices.views_staff.common import actions, apply_errors, detail_url, notice_for

PAGE_SIZE = 30
STATE_FILTERS = tuple(Phase)


@staff_view
@require_GET
def notice_list(request):
    """Every notice the user may see, newest first, with its phase and objection counts;
    ``?state=`` (a phase), ``?agency=``, ``?kind=``."""
    visible = agencies_where(request.user, "notice.view")
    if not visible.exists():
        raise PermissionDenied
    today = timezone.localdate()
    qs = notices_visible_to(request.user)
    state = request.GET.get("state", "")
    published = qs.filter(status=Status.PUBLISHED)
    by_state = {
        Phase.DRAFT: qs.filter(status=Status.DRAFT),
        Phase.SUBMITTED: qs.filter(status=Status.SUBMITTED),
        Phase.UPCOMING: published.filter(starts_on__gt=today),
        Phase.IN_PERIOD: published.filter(starts_on__lte=today, ends_on__gte=today),
        Phase.OVER: published.filter(ends_on__lt=today),
        Phase.RESULT: qs.filter(status=Status.RESULT),
        Phase.CLOSED: qs.filter(status=Status.CLOSED),
    }
    if state in by_state:
        qs = by_state[state]
    else:
        state = ""
    agency = None
    code = request.GET.get("agency", "")
    if code:
        agency = visible.filter(credit_code=code).first()
        if agency is not None:
            qs = qs.filter(agency=agency)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(qs.order_by("-starts_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/staff/list.html",
        {
            "page": page,
            "rows": [(n, PHASE_LABELS[phase_of(n, today)]) for n in page],
            "state": state,
            "states": [(value.value, PHASE_LABELS[value]) for value in STATE_FILTERS],
            "agency": agency,
            "agencies": visible.order_by("sort_order", "name"),
            "kind": kind,
            "kinds": Kind.choices,
            "may_create": agencies_where(request.user, "notice.draft").exists(),
            "to_review": review_queue(request.user).count(),
            "results_due": by_state[Phase.OVER]
            .filter(agency__in=agencies_where(request.user, "notice.objections"))
            .count(),
        },
    )


def _form_page(request, form, *, n=None, status=200):
    return render(request, "notices/staff/form.html", {"form": form, "n": n}, status=status)


@staff_view
@require_http_methods(["GET", "POST"])
def create(request):
    agencies = agencies_where(request.user, "notice.draft")
    if not agencies.exists():
        raise PermissionDenied
    if request.method != "POST":
        initial = {"accepts_online": True, "starts_on": timezone.localdate()}
        if agencies.count() == 1:
            agency = agencies.first()
            initial.update(objection_phone=agency.phone, objection_address=agency.address)
        return _form_page(request, NoticeForm(agencies=agencies, initial=initial))
    form = NoticeForm(request.POST, agencies=agencies)
    if form.is_valid():
        try:
            n = services.notice_create(
                actor=request.user, agency=form.cleaned_data["agency"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(detail_url(n))
    return _form_page(request, form, status=400)


@staff_view
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    n = notice_for(request, pk)
    if not actions(request.user, n, timezone.localdate())["edit"]:
        raise PermissionDenied
    if request.method != "POST":
        return _form_page(request, NoticeForm(notice=n, initial=NoticeForm.initial_for(n)), n=n)
    form = NoticeForm(request.POST, notice=n)
    if form.is_valid():
        try:
            services.notice_update(actor=request.user, notice=n, **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(detail_url(n))
    return _form_page(request, form, n=n, status=400)


def _detail_page(request, n, *, forms=None, status=200):
    today = timezone.localdate()
    allowed = actions(request.user, n, today)
    forms = forms or {}
    context = {
        "n": n,
        "phase_label": PHASE_LABELS[phase_of(n, today)],
        "facts": period_facts(n, today),
        "rule": counting_rule(n.counting),
        "actions": allowed,
        "counts": objection_counts(n),
        "return_form": forms.get("return") or ReturnForm(),
        "publish_form": forms.get("publish") or PublishForm(),
    }
    if allowed["review"]:
        context["findings"] = privacy.scan(services.notice_texts(n))
    if allowed["result"]:
        correcting = n.status == Status.RESULT
        initial = {"outcome": n.outcome, "text": n.result_text} if correcting else {}
        context["result_form"] = forms.get("result") or ResultForm(
            correcting=correcting, initial=initial
        )
    return render(request, "notices/staff/detail.html", context, status=status)


@staff_view
@require_GET
def detail(request, pk: int):
    return _detail_page(request, notice_for(request, pk))


def _done(request, n, message: str):
    messages.success(request, message)
    return redirect(detail_url(n))


@staff_view
@require_POST
def submit(request, pk: int):
    n = notice_for(request, pk)
    try:
        services.notice_submit(actor=request.user, notice=n)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(detail_url(n))
    return _done(request, n, _("The notice has been submitted for review."))


@staff_view
@require_POST
def send_back(request, pk: int):
    n = notice_for(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.notice_return(actor=request.user, notice=n, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _done(request, n, _("The notice has been sent back to its author."))
    return _detail_page(request, n, forms={"return": form}, status=400)


@staff_view
@require_POST
def publish(request, pk: int):
    n = notice_for(request, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        services.notice_publish(
            actor=request.user,
            notice=n,
            confirm_findings=form.cleaned_data.get("confirm_findings", False),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _detail_page(request, n, forms={"publish": form}, status=400)
    return _done(request, n, _("The notice has been published."))


@staff_view
@require_POST
def record_result(request, pk: int):
    n = notice_for(request, pk)
    form = ResultForm(request.POST, correcting=n.status == Status.RESULT)
    if form.is_valid():
        try:
            services.notice_record_result(
                actor=request.user,
                notice=n,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
                correction_reason=form.cleaned_data.get("correction_reason", ""),
                confirm_findings=form.cleaned_data["confirm_findings"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _done(request, n, _("The result has been published."))
    return _detail_page(request, n, forms={"result": form}, status=400)


@staff_view
@require_POST
def close(request, pk: int):
    n = notice_for(request, pk)
    try:
        services.notice_close(actor=request.user, notice=n)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(detail_url(n))
    return _done(request, n, _("The notice has been closed."))


@staff_view
@require_GET
def preview_pdf(request, pk: int):
    """The print version of any notice the user may see (drafts marked as a preview)."""
    n = notice_for(request, pk)
    site = request.build_absolute_uri("/").rstrip("/")
    return pdf_response(notice_pdf(n, today=timezone.localdate(), site_url=site), n)
